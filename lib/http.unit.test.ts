import type { NextConfig } from 'next';
import { describe, expect, it } from 'vitest';
import {
  bodyExceeds,
  fromOtherOrigin,
  isDecodablePath,
  isSameOrigin,
  MAX_BODY_BYTES,
  malformedBody,
  payloadTooLarge,
  readTextBody,
} from './http';

/** A request whose body arrives in chunks, with no Content-Length (Transfer-Encoding: chunked). */
function chunked(sizes: number[], headers: Record<string, string> = {}): Request {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const n of sizes) controller.enqueue(new Uint8Array(n).fill(97));
      controller.close();
    },
  });
  return new Request('http://app.test/customers', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);
}

describe('request body limits', () => {
  it('MAX_BODY_BYTES is the server-action limit next.config.mjs sets (1 MB)', async () => {
    const configPath = '../next.config.mjs'; // a variable: tsc does not type-check the .mjs file
    const nextConfig: NextConfig = (await import(configPath)).default;
    expect(nextConfig.experimental?.serverActions?.bodySizeLimit).toBe('1mb');
    expect(MAX_BODY_BYTES).toBe(1024 * 1024);
  });

  it('a declared Content-Length over the limit is too large; at the limit it is not', async () => {
    const at = new Request('http://app.test/', { method: 'POST', body: 'x'.repeat(100) });
    expect(await bodyExceeds(at, 100)).toBe(false);
    expect(await bodyExceeds(at, 99)).toBe(true);
  });

  it('a chunked body (no Content-Length) is counted: 3 × 400 kB is over 1 MB, 2 × 400 kB is not', async () => {
    expect(await bodyExceeds(chunked([400_000, 400_000, 400_000]), MAX_BODY_BYTES)).toBe(true);
    const small = chunked([400_000, 400_000]);
    expect(await bodyExceeds(small, MAX_BODY_BYTES)).toBe(false);
    // The check reads a clone: the route still gets the whole body.
    expect((await small.arrayBuffer()).byteLength).toBe(800_000);
  });

  it('readTextBody stops past the limit, declared or chunked', async () => {
    expect(await readTextBody(chunked([10, 10]), 20)).toBe('a'.repeat(20));
    expect(await readTextBody(chunked([10, 11]), 20)).toBe('tooLarge');
    const declared = new Request('http://app.test/', { method: 'POST', body: 'x'.repeat(30) });
    expect(await readTextBody(declared, 20)).toBe('tooLarge');
  });

  it('the 413 answer says what the limit is', async () => {
    const response = payloadTooLarge(MAX_BODY_BYTES);
    expect(response.status).toBe(413);
    expect(await response.text()).toBe('Request body too large: the limit is 1 MB.');
  });
});

describe('same-origin check', () => {
  const post = (headers: Record<string, string>) =>
    new Request('http://127.0.0.1:3000/customers/export', { method: 'POST', headers });

  it('accepts a POST whose Origin names the host it was sent to', () => {
    expect(isSameOrigin(post({ origin: 'http://crm.example.com', host: 'crm.example.com' }))).toBe(true);
    expect(isSameOrigin(post({ origin: 'https://crm.example.com', 'x-forwarded-host': 'crm.example.com' }))).toBe(true);
  });

  it('refuses another origin, a missing or opaque Origin, and cross-site fetch metadata', () => {
    expect(isSameOrigin(post({ origin: 'https://evil.example', host: 'crm.example.com' }))).toBe(false);
    expect(isSameOrigin(post({ host: 'crm.example.com' }))).toBe(false);
    expect(isSameOrigin(post({ origin: 'null', host: 'crm.example.com' }))).toBe(false);
    expect(
      isSameOrigin(post({ origin: 'http://crm.example.com', host: 'crm.example.com', 'sec-fetch-site': 'cross-site' })),
    ).toBe(false);
  });
});

describe('state-changing requests from another origin (proxy.ts refuses them)', () => {
  const post = (headers: Record<string, string>) =>
    new Request('http://127.0.0.1:3000/customers', { method: 'POST', headers });

  it('a POST that names another origin, an opaque one or an unreadable one comes from elsewhere', () => {
    for (const origin of ['https://evil.example', 'null', '', 'not a url', 'http://crm.example.com.evil.example'])
      expect(fromOtherOrigin(post({ origin, host: 'crm.example.com' })), origin).toBe(true);
  });

  it('this app’s own origin does not, nor a request without Origin (no browser sends one of those)', () => {
    expect(fromOtherOrigin(post({ origin: 'http://crm.example.com', host: 'crm.example.com' }))).toBe(false);
    expect(fromOtherOrigin(post({ origin: 'https://crm.example.com', 'x-forwarded-host': 'crm.example.com' }))).toBe(
      false,
    );
    expect(fromOtherOrigin(post({ host: 'crm.example.com' }))).toBe(false);
  });
});

describe('requests Next would answer with a 500', () => {
  it('a path with an escape that is not UTF-8 is not decodable; NUL and Chinese are', () => {
    expect(isDecodablePath('/customers/%FF')).toBe(false);
    expect(isDecodablePath('/customers/%C3%28')).toBe(false);
    expect(isDecodablePath('/customers/%E7%8E%8B')).toBe(true);
    expect(isDecodablePath('/customers/%00')).toBe(true);
  });

  const post = (body: string, headers: Record<string, string>) =>
    new Request('http://app.test/customers', { method: 'POST', body, headers });

  it('a broken multipart envelope is malformed; a well-formed one is not, and stays readable', async () => {
    const good = '--b\r\nContent-Disposition: form-data; name="0"\r\n\r\n[]\r\n--b--\r\n';
    const request = post(good, { 'content-type': 'multipart/form-data; boundary=b' });
    expect(await malformedBody(request)).toBeNull();
    expect((await request.formData()).get('0')).toBe('[]');
    for (const [type, body] of [
      ['multipart/form-data', good],
      ['multipart/form-data; boundary=zz', good],
      ['multipart/form-data; boundary=b', '--b\r\nContent-Disposition: form-data; name="0"\r\n\r\n["'],
      ['multipart/form-data; boundary=b', '--b\r\nContent-Disposition: form-data; name="\0"\r\n\r\nx\r\n--b--\r\n'],
    ])
      expect(await malformedBody(post(body, { 'content-type': type })), `${type} ${body}`).toMatch(/multipart/);
  });

  it('a server-action call must send JSON; other posts are not looked at', async () => {
    const action = { 'next-action': '40abc', 'content-type': 'text/plain;charset=UTF-8' };
    expect(await malformedBody(post('[{"ok":false},"a string"]', action))).toBeNull();
    expect(await malformedBody(post('not json', action))).toMatch(/JSON/);
    expect(await malformedBody(post('not json', { 'content-type': 'text/plain' }))).toBeNull();
  });
});
