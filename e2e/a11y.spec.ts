import { expect, type Page, test } from '@playwright/test';
import { expectAccessible, firstHref, hydrated, openDuplicates, type RoleKey, storageState, streamed } from './helpers';

// Every page the app has, opened by the role that sees the most of it, checked with axe-core
// (WCAG 2.0/2.1 A and AA) on a desktop and on a 390 px phone, where it must also fit the width.
//
// axe is the slowest part of the end-to-end run (3 to 8 s a page in this machine's Chromium), so
// no page is checked twice in the same window: a page a journey already checks on a desktop (in
// the states it reaches: errors, dialogs, filled forms) is marked `byJourney` and walked here on
// the phone only. The phone pass leaves out axe's colour-contrast rule, which is more than half of
// axe's time: no text or background colour in the app changes with the width (no `sm:text-…` or
// `md:bg-…` class), so the desktop pass has already checked every colour pair. The first page of
// each role's phone walk (the shell with its drawer button) gets every rule.

interface Visit {
  path: string;
  /** The journey (spec file) that checks this page on a desktop. */
  desktopBy?: string;
}
const byJourney = (path: string, journey: string): Visit => ({ path, desktopBy: journey });

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };

/** A 360 page with the widest content: a customer with cases (a table of six columns) and contacts. */
async function customerWithCases(page: Page): Promise<string> {
  await page.goto('/contacts?sort=customer&size=100');
  await streamed(page);
  const hrefs = await page
    .locator('main a[href]')
    .evaluateAll((links) =>
      links.map((a) => a.getAttribute('href') ?? '').filter((h) => /^\/customers\/[0-9a-f-]{36}$/.test(h)),
    );
  for (const href of new Set(hrefs)) {
    await page.goto(href);
    await streamed(page);
    if (await page.locator('#cases table').count()) return href;
  }
  throw new Error('no customer with cases among the contacts’ customers');
}

const ANALYTICS = [
  '/analytics',
  '/analytics/lifetime-value',
  '/analytics/segments',
  '/analytics/retention',
  '/analytics/churn-risk',
].map((path) => byJourney(path, 'analytics.spec'));

interface Walk {
  name: string;
  role: RoleKey;
  pages: (page: Page) => Promise<(string | Visit)[]>;
  /** Every page of the walk is checked on a desktop by a journey. */
  phoneOnly?: true;
}

/**
 * Pages per role, in walks short enough to spread over the test workers. A page that looks the
 * same to several roles is opened by the one that sees the most of it (managers see every list;
 * a rep's view of it is a filtered copy).
 */
