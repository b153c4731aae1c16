import 'server-only';
import { publicBaseUrl } from '@/lib/service/csat';
import { type LinkToken, linkKey, signLinkToken, verifyLinkToken } from './tokens';

// The public addresses of a member's links (open pixel, click redirect, unsubscribe) and their key.
// Route handlers: app/api/public/c/open, app/api/public/c/click, app/api/public/unsubscribe and the
// page app/unsubscribe.

let cached: { secret: string; key: Buffer } | undefined;

/** The link key from AUTH_SECRET (the same fallback as lib/auth/auth.config.ts outside production). */
function key(): Buffer {
  const secret =
    process.env.AUTH_SECRET ?? (process.env.NODE_ENV === 'production' ? undefined : 'lodestar-development-only-secret');
  if (!secret) throw new Error('AUTH_SECRET is not set: campaign links cannot be signed.');
  if (cached?.secret !== secret) cached = { secret, key: linkKey(secret) };
  return cached.key;
}

export const signToken = (token: LinkToken) => signLinkToken(key(), token);
export const verifyToken = (value: string | null | undefined) => verifyLinkToken(key(), value);

export const OPEN_PATH = '/api/public/c/open';
export const CLICK_PATH = '/api/public/c/click';
/** RFC 8058 one-click POST target (List-Unsubscribe); the page with its button is UNSUBSCRIBE_PAGE. */
export const UNSUBSCRIBE_POST_PATH = '/api/public/unsubscribe';
export const UNSUBSCRIBE_PAGE = '/unsubscribe';
/** The page's "subscribe me again" button (the same token). */
export const RESUBSCRIBE_POST_PATH = '/api/public/resubscribe';

export type MemberLinks = { open: string; click: (url: string) => string; unsubscribePage: string; oneClick: string };

export function memberLinks(memberId: string, base = publicBaseUrl()): MemberLinks {
  const unsubscribe = encodeURIComponent(signToken({ kind: 'unsubscribe', memberId }));
  return {
    open: `${base}${OPEN_PATH}?t=${encodeURIComponent(signToken({ kind: 'open', memberId }))}`,
    click: (url) => `${base}${CLICK_PATH}?t=${encodeURIComponent(signToken({ kind: 'click', memberId, url }))}`,
    unsubscribePage: `${base}${UNSUBSCRIBE_PAGE}?t=${unsubscribe}`,
    oneClick: `${base}${UNSUBSCRIBE_POST_PATH}?t=${unsubscribe}`,
  };
}
