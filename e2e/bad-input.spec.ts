import fs from 'node:fs';
import { type APIRequestContext, expect, test } from '@playwright/test';
import { storageState } from './helpers';

// Real HTTP statuses from `next start`: what a browser, a crawler or a script sees. A server error
// that happens after the page began streaming would show as a 200 with an error digest in the
// HTML, so bodies are checked for digests too (a numeric data-dgst is a server error; notFound()
// after streaming would be NEXT_HTTP_ERROR_FALLBACK;404 — neither may appear).

const UNKNOWN = '5d0b1f9e-1c1a-4c59-9a3e-5b8f0c2d7e41';

async function expectPage(request: APIRequestContext, url: string, status: number) {
  const response = await request.get(url, { maxRedirects: 0 });
  expect(response.status(), url).toBe(status);
  expect(await response.text(), url).not.toMatch(/data-dgst="/);
}

/** The id of a contact of some customer, read from the 360 pages the admin can open. */
async function someContactId(request: APIRequestContext): Promise<string> {
  const list = await (await request.get('/customers?sort=name&size=25')).text();
  for (const [, id] of list.matchAll(/href="\/customers\/([0-9a-f-]{36})"/g)) {
    const page = await (await request.get(`/customers/${id}`)).text();
    const contact = /href="\/contacts\/([0-9a-f-]{36})\/edit"/.exec(page);
    if (contact) return contact[1];
  }
  throw new Error('no customer with a contact in the first 25');
}

test.describe('[bad input] missing and forbidden records answer 404', () => {
  test.use({ storageState: storageState('admin') });

  test('an unknown or malformed customer id is a 404, shown inside the app shell with its navigation', async ({
    page,
    request,
  }) => {
    await expectPage(request, `/customers/${UNKNOWN}`, 404);
    await expectPage(request, '/customers/not-a-uuid', 404);
    await expectPage(request, `/customers/${UNKNOWN}/edit`, 404);
    await expectPage(request, `/contacts/${UNKNOWN}/edit`, 404);
    await expectPage(request, `/admin/users/${UNKNOWN}`, 404);
    await expectPage(request, '/customers/merge?a=x&b=y', 404);

    const response = await page.goto(`/customers/${UNKNOWN}`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    await expect(page.getByRole('navigation').getByRole('link', { name: 'Customers' })).toBeVisible();
  });

  test('pages and records a role may not open are 404 for that role', async ({ browser, request }) => {
    const contactId = await someContactId(request);
    await expectPage(request, `/contacts/${contactId}/edit`, 200);
    const marketer = await browser.newContext({ storageState: storageState('marketer') });
    await expectPage(marketer.request, `/contacts/${contactId}/edit`, 404);
    await expectPage(marketer.request, '/customers/new', 404);
    await marketer.close();
    const rep = await browser.newContext({ storageState: storageState('rep') });
    await expectPage(rep.request, `/admin/users/${UNKNOWN}`, 404);
    await expectPage(rep.request, '/admin/users', 404);
    await expectPage(rep.request, '/admin/audit', 404);
    await expectPage(rep.request, '/customers/duplicates', 404);
    await rep.close();
  });
});

test.describe('[bad input] NUL, invalid UTF-8 and impossible dates in URLs are dropped, never a 500', () => {
  test.use({ storageState: storageState('admin') });

  test('every list and filter answers 200 without a server error', async ({ request }) => {
    for (const url of [
      '/customers?q=%00',
      '/customers?industry=%00',
      '/customers?tags=%00',
      '/customers?q=%C3%28',
      '/customers?q=%FF',
      '/customers?to=9999-12-31',
      '/customers?from=0000-01-01',
      '/customers?from=2026-02-30&page=1e308&size=%00',
      '/search?q=ab%00cd',
      '/search?q=%FF%FE',
      '/contacts?q=%00&page=%00',
      '/customers/duplicates?reason=%00&days=%00',
      '/admin/audit?entity=%00&action=%FF&to=9999-12-31&from=0000-01-01&before=1e20',
      '/admin/users?q=%00&role=%00',
      `/customers/${UNKNOWN}?before=0000-01-01_${UNKNOWN}`,
    ])
      await expectPage(request, url, url.startsWith(`/customers/${UNKNOWN}`) ? 404 : 200);
    for (const url of [
      '/customers/export?q=%00',
      '/customers/export?to=9999-12-31',
      '/customers/export?from=0000-01-01',
    ]) {
      const response = await request.get(url);
      expect(response.status(), url).toBe(200);
      expect(response.headers()['content-type']).toBe('text/csv; charset=utf-8');
    }
  });

  test('the timeline cursor with a date out of range shows the first page of a real customer', async ({ request }) => {
    const list = await (await request.get('/customers?sort=name&size=25')).text();
    const id = /href="\/customers\/([0-9a-f-]{36})"/.exec(list)![1];
    for (const before of [`0000-01-01_${id}`, `9999-12-31T00:00:00.000Z_${id}`, '%00', 'x_y_z'])
      await expectPage(request, `/customers/${id}?before=${before}&op=1e308`, 200);
  });
});

test.describe('[bad input] request bodies over the limit or malformed', () => {
  test.use({ storageState: storageState('admin') });

  test('a server-action body over 1 MB is a 413 with a message, declared or chunked', async ({ baseURL, request }) => {
    const big = JSON.stringify(['x'.repeat(1_100_000)]);
    const headers = { 'next-action': '40'.padEnd(42, '0'), 'content-type': 'text/plain;charset=UTF-8' };
    const declared = await request.post('/customers', { headers, data: big });
    expect(declared.status()).toBe(413);
    expect(await declared.text()).toBe('Request body too large: the limit is 1 MB.');
    // Without Content-Length (Transfer-Encoding: chunked): the proxy counts the bytes.
    const chunks = new TextEncoder().encode(big);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < chunks.length; at += 64_000) controller.enqueue(chunks.slice(at, at + 64_000));
        controller.close();
      },
    });
    const chunked = await fetch(`${baseURL}/customers`, {
      method: 'POST',
      headers,
      body,
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
  });

  test('what Next itself would answer with a 500 is a 400: a path escape that is not UTF-8, a broken envelope', async ({
    request,
  }) => {
    for (const url of ['/customers/%FF', '/contacts/%C3%28/edit']) {
      const response = await request.get(url);
      expect(response.status(), url).toBe(400);
      expect(await response.text()).toBe('The URL is malformed.');
    }
    const action = { 'next-action': '40'.padEnd(42, '0') };
    const notJson = await request.post('/customers', {
      headers: { ...action, 'content-type': 'text/plain;charset=UTF-8' },
      data: 'not json',
    });
    expect(notJson.status()).toBe(400);
    for (const body of ['--b\r\nContent-Disposition: form-data; name="0"\r\n\r\n["', '--x\r\n\r\nvalue\r\n--x--'])
      expect(
        (
          await request.post('/customers', {
            headers: { ...action, 'content-type': 'multipart/form-data; boundary=b' },
            data: body,
          })
        ).status(),
      ).toBe(400);
  });

  test('a real server action called with arguments that are not a list answers 400, not 500', async ({ request }) => {
    const manifest = JSON.parse(fs.readFileSync('.next/server/server-reference-manifest.json', 'utf8')) as {
      node: Record<string, { exportedName: string }>;
    };
    const id = (name: string) => Object.entries(manifest.node).find(([, a]) => a.exportedName === name)![0];
    const json = { 'next-action': id('searchAction'), 'content-type': 'text/plain;charset=UTF-8' };
    for (const data of ['null', '"x"', '1', 'true']) {
      const response = await request.post('/', { headers: json, data });
      expect(response.status(), data).toBe(400);
    }
    // A form action's multipart call without its argument list, and with a root that is not one.
    const form = { 'next-action': id('mergeCustomersAction') };
    for (const root of [undefined, 'null', '7']) {
      const multipart: Record<string, string> = { _1_a: 'x', ...(root === undefined ? {} : { '0': root }) };
      const response = await request.post('/customers/duplicates', { headers: form, multipart });
      expect(response.status(), `root ${root}`).toBe(400);
    }
    // A form posted without script whose bound arguments are not a list.
    const noScript = await request.post('/customers/duplicates', {
      multipart: {
        $ACTION_REF_1: '',
        '$ACTION_1:0': JSON.stringify({ id: id('mergeCustomersAction'), bound: '$@1' }),
        '$ACTION_1:1': 'null',
        $ACTION_KEY: 'k1',
      },
    });
    expect(noScript.status()).toBe(400);
    // The calls React itself makes still work.
    expect((await request.post('/', { headers: json, data: '["acme"]' })).status()).toBe(200);
  });
});
