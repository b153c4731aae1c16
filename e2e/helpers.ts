import { type Browser, expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'lodestar-demo';
export const ROLES = {
  admin: 'admin@lodestar.test',
  manager: 'manager@lodestar.test',
  rep: 'rep@lodestar.test',
  agent: 'agent@lodestar.test',
  marketer: 'marketer@lodestar.test',
} as const;
export type RoleKey = keyof typeof ROLES;
export const storageState = (role: RoleKey) => `e2e/.auth/${role}.json`;

export async function login(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await hydrated(page);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** A page in its own context (axe needs one) for a role's saved session. */
export async function asRole(browser: Browser, role: RoleKey): Promise<Page> {
  const context = await browser.newContext({ storageState: storageState(role), locale: 'en-US' });
  return context.newPage();
}

/** A page in a new context, signed in through the login form as `email`. */
export async function signedIn(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await loginOk(page, email);
  return page;
}

/**
 * The address a visitor's requests come from. The end-to-end server trusts one proxy
 * (TRUSTED_PROXIES=1 in scripts/e2e-server.mjs), so X-Forwarded-For names the client: each
 * journey's visitor gets its own address and the per-address limit of the public lead form counts
 * that journey's submissions alone, as it would for visitors on different networks.
 */
export function visitorAddress(): string {
  const n = Math.floor(Math.random() * 250_000);
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${(n & 255) + 1}`;
}

/** A page in a new context without a session, as an anonymous visitor with an address of its own. */
export async function visitorPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({
    locale: 'en-US',
    extraHTTPHeaders: { 'X-Forwarded-For': visitorAddress() },
  });
  return context.newPage();
}

export async function loginOk(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await login(page, email, password);
  await expect(page.getByRole('heading', { level: 1, name: /^Welcome,/ })).toBeVisible();
}

/**
 * Waits until React has hydrated the page: the root mark (components/shell/hydration-mark.tsx)
 * and every form control, since content inside Suspense boundaries hydrates later than the root.
 * React tags each DOM node it owns with a `__reactFiber…` key once hydrated.
 */
export async function hydrated(page: Page): Promise<void> {
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
  await page.waitForFunction(() =>
    Array.from(document.querySelectorAll('main select, main button, main input:not([type=hidden])')).every((el) =>
      Object.keys(el).some((k) => k.startsWith('__reactFiber')),
    ),
  );
}

/**
 * Runs axe-core on the page and fails with a readable list when anything breaks WCAG 2.0/2.1 A or
 * AA. Every journey calls it on the pages it visits; e2e/a11y.spec.ts visits every page per role.
 * `skipContrast` leaves out the colour-contrast rule (e2e/a11y.spec.ts says when that is sound).
 */
export async function expectAccessible(
  page: Page,
  label = page.url(),
  { skipContrast = false }: { skipContrast?: boolean } = {},
): Promise<void> {
  await streamed(page);
  const { default: AxeBuilder } = await import('@axe-core/playwright');
  // Legacy mode runs axe.run() in the page itself instead of runPartial() per frame plus finishRun()
  // in a new blank page (the app has no iframes), and only violations are collected: together a
  // third of the default's time. options() replaces the options, so it comes before withTags().
  const builder = new AxeBuilder({ page })
    .setLegacyMode(true)
    .options({ resultTypes: ['violations'] })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  if (skipContrast) builder.disableRules(['color-contrast']);
  const results = await builder.analyze();
  const found = results.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 5)
        .join('\n    ')}`,
  );
  expect(found, `accessibility violations on ${label}`).toEqual([]);
}

/**
 * Waits until every <Suspense> boundary of the page has revealed its content: React streams a
 * boundary's HTML into a `<template id="B:…">` and swaps it in, which can come after the load event
 * (reveals are batched). Reading links or running axe before then reads the skeletons.
 */
export async function streamed(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('template[id^="B:"]') === null);
}

/** The first link in `main` of the page at `list` whose href matches `pattern`, so tests open real records. */
export async function firstHref(page: Page, list: string, pattern: RegExp): Promise<string> {
  await page.goto(list);
  await streamed(page);
  const href = await page.locator('main a[href]').evaluateAll((links, source) => {
    const re = new RegExp(source);
    return links.map((a) => a.getAttribute('href') ?? '').find((h) => re.test(h)) ?? null;
  }, pattern.source);
  expect(href, `a link matching ${pattern} on ${list}`).not.toBeNull();
  return href as string;
}

/**
 * Opens the duplicates list once its pairs are there: the duplicate scan runs when the server
 * starts (a fresh database has never been scanned), and the page refreshes itself until it is done.
 */
export async function openDuplicates(page: Page): Promise<void> {
  await page.goto('/customers/duplicates');
  await expect(page.getByRole('heading', { level: 1, name: 'Possible duplicates' })).toBeVisible();
  await expect(page.getByRole('link', { name: /^Review and merge / }).first()).toBeVisible({ timeout: 30_000 });
}

/** The satisfaction-survey token the e2e seed plants on one resolved case (scripts/e2e-server.mjs, db/seed/service.ts). */
export const E2E_CSAT_TOKEN = 'e2eCsatTokenOnlyForTheEndToEndSeed000000000';

/** The campaign member the e2e seed plants (scripts/e2e-server.mjs, db/seed/e2e-campaign.ts). */
export const E2E_CAMPAIGN_MEMBER = 'e2e00000-0000-4000-8000-00000000c0de';
/** The e2e server's AUTH_SECRET (scripts/e2e-server.mjs): signs campaign links as the server does. */
export const E2E_AUTH_SECRET = 'e2e-only-secret-not-for-production';
