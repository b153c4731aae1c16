import fs from 'node:fs';
import path from 'node:path';
import { type Browser, expect, type Page, test } from '@playwright/test';
import { BASE_URL } from '../playwright.config';
import { expectAccessible, hydrated, type RoleKey, storageState } from './helpers';

// Crafted requests against the order import's upload and report routes and pages, per role, and a
// new user's walk through a messy Shopify export in English and Chinese, on a desktop and a phone.

const SHOTS = process.env.E2E_SHOTS_DIR;
const shot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
};
const FIXTURE = fs.readFileSync(path.join(import.meta.dirname, 'fixtures', 'online-retail-sample.csv'), 'utf8');
const runId = () => String(Date.now() % 1_000_000).padStart(6, '0');

/** An import of the manager's left mid-upload (the parts' requests cut): its id. */
async function stalledImport(page: Page, csv: string, name: string): Promise<string> {
  await page.route('**/orders/import/*/upload*', (route) => route.abort());
  await page.goto('/orders/import');
  await hydrated(page);
  await page
    .getByLabel('Order-line export (CSV)')
    .setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByLabel('Create customers the file names but the CRM does not have').check();
  await page.getByRole('button', { name: 'Upload and import' }).click();
  await page.waitForURL(/\/orders\/import\/[0-9a-f-]{36}$/);
  await page.unroute('**/orders/import/*/upload*');
  return page.url().split('/').pop()!;
}

async function as(browser: Browser, role: RoleKey) {
  const context = await browser.newContext({ storageState: storageState(role) });
  return { context, request: context.request };
}

test.describe('[orders import review] crafted requests', () => {
  test.use({ storageState: storageState('manager') });

  test('upload parts out of order, twice, too big, empty, past the end, cross-site; other roles get nothing', async ({
    page,
    browser,
  }) => {
    const run = runId();
    const csv = FIXTURE.replace(/(^|\n)(C?)58(\d{4}),/g, `$1$2${run}$3,`);
    const id = await stalledImport(page, csv, `stalled-${run}.csv`);
    await expect(page.getByLabel('The same file, to continue')).toBeVisible();
    await shot(page, 'stalled-upload-en');
    await expectAccessible(page, 'order import: stalled upload');

    const url = (offset: string | number, importId = id) => `/orders/import/${importId}/upload?offset=${offset}`;
    const origin = { origin: BASE_URL };
    const bytes = Buffer.from(csv, 'utf8');
    const post = (u: string, data: Buffer, headers: Record<string, string> = origin) =>
      page.request.post(u, { data, headers });

    expect((await post(url(5), bytes.subarray(5, 10))).status()).toBe(409); // out of order
    expect(await (await post(url(5), bytes.subarray(5, 10))).json()).toEqual({ error: 'offset', received: 0 });
    expect((await post(url(0), bytes.subarray(0, 10), {})).status()).toBe(403); // no Origin
    expect((await post(url(0), bytes.subarray(0, 10), { origin: 'https://evil.example' })).status()).toBe(403);
    expect((await post(url(0), Buffer.alloc(0))).status()).toBe(400); // empty part
    expect((await post(url(0), Buffer.alloc(1_000_001, 65))).status()).toBe(413); // over 1 MB
    expect((await post(url(0), Buffer.concat([bytes, Buffer.from('x')]))).status()).toBe(400); // past the size
    for (const bad of ['-1', 'abc', '1e30', '', '0x10', '1.5', ' 0'])
      expect((await post(url(bad), bytes.subarray(0, 10))).status(), bad).toBe(400);
    expect((await post(`/orders/import/${id}/upload`, bytes.subarray(0, 10))).status()).toBe(400); // no offset
    expect((await post('/orders/import/not-a-uuid/upload?offset=0', bytes.subarray(0, 10))).status()).toBe(400);
    expect((await post(url(0, '00000000-0000-4000-8000-000000000000'), bytes.subarray(0, 10))).status()).toBe(404);
    // Other roles: not their upload (404), or no order import at all (403); the report and page likewise.
    for (const [role, upload, report, view] of [
      ['admin', 404, 200, 200],
      ['rep', 404, 404, 404],
      ['agent', 403, 404, 404],
      ['marketer', 403, 404, 404],
    ] as const) {
      const { context, request } = await as(browser, role);
      const up = await request.post(url(0), { data: bytes.subarray(0, 10), headers: origin });
      expect(up.status(), `${role} upload`).toBe(upload);
      const rep = await request.get(`/orders/import/${id}/report`);
      expect(rep.status(), `${role} report`).toBe(report);
      if (report !== 200) expect(await rep.text()).not.toContain('InvoiceNo');
      const pageResponse = await request.get(`/orders/import/${id}`);
      expect(pageResponse.status(), `${role} page`).toBe(view);
      if (view !== 200) expect(await pageResponse.text()).not.toContain(`stalled-${run}`);
      await context.close();
    }
    // The first part, then the same part again (a retried request): 200, then 409 with the size held.
    expect(await (await post(url(0), bytes.subarray(0, 10))).json()).toEqual({ received: 10 });
    expect(await (await post(url(0), bytes.subarray(0, 10))).json()).toEqual({ error: 'offset', received: 10 });

    // A different file of the same name is refused; the same file continues from byte 10 and imports.
    const resume = page.getByLabel('The same file, to continue');
    await page.reload();
    await hydrated(page);
    await resume.setInputFiles({ name: `stalled-${run}.csv`, mimeType: 'text/csv', buffer: Buffer.from('a,b\n1,2\n') });
    await expect(page.getByRole('alert').filter({ hasText: /file/i }).first()).toBeVisible();
    await resume.setInputFiles({ name: `stalled-${run}.csv`, mimeType: 'text/csv', buffer: bytes });
    await expect(page.getByText('The import is done.')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('count-ordersCreated')).toHaveText('3');
    await shot(page, 'resumed-done-en');
  });

  test('a 0-byte file, a UTF-16 file and a binary file are refused in the browser with a sentence', async ({
    page,
  }) => {
    await page.goto('/orders/import');
    await hydrated(page);
    const input = page.getByLabel('Order-line export (CSV)');
    const files = [
      { name: 'empty.csv', buffer: Buffer.alloc(0) },
      { name: 'utf16.csv', buffer: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Name,Email\n', 'utf16le')]) },
      { name: 'binary.csv', buffer: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]) },
      { name: 'header.csv', buffer: Buffer.from('A,,B\n1,2,3\n') },
    ];
    for (const f of files) {
      await input.setInputFiles({ ...f, mimeType: 'text/csv' });
      const alert = page.locator('[role="alert"]:not(#__next-route-announcer__)').filter({ hasText: /\w/ });
      await expect(alert.first(), f.name).toBeVisible();
      await shot(page, `refused-${f.name}`);
    }
    await expectAccessible(page, 'order import: refused file');
  });
});

