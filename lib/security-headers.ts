/**
 * The security headers of every response. Plain values and functions only: next.config.ts (all
 * responses, static files included) and proxy.ts (the Content-Security-Policy, which needs a fresh
 * nonce per request) both read them.
 */

/** Headers that never change: set on every response by next.config.ts. */
export const STATIC_SECURITY_HEADERS: { key: string; value: string }[] = [
  // No page of the CRM may be framed (clickjacking); CSP frame-ancestors says the same to new browsers.
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  // Links out of the CRM (a customer's website) do not tell the other site even the CRM's host name.
  { key: 'Referrer-Policy', value: 'same-origin' },
  // No window opened from another site keeps a handle on ours, and ours none on theirs.
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  {
    key: 'Permissions-Policy',
    value: [
      'accelerometer=()',
      'browsing-topics=()',
      'camera=()',
      'display-capture=()',
      'geolocation=()',
      'gyroscope=()',
      'hid=()',
      'magnetometer=()',
      'microphone=()',
      'midi=()',
      'payment=()',
      'serial=()',
      'usb=()',
      'xr-spatial-tracking=()',
    ].join(', '),
  },
];

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
