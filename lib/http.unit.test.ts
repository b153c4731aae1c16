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

  // React's client always sends the action's arguments as a list; Next spreads it into the call
  // (`action.apply(null, args)`), which throws "CreateListFromArrayLike called on non-object".
  it('a server-action call whose arguments are JSON but not a list is malformed', async () => {
    const action = { 'next-action': '40abc', 'content-type': 'text/plain;charset=UTF-8' };
    for (const body of ['null', '"x"', '1', 'true', '{}', '"$n1"'])
      expect(await malformedBody(post(body, action)), body).toMatch(/list/);
    for (const body of ['[]', '[null]', '[{"ok":false},"$K1"]'])
      expect(await malformedBody(post(body, action))).toBeNull();
  });

  const multipart = (fields: [string, string][], headers: Record<string, string> = {}) => {
    const b = '----r8Boundary7MA4YWxk';
    const body = `${fields.map(([k, v]) => `--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join('')}--${b}--\r\n`;
    return post(body, { 'content-type': `multipart/form-data; boundary=${b}`, ...headers });
  };

  it('a multipart server-action call needs field 0 to be the argument list', async () => {
    const action = { 'next-action': '40abc' };
    expect(
      await malformedBody(
        multipart(
          [
            ['_1_name', 'x'],
            ['0', '[{"ok":false},"$K1"]'],
          ],
          action,
        ),
      ),
    ).toBeNull();
    for (const root of ['null', '1', '"$u"', '{}', 'not json'])
      expect(
        await malformedBody(
          multipart(
            [
              ['_1_name', 'x'],
              ['0', root],
            ],
            action,
          ),
        ),
        root,
      ).toMatch(/list/);
    expect(await malformedBody(multipart([['_1_name', 'x']], action))).toMatch(/list/);
    // Without the header a multipart post is a plain form (or a page's own form): field 0 is not looked at.
    expect(await malformedBody(multipart([['0', 'null']]))).toBeNull();
  });

  it("a form posted without script must bind a list of arguments, as React's own hidden fields do", async () => {
    const ref = (meta: string, bound?: string): [string, string][] => [
      ['$ACTION_REF_1', ''],
      ['$ACTION_1:0', meta],
      ...(bound === undefined ? [] : ([['$ACTION_1:1', bound]] as [string, string][])),
      ['$ACTION_KEY', 'k1'],
      ['name', 'Acme'],
    ];
    expect(await malformedBody(multipart(ref('{"id":"7f01","bound":"$@1"}', '[{"ok":false}]')))).toBeNull();
    expect(await malformedBody(multipart(ref('{"id":"7f01","bound":null}')))).toBeNull();
    for (const [meta, bound] of [
      ['{"id":"7f01","bound":"$@1"}', 'null'],
      ['{"id":"7f01","bound":"$@1"}', '7'],
      ['{"id":"7f01","bound":"$@1"}', undefined],
      ['{"id":"7f01","bound":"$@2"}', '[]'],
      ['{"id":"7f01","bound":"$Q1"}', '[]'],
      ['null', undefined],
    ] as const)
      expect(await malformedBody(multipart(ref(meta, bound))), `${meta} ${bound}`).toMatch(/list/);
  });
});