const WALKS: Walk[] = [
  {
    name: 'admin',
    role: 'admin',
    pages: async (page) => {
      const user = await firstHref(page, '/admin/users', /^\/admin\/users\/[0-9a-f-]{36}$/);
      await openDuplicates(page);
      // A pair from page 2: the duplicate journeys merge pairs from the top of page 1 meanwhile.
      const merge = await firstHref(page, '/customers/duplicates?page=2', /^\/customers\/merge\?a=/);
      return [
        '/admin/users',
        '/admin/users/new',
        user,
        byJourney('/admin/settings', 'leads.spec'),
        byJourney('/admin/lead-scoring', 'leads.spec'),
        '/admin/audit',
        byJourney('/admin/stages', 'deals.spec'),
        '/customers/duplicates',
        merge,
      ];
    },
  },
  {
    name: 'manager: customers',
    role: 'manager',
    pages: async (page) => {
      const customer = await customerWithCases(page);
      const serviceCase = await firstHref(page, '/cases?view=all', /^\/cases\/[0-9a-f-]{36}$/);
      return [
        '/',
        '/customers',
        customer,
        `${customer}/edit`,
        '/customers/new',
        '/contacts',
        '/search?q=smith',
        '/cases',
        serviceCase,
        `/cases/new?customer=${customer.split('/').pop()}`,
      ];
    },
  },
  {
    name: 'manager: sales',
    role: 'manager',
    pages: async (page) => {
      const product = await firstHref(page, '/products', /^\/products\/[0-9a-f-]{36}$/);
      const quote = await firstHref(page, '/quotes', /^\/quotes\/[0-9a-f-]{36}$/);
      const order = await firstHref(page, '/orders', /^\/orders\/[0-9a-f-]{36}$/);
      return [
        byJourney('/pipeline', 'pipeline.spec'),
        byJourney('/deals', 'deals.spec'),
        byJourney('/leads', 'leads.spec'),
        byJourney('/products', 'quotes.spec'),
        byJourney('/products/new', 'quotes.spec'),
        byJourney(product, 'quotes.spec'),
        byJourney('/quotes', 'quotes.spec'),
        byJourney(quote, 'quotes.spec'),
        byJourney('/orders', 'quotes.spec'),
        byJourney(order, 'quotes.spec'),
        byJourney('/sales', 'sales-dashboard.spec'),
        byJourney('/sales/forecast', 'sales-dashboard.spec'),
      ];
    },
    phoneOnly: true,
  },
  {
    name: 'manager: analytics',
    role: 'manager',
    pages: async () => ANALYTICS,
    phoneOnly: true,
  },
  {
    name: 'rep',
    role: 'rep',
    pages: async (page) => {
      const draft = await firstHref(page, '/quotes?status=draft', /^\/quotes\/[0-9a-f-]{36}$/);
      const newQuote = await firstHref(page, '/quotes/new', /^\/quotes\/new\?deal=/);
      const deal = await firstHref(page, '/deals?status=open', /^\/deals\/[0-9a-f-]{36}$/);
      const lead = await firstHref(page, '/leads?status=contacted', /^\/leads\/[0-9a-f-]{36}$/);
      return [
        '/',
        '/customers/import',
        '/orders/import',
        '/quotes/new',
        byJourney(newQuote, 'quotes.spec'),
        byJourney(draft, 'quotes.spec'),
        byJourney(`${draft}/print`, 'quotes.spec'),
        byJourney(deal, 'deals.spec'),
        byJourney('/leads/new', 'leads.spec'),
        byJourney(lead, 'leads.spec'),
      ];
    },
  },
  {
    name: 'agent',
    role: 'agent',
    pages: async (page) => {
      // A customer that has contacts (from the contacts list), and one of its contacts' edit page.
      const customer = await firstHref(page, '/contacts', /^\/customers\/[0-9a-f-]{36}$/);
      const contact = await firstHref(page, customer, /^\/contacts\/[0-9a-f-]{36}\/edit$/);
      return ['/', customer, contact, byJourney('/outbox', 'outbox.spec')];
    },
  },
  {
    name: 'marketer',
    role: 'marketer',
    pages: async (page) => {
      // The seeded sent campaign's results page ("E2E newsletter", db/seed/e2e-campaign.ts).
      const campaign = await firstHref(page, '/campaigns', /^\/campaigns\/[0-9a-f-]{36}$/);
      return [
        '/',
        '/search?q=li',
        byJourney('/segments', 'segments.spec'),
        byJourney('/campaigns', 'campaigns.spec'),
        byJourney('/campaigns/new', 'campaigns.spec'),
        byJourney(campaign, 'campaigns.spec'),
        byJourney('/marketing', 'marketing-dashboard.spec'),
      ];
    },
  },
];

const visitsOf = async (walk: Walk, page: Page): Promise<Visit[]> =>
  (await walk.pages(page)).map((v) => (typeof v === 'string' ? { path: v } : v));

async function open(page: Page, path: string): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(200);
  await hydrated(page);
}

for (const walk of WALKS) {
  test.describe(`[a11y] ${walk.name}`, () => {
    test.use({ storageState: storageState(walk.role) });

    if (!walk.phoneOnly) {
      test(`every page (${walk.name}) has no WCAG 2 A/AA violations on a desktop`, async ({ page }) => {
        test.setTimeout(240_000);
        await page.setViewportSize(DESKTOP);
        const visits = (await visitsOf(walk, page)).filter((v) => !v.desktopBy);
        expect(visits.length).toBeGreaterThan(0);
        for (const { path } of visits) {
          await open(page, path);
          await expectAccessible(page, `${path} (${walk.role}, desktop)`);
        }
      });
    }

    test(`every page (${walk.name}) fits a 390 px phone with no WCAG 2 A/AA violations`, async ({ page }) => {
      test.setTimeout(240_000);
      await page.setViewportSize(PHONE);
      for (const [i, { path }] of (await visitsOf(walk, page)).entries()) {
        await open(page, path);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(width, `${path} is ${width} px wide`).toBeLessThanOrEqual(PHONE.width);
        await expectAccessible(page, `${path} (${walk.role}, phone)`, i === 0 ? {} : { skipContrast: true });
      }
    });
  });
}

test.describe('[a11y] signed out', () => {
  test('the login page has no WCAG 2 A/AA violations', async ({ page }) => {
    await page.goto('/login');
    await hydrated(page);
    await expectAccessible(page, '/login');
  });
});
