import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { expectAccessible, hydrated, storageState } from './helpers';

// An Online Retail export (BOM, CRLF, a quoted description with a comma, a quoted "1,025.00",
// float customer ids, a cancellation, guest rows, a zero quantity). Order numbers are made unique
// per run so a retried test imports new orders.
const FIXTURE = fs.readFileSync(path.join(import.meta.dirname, 'fixtures', 'online-retail-sample.csv'), 'utf8');

test.describe('[orders import] order history from an export', () => {
  test.use({ storageState: storageState('manager') });

  test('manager imports an Online Retail export with its preset: orders, a return, guests skipped, a report with reasons', async ({
    page,
  }) => {
    const run = String(Date.now() % 1_000_000).padStart(6, '0');
    const csv = FIXTURE.replace(/(^|\n)(C?)58(\d{4}),/g, `$1$2${run}$3,`);

    await page.goto('/customers/import');
    await page.getByRole('link', { name: 'Import order history' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Import order history' })).toBeVisible();
    await hydrated(page);
    await page
      .getByLabel('Order-line export (CSV)')
      .setInputFiles({ name: `online-retail-${run}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv) });

    // The preset is recognised from the header and fills the columns; the dates' format is found.
    await expect(page.getByLabel('Layout')).toHaveValue('online-retail');
    await expect(page.getByRole('combobox', { name: 'InvoiceNo' })).toHaveValue('orderNo');
    await expect(page.getByRole('combobox', { name: 'CustomerID' })).toHaveValue('customerId');
    await expect(page.getByLabel('Date format')).toHaveValue('M/D/YYYY H:mm');
    await expect(page.getByRole('cell', { name: 'is zero', exact: false })).toBeVisible(); // the preview reads rows
    await page.getByLabel('Create customers the file names but the CRM does not have').check();
    await expectAccessible(page, 'order import: columns');

    await page.getByRole('button', { name: 'Upload and import' }).click();
    await page.waitForURL(/\/orders\/import\/[0-9a-f-]{36}$/);
    await expect(page.getByText('The import is done.')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('count-ordersCreated')).toHaveText('3');
    await expect(page.getByTestId('count-returnsCreated')).toHaveText('1');
    await expect(page.getByTestId('count-linesCreated')).toHaveText('6');
    await expect(page.getByTestId('count-rowsRejected')).toHaveText('1');
    await expect(page.getByTestId('count-guestRowsSkipped')).toHaveText('2');
    // The import queued the analytics refresh; the page says so and links to analytics.
    await expect(page.getByRole('link', { name: /^Open analytics/ })).toHaveAttribute('href', '/analytics');
    await expectAccessible(page, 'order import: done');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download rejected and skipped rows (CSV)' }).click(),
    ]);
    const report = fs.readFileSync((await download.path())!, 'utf8');
    expect(report).toContain('Quantity: is zero');
    expect(report).toContain(`CustomerID: no customer (a guest sale),Skipped,${run}0003`);

    // On a phone the page fits the screen: no sideways scrolling.
    await page.setViewportSize({ width: 390, height: 844 });
    for (const url of [page.url(), '/orders/import']) {
      await page.goto(url);
      await hydrated(page);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    }
    await expect(page.getByRole('link', { name: `online-retail-${run}.csv` })).toBeVisible();
  });
});

test.describe('[orders import] who may import', () => {
  test.use({ storageState: storageState('agent') });

  test('a service agent gets no order import page', async ({ page }) => {
    const response = await page.goto('/orders/import');
    expect(response?.status()).toBe(404);
  });
});
