import { peerAddress } from './peer-address';

/** What an address is recorded as when it cannot be known; throttling does not count by it. */
export const UNKNOWN_ADDRESS = 'unknown';

/**
 * How many reverse proxies (load balancers, CDNs) in front of the app may be believed: the
 * `TRUSTED_PROXIES` setting, a whole number, 0 (the default) when clients reach the app directly.
 */
export function trustedProxies(value = process.env.TRUSTED_PROXIES): number {
  const text = value?.trim() ?? '';
  if (text === '') return 0;
  if (!/^\d{1,2}$/.test(text)) throw new Error(`TRUSTED_PROXIES must be a whole number from 0 to 99, not "${value}"`);
  return Number(text);
}

/**
 * The client's address, for sign-in throttling and the session record.
 *
 * Trust model. Each proxy appends the address it was connected from to X-Forwarded-For, so with N
 * trusted proxies the client's address is the N-th value from the right: everything left of it was
 * written by the client (or by proxies we do not run) and may be forged. With N = 0 the header is
 * not read at all and the socket address is used (lib/auth/peer-address.ts: Next.js itself does
 * not expose it). With fewer values than N the request skipped the outer proxies and the left-most
 * value, written by a trusted one, is used. N ≥ 1 assumes the app cannot be reached except through
 * those proxies (otherwise a client could send the header itself).
 */
export function resolveClientAddress(input: {
  forwardedFor: string | null | undefined;
  peer: string | undefined;
  trustedProxies: number;
}): string {
  const peer = input.peer ? normalizeAddress(input.peer) : UNKNOWN_ADDRESS;
  if (input.trustedProxies === 0) return peer;
  const hops = (input.forwardedFor ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  if (hops.length === 0) return peer;
  return normalizeAddress(hops[Math.max(0, hops.length - input.trustedProxies)]);
}

/** "::ffff:192.0.2.1" → "192.0.2.1"; drops a port ("192.0.2.1:5678", "[2001:db8::1]:443"); at most 64 characters. */
export function normalizeAddress(address: string): string {
  let a = address.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed) a = bracketed[1];
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(a);
  if (v4WithPort) a = v4WithPort[1];
  a = a.replace(/^::ffff:(?=\d{1,3}(?:\.\d{1,3}){3}$)/i, '');
  return a.slice(0, 64) || UNKNOWN_ADDRESS;
}

/** The client address of the request being handled (see resolveClientAddress). */
export function clientAddress(headers: Headers): string {
  return resolveClientAddress({
    forwardedFor: headers.get('x-forwarded-for'),
    peer: peerAddress(),
    trustedProxies: trustedProxies(),
  });
}
