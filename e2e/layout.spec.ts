import { expect, test } from '@playwright/test';
import { expectAccessible, hydrated, storageState, streamed } from './helpers';

// The app shell and the pages' layout as a user sees them on a 390 px phone and a 1440 px desktop.
// (That no page is wider than a phone is checked page by page in e2e/a11y.spec.ts.)

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };

test.describe('[layout] the shell', () => {
  test.use({ storageState: storageState('manager') });

  test('the sidebar’s background runs the full height of a long page, down to its bottom', async ({ page }) => {
    await page.setViewportSize(DESKTOP);
    await page.goto('/customers?size=100');
    await hydrated(page);
    await streamed(page); // the list streams in after the shell
    const { sidebar, document: doc } = await page.evaluate(() => ({
      sidebar: document.getElementById('app-sidebar')!.getBoundingClientRect().height,
      document: document.documentElement.scrollHeight,
    }));
    expect(doc).toBeGreaterThan(DESKTOP.height * 2);
    expect(sidebar).toBeGreaterThanOrEqual(doc);
    // Scrolled to the very bottom, the sidebar (with its navigation) is still what is on the left.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const atBottomLeft = await page.evaluate(
      () => document.elementFromPoint(20, window.innerHeight - 5)?.closest('#app-sidebar') !== null,
    );
    expect(atBottomLeft).toBe(true);
    await expect(
      page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Contacts' }),
    ).toBeInViewport();
  });

  test('on a phone the navigation is a drawer: out of the way (and out of the tab order) until opened', async ({
    page,
  }) => {
    await page.setViewportSize(PHONE);
    await page.goto('/');
    await hydrated(page);
    const contacts = page.getByRole('link', { name: 'Contacts', exact: true });
    await expect(contacts).toBeHidden();
    await page.getByRole('button', { name: 'Main menu' }).click();
    await expect(page.getByRole('button', { name: 'Main menu' })).toHaveAttribute('aria-expanded', 'true');
    await contacts.click();
    await expect(page).toHaveURL(/\/contacts$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Contacts' })).toBeVisible();
    await expect(contacts).toBeHidden();
  });

  test('an unknown address inside the app is a 404 shown with the navigation', async ({ page }) => {
    for (const path of ['/customers/x/y/z', '/no-such-page']) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
      await expect(
        page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Customers' }),
      ).toBeVisible();
    }
  });

  test('the app has an icon: the page links it and it is served', async ({ page, request }) => {
    await page.goto('/');
    const link = page.locator('link[rel="icon"][href^="/icon.svg"]');
    await expect(link).toHaveCount(1);
    const href = await link.getAttribute('href');
    const icon = await request.get(href as string);
    expect(icon.status()).toBe(200);
    expect(icon.headers()['content-type']).toContain('image/svg+xml');
    const favicon = await request.get('/favicon.ico');
    expect(favicon.status()).toBe(200);
  });
});

test.describe('[layout] lists on a phone and a desktop', () => {
  test.use({ storageState: storageState('manager') });

  test('on a phone the customer filters are behind a Filters button that says how many are active', async ({
    page,
  }) => {
    await page.setViewportSize(PHONE);
    await page.goto('/customers?kind=company&country=US');
    await hydrated(page);
    const toggle = page.getByRole('button', { name: /^Filters/ });
    await expect(toggle).toHaveAccessibleName('Filters (2 active)');
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await expect(page.getByLabel('Owner')).toBeHidden();
    // The search box stays: it is what a user reaches for first.
    await expect(page.getByRole('searchbox', { name: 'Search', exact: true })).toBeVisible();
    // The table starts on the first screen.
    await expect(page.getByRole('columnheader', { name: 'Name' })).toBeInViewport();

    await toggle.focus();
    await page.keyboard.press('Enter');
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await expect(page.getByLabel('Type')).toHaveValue('company');
    await expectAccessible(page, '/customers with the filters open (phone)');
    await page.getByLabel('Type').selectOption('person');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/kind=person/);
    await expect(page.getByRole('button', { name: /^Filters/ })).toHaveAccessibleName('Filters (2 active)');
  });

  test('on a desktop the customer filters are shown without a click', async ({ page }) => {
    await page.setViewportSize(DESKTOP);
    await page.goto('/customers');
    await hydrated(page);
    await expect(page.getByLabel('Owner')).toBeVisible();
    await expect(page.getByRole('button', { name: /^Filters/ })).toBeHidden();
  });

  test('a wide table scrolls inside its own labelled, focusable region, not the page', async ({ page }) => {
    await page.setViewportSize(PHONE);
    await page.goto('/customers');
    await hydrated(page);
    const region = page.getByRole('region', { name: 'Customers', exact: true });
    await expect(region).toHaveAttribute('tabindex', '0');
    const { inner, outer } = await region.evaluate((el) => ({ inner: el.scrollWidth, outer: el.clientWidth }));
    expect(inner).toBeGreaterThan(outer);
    await region.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
  });

  test('on a desktop the contacts table keeps each phone number and email on one line', async ({ page }) => {
    await page.setViewportSize(DESKTOP);
    await page.goto('/contacts');
    await hydrated(page);
    // The rows, not the skeleton shown while they stream (its cells are empty: no line at all).
    await streamed(page);
    const lines = await page.evaluate(() => {
      const headers = Array.from(document.querySelectorAll('thead th')).map((th) => th.textContent?.trim());
      const count = (column: number) =>
        Array.from(document.querySelectorAll(`tbody tr td:nth-child(${column + 1})`)).map((td) => {
          const range = document.createRange();
          range.selectNodeContents(td);
          return new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top))).size;
        });
      return { phone: count(headers.indexOf('Phone')), email: count(headers.indexOf('Email')) };
    });
    expect(lines.phone.length).toBeGreaterThan(10);
    expect(Math.max(...lines.phone)).toBe(1);
    expect(Math.max(...lines.email)).toBe(1);
  });
});

test.describe('[layout] the audit log on a phone', () => {
  test.use({ storageState: storageState('admin'), viewport: PHONE });

  test('its filters are behind a Filters button, open with the keyboard', async ({ page }) => {
    await page.goto('/admin/audit?entity=user');
    await hydrated(page);
    const toggle = page.getByRole('button', { name: /^Filters/ });
    await expect(toggle).toHaveAccessibleName('Filters (1 active)');
    await expect(page.getByLabel('Record type')).toBeHidden();
    await toggle.focus();
    await page.keyboard.press('Space');
    await expect(page.getByLabel('Record type')).toBeVisible();
  });
});
