import { expect, type Page, test } from '@playwright/test';
import { expectAccessible, firstHref, hydrated, openDuplicates, type RoleKey, storageState } from './helpers';

// Every page a role can open, checked with axe-core (WCAG 2.0/2.1 A and AA), on a desktop and a
// phone-sized window. Journeys check the pages in the states they reach (errors, dialogs).

const ANALYTICS = [
  '/analytics',
  '/analytics/lifetime-value',
  '/analytics/segments',
  '/analytics/retention',
  '/analytics/churn-risk',
];

const PAGES: Record<RoleKey, (page: Page) => Promise<string[]>> = {
  admin: async (page) => {
    const user = await firstHref(page, '/admin/users', /^\/admin\/users\/[0-9a-f-]{36}$/);
    await openDuplicates(page);
    // A pair from page 2: the duplicate journeys merge pairs from the top of page 1 meanwhile.
    const merge = await firstHref(page, '/customers/duplicates?page=2', /^\/customers\/merge\?a=/);
    return [
      '/admin/users',
      '/admin/users/new',
      user,
      '/admin/settings',
      '/admin/lead-scoring',
      '/admin/audit',
      '/admin/stages',
      '/customers/duplicates',
      merge,
    ];
  },
  manager: async (page) => {
    const customer = await firstHref(page, '/customers', /^\/customers\/[0-9a-f-]{36}$/);
    const product = await firstHref(page, '/products', /^\/products\/[0-9a-f-]{36}$/);
    const quote = await firstHref(page, '/quotes', /^\/quotes\/[0-9a-f-]{36}$/);
    const order = await firstHref(page, '/orders', /^\/orders\/[0-9a-f-]{36}$/);
    return [
      '/products',
      '/products/new',
      product,
      '/quotes',
      quote,
      '/orders',
      order,
      '/',
      '/customers',
      customer,
      `${customer}/edit`,
      '/customers/new',
      '/contacts',
      '/search?q=smith',
      ...ANALYTICS,
    ];
  },
  rep: async (page) => {
    const draft = await firstHref(page, '/quotes?status=draft', /^\/quotes\/[0-9a-f-]{36}$/);
    const newQuote = await firstHref(page, '/quotes/new', /^\/quotes\/new\?deal=/);
    const deal = await firstHref(page, '/deals?status=open', /^\/deals\/[0-9a-f-]{36}$/);
    const lead = await firstHref(page, '/leads?status=contacted', /^\/leads\/[0-9a-f-]{36}$/);
    return [
      '/',
      '/customers',
      '/customers/import',
      '/customers/new',
      '/orders/import',
      '/deals',
      deal,
      '/products',
      '/quotes',
      '/quotes/new',
      newQuote,
      draft,
      `${draft}/print`,
      '/orders',
      '/leads',
      '/leads/new',
      lead,
      ...ANALYTICS,
    ];
  },
  agent: async (page) => {
    // A customer that has contacts (from the contacts list), and one of its contacts' edit page.
    const customer = await firstHref(page, '/contacts', /^\/customers\/[0-9a-f-]{36}$/);
    const contact = await firstHref(page, customer, /^\/contacts\/[0-9a-f-]{36}\/edit$/);
    return ['/', '/contacts', customer, contact, '/quotes', '/orders'];
  },
  marketer: async () => ['/', '/customers', '/search?q=li', '/analytics', '/analytics/churn-risk'],
};

for (const [role, pagesOf] of Object.entries(PAGES) as [RoleKey, (page: Page) => Promise<string[]>][]) {
  test.describe(`[a11y] ${role}`, () => {
    test.use({ storageState: storageState(role) });

    for (const [device, viewport] of [
      ['desktop', { width: 1440, height: 900 }],
      ['phone', { width: 390, height: 844 }],
    ] as const) {
      test(`every page a ${role} opens has no WCAG 2 A/AA violations (${device})`, async ({ page }) => {
        test.setTimeout(240_000);
        await page.setViewportSize(viewport);
        for (const path of await pagesOf(page)) {
          const response = await page.goto(path);
          expect(response?.status(), path).toBe(200);
          await hydrated(page);
          await expectAccessible(page, `${path} (${role}, ${device})`);
        }
      });
    }
  });
}

test.describe('[a11y] signed out', () => {
  test('the login page has no WCAG 2 A/AA violations', async ({ page }) => {
    await page.goto('/login');
    await hydrated(page);
    await expectAccessible(page, '/login');
  });
});
