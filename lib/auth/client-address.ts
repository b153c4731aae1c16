/**
 * The client's address for sign-in throttling, from the request headers.
 *
 * Assumption: the app runs behind exactly one reverse proxy (or load balancer) that appends the
 * peer address to X-Forwarded-For, as nginx ($proxy_add_x_forwarded_for), cloud load balancers
 * and Vercel do. Everything left of the last value was sent by the client and may be forged, so
 * only the right-most value is used. X-Real-IP, which such a proxy sets to the peer address, is
 * the fallback. With more trusted hops, or none, this must change: without a proxy both headers
 * come from the client (Next.js only fills X-Forwarded-For when it is absent).
 */
export function clientAddress(headers: Headers): string {
  const forwarded = headers
    .get('x-forwarded-for')
    ?.split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .at(-1);
  return forwarded || headers.get('x-real-ip')?.trim() || 'unknown';
}
