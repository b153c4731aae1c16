import { expect, type Page, test } from '@playwright/test';
import { E2E_CSAT_TOKEN, expectAccessible, hydrated, storageState, visitorPage } from './helpers';

const PHONE = { width: 390, height: 844 };
const pageOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

// The public survey runs in the browser against a link the e2e seed plants (a server-side issue
// makes random tokens that a test cannot read from an embedded database the server holds open);
// token forgery, expiry, replay and concurrent answers are lib/service/csat.int.test.ts's.

test('[csat] a customer answers the survey link once; the link then says it was answered', async ({ browser }) => {
  const visitor = await visitorPage(browser);
  await visitor.setViewportSize(PHONE); // the link is mostly opened from a phone's mail app
  await visitor.goto(`/csat/${E2E_CSAT_TOKEN}`);
  await expect(visitor.getByRole('heading', { name: 'How did we do?' })).toBeVisible();
  await expect(visitor.getByText(/^Case #\d+: /)).toBeVisible();
  await expectAccessible(visitor, '/csat/[token]');
  expect(await pageOverflow(visitor)).toBe(false);
  const ratings = visitor.getByRole('group', { name: 'How satisfied are you with how we handled your case?' });
  await ratings.getByRole('radio', { name: '4 – Satisfied' }).check();
  await visitor.getByLabel('Anything you would like to add? (optional)').fill('Sorted within the day.');
  await visitor.getByRole('button', { name: 'Send my answer' }).click();
  await expect(visitor.getByRole('heading', { name: 'Thank you' })).toBeVisible();
  await visitor.goto(`/csat/${E2E_CSAT_TOKEN}`);
  await expect(visitor.getByRole('heading', { name: 'Already answered' })).toBeVisible();
  await expect(visitor.getByText(/Case #/)).toHaveCount(0);
  await visitor.goto(`/csat/${E2E_CSAT_TOKEN.replace(/0$/, '1')}`);
  await expect(visitor.getByRole('heading', { name: 'This link does not work' })).toBeVisible();
  // A Chinese browser gets the page in Simplified Chinese (Accept-Language; no account to save a choice).
  const zh = await browser.newContext({ locale: 'zh-CN' });
  const zhPage = await zh.newPage();
  await zhPage.goto(`/csat/${E2E_CSAT_TOKEN}`);
  await expect(zhPage.getByRole('heading', { name: '已评价' })).toBeVisible();
  await zh.close();
});

test.describe('[service dashboard] manager', () => {
  test.use({ storageState: storageState('manager') });

  test('a manager sees the team and per-agent tables, and opens one agent', async ({ page }) => {
    await page.goto('/service');
    await hydrated(page);
    await expect(page.getByRole('heading', { name: 'Service dashboard', level: 1 })).toBeVisible();
    for (const title of [
      'Backlog by status and priority',
      'SLA attainment',
      'CSAT trend',
      'Volume by channel',
      'Per agent',
    ])
      await expect(page.getByRole('heading', { name: title })).toBeVisible();
    await expect(page.getByRole('rowheader', { name: 'Team (all agents)' })).toBeVisible();
    await expectAccessible(page, '/service');
    await page.getByRole('combobox', { name: 'Period' }).selectOption('90');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/days=90/);
    await expect(page.getByText(/^Last 90 days, from/)).toBeVisible();
    // On a 390 px phone the page does not scroll sideways (wide tables scroll inside their own region).
    await page.setViewportSize(PHONE);
    await expect(page.getByRole('heading', { name: 'Per agent' })).toBeVisible();
    expect(await pageOverflow(page)).toBe(false);
  });
});
