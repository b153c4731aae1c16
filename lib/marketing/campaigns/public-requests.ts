import 'server-only';
import { clientAddress } from '@/lib/auth/client-address';
import { LOCALE_COOKIE, pickLocale } from '@/lib/i18n/config';
import en from '@/lib/i18n/messages/en/campaigns.json';
import zh from '@/lib/i18n/messages/zh-CN/campaigns.json';
import { type AddressLimit, overAddressLimit } from '@/lib/public/address-limit';
import { UNSUBSCRIBE_PAGE } from './links';

// What the public endpoints of a campaign email share: their per-address limits
// (lib/public/address-limit.ts, shared by every app server) and the way back to the page. Only requests with a well-signed token are counted: a forged one is refused
// before any database work, so a flood of them costs the database nothing.
//
// The limits are generous on purpose: mailbox providers fetch pixels (Gmail's image proxy) and post
// RFC 8058 one-click unsubscribes from a few shared addresses, so a tight limit would drop real
// opens or, worse, real unsubscribes.

/** Open pixel and click redirect together: over it they still answer (image, redirect) but count nothing. */
export const TRACKING_LIMIT: AddressLimit = { scope: 'track', windowMinutes: 1, max: 300 };
/** Unsubscribe and re-subscribe posts: over it, 429. */
export const UNSUBSCRIBE_LIMIT: AddressLimit = { scope: 'unsub', windowMinutes: 10, max: 60 };

export function overTrackingLimit(request: Request): Promise<boolean> {
  return overAddressLimit(TRACKING_LIMIT, clientAddress(request.headers));
}

/** The 429 of the unsubscribe endpoints, in the visitor's language (cookie, then Accept-Language). */
export async function unsubscribeRateLimited(request: Request): Promise<Response | null> {
  if (!(await overAddressLimit(UNSUBSCRIBE_LIMIT, clientAddress(request.headers)))) return null;
  const cookie = /(?:^|;\s*)([^=;]+)=([^;]*)/g;
  let saved: string | null = null;
  for (const m of (request.headers.get('cookie') ?? '').matchAll(cookie)) if (m[1] === LOCALE_COOKIE) saved = m[2];
  const locale = pickLocale({ cookie: saved, acceptLanguage: request.headers.get('accept-language') });
  const text = (locale === 'zh-CN' ? zh : en).unsubscribe.rateLimited;
  return new Response(text, {
    status: 429,
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-store',
      'Retry-After': String(UNSUBSCRIBE_LIMIT.windowMinutes * 60),
    },
  });
}

/** The 303 from a button of the public page back to it (the address carries the token: no referrer goes on). */
export function backToUnsubscribePage(token: string): Response {
  return new Response(null, {
    status: 303,
    headers: {
      Location: `${UNSUBSCRIBE_PAGE}?t=${encodeURIComponent(token)}`,
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
    },
  });
}