// A Shopify export as a shop owner downloads it, made messy: mixed date formats, an order-level
// refund, a line item with no SKU, a float customer id column no one maps, shipping and taxes.
const SHOPIFY = (run: string) =>
  [
    'Name,Email,Financial Status,Paid at,Fulfillment Status,Currency,Subtotal,Shipping,Taxes,Total,Discount Amount,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Billing Name,Billing Country,Refunded Amount',
    `#${run}1,ana@example.com,paid,2024-03-05 14:22:10 +0100,fulfilled,EUR,27.50,4.90,5.23,37.63,0.00,2024-03-05 14:20:00 +0100,2,Blue mug,12.00,MUG-B,Ana Lima,PT,0.00`,
    `#${run}1,,,,,,,,,,,,1,Tea spoon,3.50,SPOON,,,`,
    `#${run}2,bo@example.com,partially_refunded,2024-03-06 09:00:00 +0100,fulfilled,EUR,48.00,0.00,9.12,57.12,0.00,2024-03-06 09:00:00 +0100,4,Green mug,12.00,MUG-G,Bo Chen,CN,12.00`,
    `#${run}3,,paid,2024-03-07 10:00:00 +0100,,EUR,9.00,0,0,9.00,0.00,2024-03-07 10:00:00 +0100,1,Gift card,9.00,,Walk-in,GB,0.00`,
    `#${run}4,cy@example.com,paid,07/03/2024 11:00,,EUR,5.00,0,0,5.00,0.00,07/03/2024 11:00,1,Coaster,"=HYPERLINK(""http://x"")",COAST,Cy,FR,0.00`,
  ].join('\r\n');

for (const [lang, locale] of [
  ['en', 'en-US'],
  ['zh', 'zh-CN'],
] as const) {
  test.describe(`[orders import review] a new user in ${lang}`, () => {
    test.use({ storageState: storageState('admin'), locale });

    for (const [device, viewport] of [
      ['desktop', { width: 1440, height: 900 }],
      ['phone', { width: 390, height: 844 }],
    ] as const) {
      test(`imports a messy Shopify export (${device}), follows it and downloads the report`, async ({ page }) => {
        await page.setViewportSize(viewport);
        const run = runId();
        await page.goto('/customers/import');
        await hydrated(page);
        await shot(page, `${lang}-${device}-customer-import`);
        await page.goto('/orders/import');
        await hydrated(page);
        await shot(page, `${lang}-${device}-start`);
        await page
          .locator('input[type=file]')
          .setInputFiles({ name: `shopify-${run}.csv`, mimeType: 'text/csv', buffer: Buffer.from(SHOPIFY(run)) });
        await expect(page.getByLabel(lang === 'en' ? 'Layout' : '文件格式')).toHaveValue('shopify');
        await shot(page, `${lang}-${device}-columns`);
        await expectAccessible(page, `order import columns ${lang} ${device}`);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
        // Create the customers the file names; import guest rows as guest orders.
        for (const box of await page.getByRole('checkbox').all()) await box.check();
        await page.locator('button:not([disabled])').last().click();
        await page.waitForURL(/\/orders\/import\/[0-9a-f-]{36}$/);
        await expect(page.getByTestId('count-ordersCreated')).toHaveText(/\d/, { timeout: 60_000 });
        await expect(page.getByTestId('count-rowsRejected')).not.toHaveText('', { timeout: 60_000 });
        await page.waitForTimeout(1500);
        await shot(page, `${lang}-${device}-done`);
        await expectAccessible(page, `order import done ${lang} ${device}`);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.locator('a[href$="/report"]').click(),
        ]);
        const report = fs.readFileSync((await download.path())!, 'utf8');
        if (SHOTS) fs.writeFileSync(path.join(SHOTS, `${lang}-${device}-report.csv`), report);
        expect(report).toContain("'=HYPERLINK");
      });
    }
  });
}
