import { expect, test } from '@playwright/test';
import { expectAccessible, hydrated, storageState } from './helpers';

// The sales dashboard: a manager reads the team's pipeline and results, opens one person's numbers
// from the team table; a rep reads their own (no owner filter, no team table); an agent and a
// marketer have none.

test.describe('[sales dashboard] manager', () => {
  test.use({ storageState: storageState('manager') });

  test("a manager reads the team's numbers, each chart with its table, and opens one person's", async ({ page }) => {
    await page.goto('/sales');
    await expect(page.getByRole('heading', { level: 1, name: 'Sales dashboard' })).toBeVisible();
    await hydrated(page);
    await expectAccessible(page, '/sales as a manager');
    for (const title of ['Pipeline by stage', 'Stage conversion', 'Won revenue by month', 'Lost reasons', 'By person'])
      await expect(page.getByRole('heading', { level: 2, name: title })).toBeVisible();
    // The charts name their series in a legend (the chart itself is hidden from screen readers: its table says the same).
    const legend = (region: string) => page.getByRole('region', { name: region }).locator('.recharts-legend-item-text');
    await expect(legend('Pipeline by stage')).toHaveText(['Amount', 'Weighted']);
    await expect(legend('Stage conversion')).toHaveText(['Reached']);
    await expect(legend('Won revenue by month')).toHaveText(['Won revenue']);
    const winRate = (await page.getByTestId('kpi-win-rate').textContent()) ?? '';
    expect(winRate).toMatch(/^\d+(\.\d)?%$/);
    // The stage table lists the open stages with their deals.
    const stages = page.getByRole('region', { name: 'Pipeline by stage' }).getByRole('row');
    await expect(stages.filter({ hasText: 'Prospecting' })).toHaveCount(1);

    const team = page.getByRole('region', { name: 'By person' });
    const first = team.getByRole('row').nth(1).getByRole('link');
    const name = ((await first.textContent()) ?? '').trim();
    await first.click();
    await expect(page).toHaveURL(/owner=/);
    await expect(page.getByLabel('Owner')).toHaveValue(/.+/);
    await expect(page.getByRole('option', { name, selected: true })).toHaveCount(1);
    await expect(page.getByRole('heading', { level: 2, name: 'By person' })).toHaveCount(0);

    await page.getByLabel('Period').selectOption('3');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/months=3/);
    await expect(page.getByText(/the last 3 months/)).toBeVisible();
  });

  test('on a phone the dashboard reads in one column without sideways scrolling', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/sales');
    await expect(page.getByRole('heading', { level: 1, name: 'Sales dashboard' })).toBeVisible();
    await hydrated(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(page, '/sales on a phone');
  });
});

test.describe('[forecast] manager', () => {
  test.use({ storageState: storageState('manager') });

  test("a manager sets a rep's quota for this month in the forecast; a bad amount is refused next to the field", async ({
    page,
  }) => {
    await page.goto('/sales');
    await hydrated(page);
    await page.getByRole('navigation', { name: 'Sales views' }).getByRole('link', { name: 'Forecast' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Forecast' })).toBeVisible();
    await hydrated(page);
    await expectAccessible(page, '/sales/forecast as a manager');
    await expect(page.getByRole('region', { name: 'By month' }).locator('.recharts-legend-item-text')).toHaveText([
      'Quota',
      'Won',
      'Commit',
      'Best case',
      'Weighted',
    ]);
    // Over 3 months a team's table has one row per person for the period, each name opening their
    // months; quotas are set month by month: for one person, or for everyone in one month.
    const people = page.getByRole('table', { name: 'By person' });
    await expect(people.getByRole('columnheader', { name: 'Month' })).toHaveCount(0);
    await expect(people.getByRole('link', { name: /: month by month$/ }).first()).toBeVisible();
    await expect(page.getByRole('button', { name: /^Edit the quota/ })).toHaveCount(0);
    await page
      .getByRole('search', { name: 'Filter the forecast' })
      .getByLabel('Months')
      .selectOption({ label: '1 month' });
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/months=1/);
    await expect(people.getByRole('columnheader', { name: 'Month' })).toBeVisible();
    await hydrated(page);
    const month = (await people.locator('tbody tr td').first().textContent()) ?? '';
    expect(month).toMatch(/^\d{4}-\d{2}$/);
    const edit = page.getByRole('button', { name: new RegExp(`^Edit the quota of .+ for ${month}$`) }).first();
    const who = /^Edit the quota of (.+) for /.exec((await edit.getAttribute('aria-label')) ?? '')?.[1] ?? '';
    await edit.click();
    const field = page.getByLabel(`Quota of ${who} for ${month}`, { exact: true });
    await expect(field).toBeFocused();
    await field.fill('12abc');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Enter an amount' })).toBeVisible();
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await field.fill('25000');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByLabel(`Quota of ${who} for ${month}`, { exact: true })).toHaveCount(0);
    const row = page
      .getByRole('table', { name: 'By person' })
      .getByRole('row')
      .filter({ hasText: month })
      .filter({
        has: page.getByRole('button', { name: `Edit the quota of ${who} for ${month}` }),
      });
    await expect(row).toContainText('$25,000.00');
    await page.reload();
    await expect(
      page
        .getByRole('table', { name: 'By person' })
        .getByRole('row')
        .filter({
          has: page.getByRole('button', { name: `Edit the quota of ${who} for ${month}` }),
        }),
    ).toContainText('$25,000.00');
  });
});

test.describe('[sales dashboard] rep', () => {
  test.use({ storageState: storageState('rep') });

  test('a rep reads their own numbers: no owner filter, no team table, an owner in the URL changes nothing', async ({
    page,
  }) => {
    await page.goto('/sales');
    await expect(page.getByRole('heading', { level: 1, name: 'Sales dashboard' })).toBeVisible();
    await expect(page.getByText('Your pipeline and results.')).toBeVisible();
    const open = await page.getByTestId('kpi-open').textContent();
    await expect(page.getByLabel('Owner')).toHaveCount(0);
    await expect(page.getByRole('heading', { level: 2, name: 'By person' })).toHaveCount(0);
    await expectAccessible(page, '/sales as a rep');
    await page.goto('/sales?owner=me&owner=00000000-0000-4000-8000-000000000000');
    await expect(page.getByTestId('kpi-open')).toHaveText(open ?? '');
  });

  test('a rep reads their own forecast: one row, no quota editing', async ({ page }) => {
    await page.goto('/sales/forecast');
    await expect(page.getByRole('heading', { level: 1, name: 'Forecast' })).toBeVisible();
    await hydrated(page);
    await expectAccessible(page, '/sales/forecast as a rep');
    await expect(page.getByRole('table', { name: 'By person' }).getByRole('rowheader')).toHaveCount(1);
    await expect(page.getByRole('button', { name: /^Edit the quota/ })).toHaveCount(0);
    await expect(page.getByLabel('Owner')).toHaveCount(0);
  });
});

for (const role of ['agent', 'marketer'] as const) {
  test.describe(`[sales dashboard] ${role}`, () => {
    test.use({ storageState: storageState(role) });
    test(`a ${role} has no sales dashboard (404, not in the menu)`, async ({ page }) => {
      for (const path of ['/sales', '/sales/forecast']) {
        const response = await page.goto(path);
        expect(response?.status(), path).toBe(404);
      }
      await expect(page.getByRole('link', { name: 'Sales dashboard' })).toHaveCount(0);
    });
  });
}
