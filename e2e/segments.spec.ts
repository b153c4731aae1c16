import fs from 'node:fs';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { asRole, expectAccessible, hydrated } from './helpers';

// Segments: a marketer builds, previews, saves, reopens and exports one; a manager reads it but
// cannot change it; a rep has neither the pages nor the navigation entry.

/** The number in the live preview once it has settled on a count. */
async function previewCount(page: Page): Promise<number> {
  const count = page.getByTestId('segment-count');
  await expect(count).toHaveText(/^[\d,]+ customers? match(es)?$/, { timeout: 20_000 });
  await expect(count).toHaveAttribute('aria-busy', 'false');
  return Number((await count.textContent())!.replace(/[^\d]/g, ''));
}

/** Waits for the preview to show a count other than `before`, and returns it. */
async function changedCount(page: Page, before: number): Promise<number> {
  await expect.poll(() => previewCount(page), { timeout: 20_000 }).not.toBe(before);
  return previewCount(page);
}

async function setCondition(condition: Locator, field: string, op: string, value?: string) {
  await condition.getByLabel('Field').selectOption({ label: field });
  await condition.getByLabel('Operator').selectOption({ label: op });
  if (value !== undefined) await condition.getByLabel('Value').fill(value);
}

test('[segments] a marketer builds "US and (Champions or spend > 1000)", saves, reopens and exports it; a manager only reads it', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const page = await asRole(browser, 'marketer');
  await page.goto('/segments');
  await expect(page.getByRole('heading', { level: 1, name: 'Segments' })).toBeVisible();
  await expectAccessible(page, '/segments');
  await page.getByRole('link', { name: 'New segment' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New segment' })).toBeVisible();
  await hydrated(page);
  const everyone = await previewCount(page);

  const name = `US best ${Date.now()}`;
  await page.getByLabel('Name').fill(name);
  await page.getByRole('button', { name: 'Add condition' }).click();
  await setCondition(page.getByRole('group', { name: 'Condition 1' }), 'Country', 'is', 'US');
  const us = await changedCount(page, everyone);
  expect(us).toBeGreaterThan(0);

  await page.getByRole('button', { name: 'Add group' }).click();
  const nested = page.getByRole('group', { name: 'Nested group' });
  await expect(nested.getByLabel(/Match/)).toHaveValue('any');
  await nested.getByRole('button', { name: 'Add condition' }).click();
  await setCondition(nested.getByRole('group', { name: 'Condition 1' }), 'RFM segment', 'is');
  await nested.getByRole('group', { name: 'Condition 1' }).getByLabel('Value').selectOption({ label: 'Champions' });
  const champions = await changedCount(page, us);
  expect(champions).toBeLessThan(us);
  await nested.getByRole('button', { name: 'Add condition' }).click();
  await setCondition(nested.getByRole('group', { name: 'Condition 2' }), 'Total spend', 'greater than', '1000');
  const built = await changedCount(page, champions);
  expect(built).toBeGreaterThan(champions);
  expect(built).toBeLessThanOrEqual(us);
  await expect(
    page.getByRole('list', { name: 'Sample of matching customers' }).getByRole('listitem').first(),
  ).toBeVisible();
  await expectAccessible(page, '/segments/new with a rule');

  // A wrong value is named next to its condition, and nothing is saved.
  await nested.getByRole('group', { name: 'Condition 2' }).getByLabel('Value').fill('');
  await page.getByRole('button', { name: 'Save segment' }).click();
  await expect(
    nested.getByRole('group', { name: 'Condition 2' }).getByText('Enter a valid value for this field.'),
  ).toBeVisible();
  await expect(page).toHaveURL(/\/segments\/new$/);
  await nested.getByRole('group', { name: 'Condition 2' }).getByLabel('Value').fill('1000');

  await page.getByRole('button', { name: 'Save segment' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  const url = page.url();
  expect(url).toMatch(/\/segments\/[0-9a-f-]{36}/);

  // Reopened: the same rule, the stored member count.
  await page.goto(url);
  await hydrated(page);
  await expect(page.getByRole('group', { name: 'Condition 1' }).first().getByLabel('Value')).toHaveValue('US');
  const reopened = page.getByRole('group', { name: 'Nested group' });
  await expect(reopened.getByRole('group', { name: 'Condition 1' }).getByLabel('Field')).toHaveValue('rfmSegment');
  await expect(reopened.getByRole('group', { name: 'Condition 2' }).getByLabel('Value')).toHaveValue('1000');
  await expect(page.getByText(new RegExp(`^${built.toLocaleString('en-US')} members? ·`))).toBeVisible();
  expect(await previewCount(page)).toBe(built);
  await expectAccessible(page, '/segments/[id]');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Export CSV' }).click(),
  ]);
  const csv = fs.readFileSync((await download.path())!, 'utf8');
  const lines = csv.trim().split(/\r\n/);
  expect(lines[0]).toContain('id');
  expect(lines).toHaveLength(built + 1);

  // Phone-usable: the builder and its preview fit a phone's width.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(page.getByRole('button', { name: 'Save segment' })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

  await page.goto('/segments');
  await expect(page.getByRole('row').filter({ hasText: name })).toContainText(built.toLocaleString('en-US'));
  await page.context().close();

  // A manager reads the segment and its preview, but has nothing to save with.
  const manager = await asRole(browser, 'manager');
  await manager.goto(url);
  await hydrated(manager);
  await expect(manager.getByRole('heading', { level: 1, name })).toBeVisible();
  expect(await previewCount(manager)).toBe(built);
  await expect(manager.getByRole('button', { name: 'Save segment' })).toHaveCount(0);
  await expect(manager.getByRole('button', { name: /Freeze/ })).toHaveCount(0);
  await expect(manager.getByLabel('Name')).toBeDisabled();
  await expect(manager.getByRole('link', { name: 'New segment' })).toHaveCount(0);
  expect((await manager.goto('/segments/new'))?.status()).toBe(404);
  await expectAccessible(manager, '/segments/[id] as a manager');
  await manager.context().close();
});

test('[segments] a rep has no segments: no navigation entry, 404 on the pages and the export', async ({ browser }) => {
  const page = await asRole(browser, 'rep');
  await page.goto('/');
  await expect(
    page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Customers' }),
  ).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Segments' })).toHaveCount(
    0,
  );
  for (const path of ['/segments', '/segments/new', '/segments/00000000-0000-4000-8000-000000000000']) {
    expect((await page.goto(path))?.status(), path).toBe(404);
  }
  await expectAccessible(page, '/segments as a rep (404)');
  const exported = await page.request.get('/segments/00000000-0000-4000-8000-000000000000/export');
  expect(exported.status()).toBe(404);
  await page.context().close();
});
