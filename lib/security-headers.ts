/**
 * The Content-Security-Policy of every page, which proxy.ts sets with a fresh nonce per request.
 * The headers that never change (X-Frame-Options, nosniff, Referrer-Policy, Permissions-Policy,
 * COOP) are set on every response, static files included, by next.config.mjs.
 */

/** A fresh, unguessable nonce (128 bits, base64) for one response. */
export function makeNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

/**
 * The Content-Security-Policy of one response.
 *
 * - Scripts: only those carrying this response's nonce (Next.js adds it to its own scripts when it
 *   finds the policy on the request) and what they load ('strict-dynamic'); 'self' is the fallback
 *   for browsers without 'strict-dynamic'. `next dev` also needs 'unsafe-eval' (React's dev tools).
 * - Styles: 'unsafe-inline', a deliberate compromise. Measured with a nonce-only style-src: every
 *   Radix dialog or menu opening was blocked (react-remove-scroll injects a <style> element and
 *   finds no nonce to give it under Turbopack), and nonces can never cover style="…" attributes,
 *   which React writes (the import progress bar; charts to come). Injected CSS could at worst
 *   restyle a page: every request it could make to leak data (img-src, font-src, connect-src)
 *   is limited to this origin, and scripts stay nonce-only.
 * - Nothing may embed the app (frame-ancestors), plugins are off, <base> and form targets stay
 *   on this origin.
 */
export function contentSecurityPolicy({
  nonce,
  dev = false,
  https = false,
}: {
  nonce: string;
  dev?: boolean;
  https?: boolean;
}): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ['upgrade-insecure-requests'] : []),
  ];
  return directives.join('; ');
}

/**
 * Whether the app is served over HTTPS: AUTH_URL's scheme when it is set, else the request's
 * X-Forwarded-Proto (set by the TLS-terminating proxy; Next.js fills in "http" when there is none).
 * Auth.js decides its cookies' `Secure` flag and `__Secure-` prefix the same way. Believing the
 * header is safe even without a trusted proxy: a client that lies only changes its own cookies.
 */
export function servedOverHttps(headers: Headers, authUrl = process.env.AUTH_URL ?? process.env.NEXTAUTH_URL): boolean {
  if (authUrl) return authUrl.trim().toLowerCase().startsWith('https:');
  return headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() === 'https';
}
