import { expect, type Page, test } from '@playwright/test';
import { expectAccessible, firstHref, hydrated, storageState } from './helpers';

// Products, quotes and orders: a manager keeps the price book (creates two products, edits one);
// a rep makes a quote from one of their deals with both products, a line discount, an overall
// discount and tax, sees the exact totals, sends it and accepts it; the order appears on /orders,
// on its own page and on the customer's 360 page, and the deal is won. The steps share the demo
// database, so this file runs in order.
test.describe.configure({ mode: 'serial' });

const PHONE = { width: 390, height: 844 };
const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

test.describe('[quotes] manager keeps the price book', () => {
  test.use({ storageState: storageState('manager') });

  test('a manager creates two products and edits the price of one', async ({ page }) => {
    // Five pages and three accessibility scans: more than a minute on a loaded CI machine. A retry
    // cannot help (the products of the first try exist), so it gets the time instead.
    test.slow();
    for (const [sku, name, price] of [
      ['E2E-WIDGET', 'E2E Widget', '19.99'],
      ['E2E-GADGET', 'E2E Gadget', '240.00'],
    ]) {
      await page.goto('/products/new');
      await hydrated(page);
      await page.getByLabel('SKU').fill(sku.toLowerCase());
      await page.getByLabel('Name').fill(name);
      await page.getByLabel('Unit price').fill(price);
      await page.getByLabel('Category').fill('E2E');
      await page.getByRole('button', { name: 'Create product' }).click();
      await expect(page).toHaveURL(/\/products(\?|$)/);
      await expect(page.getByText('Product created.')).toBeVisible();
    }
    // The same SKU again is refused next to the field.
    await page.goto('/products/new');
    await hydrated(page);
    await page.getByLabel('SKU').fill('E2E-WIDGET');
    await page.getByLabel('Name').fill('Duplicate');
    await page.getByLabel('Unit price').fill('1');
    await page.getByRole('button', { name: 'Create product' }).click();
    await expect(page.getByText('Another product already has this SKU.')).toBeVisible();
    await expectAccessible(page, '/products/new with an error');

    await page.goto('/products?q=E2E');
    await expectAccessible(page, '/products as a manager');
    await page.getByRole('link', { name: 'E2E Gadget' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Edit product E2E-GADGET' })).toBeVisible();
    await hydrated(page);
    await expectAccessible(page, 'a product page');
    await page.getByLabel('Unit price').fill('249.00');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Changes saved.')).toBeVisible();
    await page.goto('/products?q=E2E');
    await expect(page.getByRole('row', { name: /E2E Gadget/ })).toContainText('$249.00');
    await expect(page.getByRole('row', { name: /E2E Widget/ })).toContainText('$19.99');
  });
});

test.describe('[quotes] rep quotes a deal and wins it', () => {
  test.use({ storageState: storageState('rep') });
  let quoteUrl = '';
  let orderUrl = '';
  let orderNumber = '';

  test('a rep builds a quote from a deal with two products and discounts, and sees the exact totals', async ({
    page,
  }) => {
    const href = await firstHref(page, '/quotes/new', /^\/quotes\/new\?deal=/);
    await page.goto(href);
    await expect(page.getByRole('heading', { level: 1, name: 'New quote' })).toBeVisible();
    await hydrated(page);
    await page.getByLabel('Title').fill('E2E annual plan');
    const line1 = page.getByRole('group', { name: 'Line 1' });
    await line1.getByLabel('Product').selectOption({ label: 'E2E-WIDGET · E2E Widget' });
    await expect(line1.getByLabel('Unit price')).toHaveValue('19.99');
    await line1.getByLabel('Quantity').fill('3');
    await page.getByRole('button', { name: 'Add line' }).click();
    const line2 = page.getByRole('group', { name: 'Line 2' });
    await line2.getByLabel('Product').selectOption({ label: 'E2E-GADGET · E2E Gadget' });
    await expect(line2.getByLabel('Unit price')).toHaveValue('249.00');
    await line2.getByLabel('Quantity').fill('2');
    await line2.getByLabel('Discount %').fill('15');
    await page.getByLabel('Discount type').selectOption('percent');
    await page.getByLabel('Discount', { exact: true }).fill('5');
    await page.getByLabel('Tax rate %').fill('8.875');
    // 3 × 19.99 = 59.97; 2 × 249.00 − 15 % = 423.30; 483.27 − 5 % (24.16) = 459.11; tax 8.875 % = 40.75.
    const preview = page.getByTestId('quote-totals');
    await expect(preview).toContainText('$483.27');
    await expect(preview).toContainText('$24.16');
    await expect(preview).toContainText('$40.75');
    await expect(preview).toContainText('$499.86');
    await expectAccessible(page, '/quotes/new');
    await page.getByRole('button', { name: 'Create quote' }).click();
    await expect(page).toHaveURL(/\/quotes\/[0-9a-f-]{36}$/);
    await expect(page.getByText('Quote created.')).toBeVisible();
    quoteUrl = new URL(page.url()).pathname;
    const totals = page.getByTestId('quote-totals').last();
    await expect(totals).toContainText('$483.27');
    await expect(totals).toContainText('Discount (5%)');
    await expect(totals).toContainText('Tax (8.875%)');
    await expect(totals).toContainText('$499.86');
    await expect(page.getByRole('heading', { level: 1 })).toContainText(/QT-\d{6}/);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Draft');
    await hydrated(page);
    await expectAccessible(page, 'a draft quote');
  });

  test('the print view is a clean document: company name, customer, items and totals, no navigation', async ({
    page,
  }) => {
    await page.goto(`${quoteUrl}/print`);
    await expect(page.getByText('Lodestar Demo Co.')).toBeVisible();
    await expect(page.getByRole('heading', { level: 1, name: 'Quote' })).toBeVisible();
    await expect(page.getByRole('table')).toContainText('E2E Widget');
    await expect(page.getByTestId('quote-totals')).toContainText('$499.86');
    await expect(page.getByRole('navigation')).toHaveCount(0);
    await expectAccessible(page, 'a quote print view');
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('button', { name: 'Print' })).toBeHidden();
  });

  test('the rep sends and accepts it: the order is created and the deal is won', async ({ page }) => {
    await page.goto(quoteUrl);
    await hydrated(page);
    await page.getByRole('button', { name: 'Mark as sent' }).click();
    await expect(page.getByText('Quote marked as sent.')).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Sent');
    await expect(page.getByRole('heading', { name: 'Edit draft' })).toHaveCount(0);
    await hydrated(page);
    await page.getByRole('button', { name: 'Accept' }).click();
    await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
    await expect(page.getByText('Quote accepted: the order is created and the deal is won.')).toBeVisible();
    orderUrl = new URL(page.url()).pathname;
    const heading = page.getByRole('heading', { level: 1 });
    await expect(heading).toContainText(/SO-Q\d{6}/);
    await expect(heading).toContainText('Pending');
    orderNumber = /SO-Q\d{6}/.exec((await heading.textContent()) ?? '')![0];
    await expect(page.getByTestId('order-total')).toHaveText('$499.86');
    await expect(page.getByRole('region', { name: 'Items' })).toContainText('E2E Gadget');
    await expectAccessible(page, 'an order page');

    // The order is on the orders list.
    await page.goto('/orders');
    await expect(page.getByRole('link', { name: orderNumber })).toBeVisible();
    await expectAccessible(page, '/orders as a rep');

    // And on the customer's 360 page, linked to its page; the deal is in the won stage there.
    await page.goto(orderUrl);
    await page.locator('main a[href^="/customers/"]').first().click();
    await expect(page).toHaveURL(/\/customers\/[0-9a-f-]{36}/);
    const orderLink = page.locator('#orders').getByRole('link', { name: orderNumber });
    await expect(orderLink).toBeVisible();
    await expect(page.getByRole('row').filter({ hasText: 'Closed Won' }).first()).toBeVisible();
    await orderLink.click();
    await expect(page).toHaveURL(orderUrl);

    // The quote now reads accepted and links to its order; accepting again is not offered.
    await page.goto(quoteUrl);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Accepted');
    await expect(page.getByRole('link', { name: `Accepted: order ${orderNumber}.` })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Accept' })).toHaveCount(0);
  });

  test('/quotes/new without a deal finds one by deal or customer name (a plain GET search)', async ({ page }) => {
    await page.goto('/quotes/new');
    const search = page.getByRole('search', { name: 'Find a deal' });
    const offered = page.getByRole('main').getByRole('listitem');
    const customer = ((await offered.first().locator('span').textContent()) ?? '').trim();
    expect(customer.length).toBeGreaterThan(0);
    await search.getByLabel('Deal or customer').fill(customer);
    await search.getByRole('button', { name: 'Search' }).click();
    await expect(page).toHaveURL(/\/quotes\/new\?q=/);
    await expect(offered.first()).toBeVisible();
    // Each deal offered has the words in its name or its customer's (deal names start with the customer's).
    for (const text of await offered.allTextContents()) expect(text.toLowerCase()).toContain(customer.toLowerCase());
    await search.getByLabel('Deal or customer').fill('zz-no-such-deal-zz');
    await search.getByRole('button', { name: 'Search' }).click();
    await expect(page.getByText('None of your open deals matches.')).toBeVisible();
    await expect(offered).toHaveCount(0);
  });

  test('quotes and orders lists filter, and every page fits a phone', async ({ page }) => {
    await page.goto('/quotes');
    // Seeded and app-made quotes share one numbering.
    await expect(page.getByRole('link', { name: /^Q-\d/ })).toHaveCount(0);
    await page.goto('/quotes?status=accepted');
    await expect(page.getByRole('link', { name: /QT-\d{6}/ }).first()).toBeVisible();
    await expectAccessible(page, '/quotes as a rep');
    await page.goto('/orders?kind=return&status=pending');
    await expect(page.getByRole('link', { name: orderNumber })).toHaveCount(0);
    await page.setViewportSize(PHONE);
    for (const url of ['/quotes', '/orders', '/products', quoteUrl, orderUrl, `${quoteUrl}/print`]) {
      await page.goto(url);
      await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
      expect(await fitsWidth(page), `${url} fits a phone`).toBe(true);
    }
    await page.goto('/orders');
    await expectAccessible(page, '/orders on a phone');
  });
});

test.describe('[quotes] who may not', () => {
  test('a marketer has no products, quotes or orders', async ({ browser }) => {
    const context = await browser.newContext({ storageState: storageState('marketer') });
    const page = await context.newPage();
    for (const url of ['/products', '/quotes', '/orders', '/quotes/new']) {
      const response = await page.goto(url);
      expect(response?.status(), url).toBe(404);
    }
    const csv = await page.request.get('/orders/export');
    expect(csv.status()).toBe(403);
    await context.close();
  });

  test('a rep cannot edit products', async ({ browser }) => {
    const context = await browser.newContext({ storageState: storageState('rep') });
    const page = await context.newPage();
    expect((await page.goto('/products/new'))?.status()).toBe(404);
    await page.goto('/products');
    await expect(page.getByRole('link', { name: 'New product' })).toHaveCount(0);
    await context.close();
  });
});
