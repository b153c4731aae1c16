import { describe, expect, it } from 'vitest';
import { acceptsCrossOriginPost } from './auth/auth.config';
import { contentSecurityPolicy, makeNonce, servedOverHttps } from './security-headers';

const directives = (csp: string) => new Map(csp.split('; ').map((d) => [d.split(' ')[0], d.slice(d.indexOf(' ') + 1)]));

describe('contentSecurityPolicy', () => {
  it('allows scripts by nonce only (plus what they load), and no eval outside development', () => {
    const csp = directives(contentSecurityPolicy({ nonce: 'abc123' }));
    expect(csp.get('script-src')).toBe("'self' 'nonce-abc123' 'strict-dynamic'");
    expect(contentSecurityPolicy({ nonce: 'abc123', dev: true })).toContain(
      "'nonce-abc123' 'strict-dynamic' 'unsafe-eval'",
    );
  });

  it('refuses framing, plugins, foreign <base> and form targets; inline styles only are allowed', () => {
    const csp = directives(contentSecurityPolicy({ nonce: 'n' }));
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect(csp.get('object-src')).toBe("'none'");
    expect(csp.get('base-uri')).toBe("'self'");
    expect(csp.get('form-action')).toBe("'self'");
    expect(csp.get('style-src')).toBe("'self' 'unsafe-inline'");
    for (const fetch of ['default-src', 'img-src', 'font-src', 'connect-src'])
      expect(csp.get(fetch)?.startsWith("'self'")).toBe(true);
  });

  it('upgrades insecure requests only when served over HTTPS', () => {
    expect(contentSecurityPolicy({ nonce: 'n', https: true })).toContain('upgrade-insecure-requests');
    expect(contentSecurityPolicy({ nonce: 'n' })).not.toContain('upgrade-insecure-requests');
  });
});

describe('makeNonce', () => {
  it('is 16 random bytes in base64, different each time', () => {
    const a = makeNonce();
    expect(a).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(makeNonce()).not.toBe(a);
  });
});

describe('static security headers', () => {
  it('deny framing and sniffing, keep referrers on this site and turn off device features', async () => {
    // next.config.mjs is plain JavaScript (Next loads it natively): imported by a path tsc does not resolve.
    const config = '../next.config.mjs';
    const { STATIC_SECURITY_HEADERS } = (await import(/* @vite-ignore */ config)) as {
      STATIC_SECURITY_HEADERS: { key: string; value: string }[];
    };
    const h = Object.fromEntries(STATIC_SECURITY_HEADERS.map(({ key, value }) => [key, value]));
    expect(h).toMatchObject({
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'same-origin',
    });
    for (const feature of ['camera', 'microphone', 'geolocation', 'payment', 'usb'])
      expect(h['Permissions-Policy'].split(', ')).toContain(`${feature}=()`);
  });
});

describe('pages with a token in their address', () => {
  it('send no referrer at all (their entry comes after the global one, so it wins), and their forms may post with Origin: null', async () => {
    const config = '../next.config.mjs';
    const { default: nextConfig } = (await import(/* @vite-ignore */ config)) as {
      default: { headers: () => Promise<{ source: string; headers: { key: string; value: string }[] }[]> };
    };
    const entries = await nextConfig.headers();
    const referrer = (source: string) =>
      entries
        .filter((e) => e.source === source || e.source === '/:path*')
        .flatMap((e) => e.headers)
        .filter((h) => h.key === 'Referrer-Policy')
        .at(-1)?.value;
    expect(referrer('/unsubscribe')).toBe('no-referrer');
    expect(referrer('/csat/:token*')).toBe('no-referrer');
    expect(referrer('/customers')).toBe('same-origin');
    for (const path of ['/api/public/unsubscribe', '/api/public/resubscribe', '/api/public/csat/abc'])
      expect(acceptsCrossOriginPost(path), path).toBe(true);
    for (const path of ['/customers', '/api/public/csat', '/api/public/resubscribe/x', '/login'])
      expect(acceptsCrossOriginPost(path), path).toBe(false);
  });
});

describe('servedOverHttps', () => {
  const proto = (value?: string) => new Headers(value ? { 'x-forwarded-proto': value } : {});
  it('follows AUTH_URL when it is set, whatever the request says', () => {
    expect(servedOverHttps(proto('http'), 'https://crm.example.com')).toBe(true);
    expect(servedOverHttps(proto('https'), 'http://localhost:3000')).toBe(false);
  });
  it('else follows X-Forwarded-Proto (the first value when proxies list several)', () => {
    expect(servedOverHttps(proto('https'), '')).toBe(true);
    expect(servedOverHttps(proto('https, http'), '')).toBe(true);
    expect(servedOverHttps(proto('http'), '')).toBe(false);
    expect(servedOverHttps(proto(), '')).toBe(false);
  });
});
