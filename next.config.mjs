import createNextIntlPlugin from 'next-intl/plugin';

const withNextIntl = createNextIntlPlugin('./lib/i18n/request.ts');

/** Headers that never change, on every response (static files included); the CSP comes from proxy.ts (lib/security-headers.ts). */
export const STATIC_SECURITY_HEADERS = [
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

/** Pages that carry a signed token in their address (their forms' targets accept `Origin: null`: proxy.ts). */
export const TOKEN_PAGES = ['/unsubscribe', '/csat/:token*'];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite loads its WebAssembly and extension bundles from its package folder; argon2 is native;
  // the password dictionaries (~7 MB) are loaded from node_modules when first needed, not bundled.
  serverExternalPackages: [
    '@electric-sql/pglite',
    '@node-rs/argon2',
    'pg',
    'pg-boss',
    'pg-copy-streams',
    '@zxcvbn-ts/core',
    '@zxcvbn-ts/language-common',
    '@zxcvbn-ts/language-en',
  ],
  poweredByHeader: false,
  // CI (.ci/run) has just type-checked the whole project (`npm run lint` runs tsc) when it builds for
  // the end-to-end tests; checking again here would add a minute. Every other build checks types.
  typescript: { ignoreBuildErrors: process.env.LODESTAR_TYPES_CHECKED === '1' },
  typedRoutes: false,
  async headers() {
    return [
      { source: '/:path*', headers: STATIC_SECURITY_HEADERS },
      // Public pages whose address holds a signed token send no referrer at all (the later entry
      // wins), so no link or resource on them hands the token to anyone, this site included.
      ...TOKEN_PAGES.map((source) => ({ source, headers: [{ key: 'Referrer-Policy', value: 'no-referrer' }] })),
    ];
  },
  experimental: {
    // The largest body a server action accepts (Next's default, stated so it is visible): proxy.ts
    // answers 413 above it (lib/http.ts MAX_BODY_BYTES must match; a unit test checks).
    serverActions: { bodySizeLimit: '1mb' },
  },
};

export default withNextIntl(nextConfig);
