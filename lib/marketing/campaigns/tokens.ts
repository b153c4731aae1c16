import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

// Signed tokens of campaign links (pure; unit-tested in tokens.unit.test.ts). A token names a
// campaign member and what it is for: the open pixel (o), a click (c, with the target URL) or the
// unsubscribe link (u). Its HMAC-SHA256 (truncated to 192 bits) is made with a key derived from
// AUTH_SECRET, so a token cannot be forged or altered (another member, another URL) without it, and
// no table of random tokens has to be written per recipient.

export type LinkToken =
  | { kind: 'open' | 'unsubscribe'; memberId: string }
  | { kind: 'click'; memberId: string; url: string };

const KINDS = { open: 'o', click: 'c', unsubscribe: 'u' } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SIG_CHARS = 32; // 24 bytes, base64url

/** The link-signing key: derived from the app secret, never the secret itself (it also signs sessions). */
export function linkKey(secret: string): Buffer {
  return createHmac('sha256', secret).update('lodestar/campaign-links/v1').digest();
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

function sign(key: Buffer, body: string): string {
  return createHmac('sha256', key).update(body).digest('base64url').slice(0, SIG_CHARS);
}

export function signLinkToken(key: Buffer, token: LinkToken): string {
  const body =
    token.kind === 'click' ? `c.${token.memberId}.${b64(token.url)}` : `${KINDS[token.kind]}.${token.memberId}`;
  return `${body}.${sign(key, body)}`;
}

/** The token's content when its signature is right and it is well formed; null otherwise. */
export function verifyLinkToken(key: Buffer, value: string | null | undefined): LinkToken | null {
  if (!value || value.length > 4096) return null;
  const dot = value.lastIndexOf('.');
  if (dot < 0) return null;
  const body = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1));
  const expected = Buffer.from(sign(key, body));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const [kind, memberId, url, ...rest] = body.split('.');
  if (rest.length || !UUID.test(memberId ?? '')) return null;
  if (kind === 'o' && url === undefined) return { kind: 'open', memberId };
  if (kind === 'u' && url === undefined) return { kind: 'unsubscribe', memberId };
  if (kind === 'c' && url) return { kind: 'click', memberId, url: Buffer.from(url, 'base64url').toString('utf8') };
  return null;
}

/** The Message-ID of a member's email, from its send key: a retry of the same claim reuses it. */
export function campaignMessageId(sendKey: string, domain: string): string {
  return `<c.${sendKey}@${domain}>`;
}

/**
 * The holdout group's bucket 0–99 of a customer for a seed: md5(seed || customer id), the first 7
 * hex digits, mod 100. The SQL of the send (holdoutBucketSql) computes the same number.
 */
export function holdoutBucket(seed: string, customerId: string): number {
  return Number.parseInt(createHash('md5').update(`${seed}${customerId}`).digest('hex').slice(0, 7), 16) % 100;
}

// Scanners and prefetchers that fetch every image or link of a message without a person reading it.
const BOT_AGENTS =
  /bot\b|crawler|spider|preview|prefetch|scanner|headless|curl\/|wget\/|python-requests|go-http-client|java\/|okhttp|barracuda|mimecast|proofpoint|symantec|forcepoint|trendmicro|safelinks|slackbot|facebookexternalhit|linkedinbot|skypeuripreview/i;

/** Whether a tracking hit comes from a known prefetcher or scanner (flagged apart, not counted as a person). */
export function isBotRequest(headers: Pick<Headers, 'get'>): boolean {
  const purpose = `${headers.get('purpose') ?? ''} ${headers.get('sec-purpose') ?? ''} ${headers.get('x-moz') ?? ''} ${headers.get('x-purpose') ?? ''}`;
  if (/prefetch|preview/i.test(purpose)) return true;
  const agent = headers.get('user-agent');
  return !agent || BOT_AGENTS.test(agent);
}
