import { expect, type Page, test } from '@playwright/test';
import { expectAccessible, hydrated, storageState } from './helpers';

// Customer analytics: the dashboards, Refresh now, drill-down to the customer list, and who sees
// what (managers everything, reps their own customers, service agents nothing).

const DASHBOARDS = [
  { path: '/analytics', tab: 'Customer value', heading: 'RFM segments' },
  { path: '/analytics/lifetime-value', tab: 'Lifetime value', heading: 'Model card: can I trust these predictions?' },
  { path: '/analytics/segments', tab: 'Segments', heading: 'Cluster sizes' },
  { path: '/analytics/retention', tab: 'Retention', heading: 'Monthly cohort retention' },
  { path: '/analytics/churn-risk', tab: 'Churn risk', heading: 'Valuable customers at risk' },
] as const;

/** A number shown on the page (digits with separators, maybe a currency or %), as a number. */
const numberIn = (text: string | null) => Number((text ?? '').replace(/[^\d.]/g, ''));

async function kpi(page: Page, key: string): Promise<string> {
  return (await page.getByTestId(`kpi-${key}`).textContent()) ?? '';
}

test.describe('[analytics] manager', () => {
  test.use({ storageState: storageState('manager') });

  test('a manager refreshes, sees each dashboard with real numbers, drills down from a segment to the filtered list', async ({
    page,
  }) => {
    test.setTimeout(180_000);
    await page.goto('/analytics');
    await hydrated(page);
    const asOf = page.getByTestId('analytics-as-of');
    await expect(asOf).toBeVisible();
    const before = await asOf.getAttribute('data-run-id');

    // Refresh now: progress shows, then the new run's numbers.
    await page.getByRole('button', { name: 'Refresh now' }).click();
    await expect(page.getByText(/Refresh queued|Refreshing:/)).toBeVisible();
    await expect(asOf).not.toHaveAttribute('data-run-id', before ?? '', { timeout: 120_000 });
    await expect(page.getByText(/Refresh queued|Refreshing:/)).toHaveCount(0);
    await expect(page.getByRole('alert').filter({ hasText: 'failed' })).toHaveCount(0);

    // Customer value: real numbers in the tiles, the segment table and the R×F grid.
    expect(numberIn(await kpi(page, 'active'))).toBeGreaterThan(0);
    expect(await kpi(page, 'revenue')).toMatch(/\$[\d.,]+[KM]?/);
    expect(numberIn(await kpi(page, 'alive'))).toBeGreaterThan(0);
    // The panel (a named section) holds the table (a named, scrollable region) of the same name.
    const segments = page.getByRole('region', { name: 'RFM segments' }).first();
    await expect(segments.getByRole('rowheader', { name: 'Champions' })).toBeVisible();
    await expect(
      page.getByRole('region', { name: 'Recency × frequency' }).first().getByRole('link').first(),
    ).toBeVisible();
    await expectAccessible(page, '/analytics (manager)');

    // Every other dashboard, through the sub-navigation.
    for (const d of DASHBOARDS.slice(1)) {
      await page.getByRole('navigation', { name: 'Dashboards' }).getByRole('link', { name: d.tab }).click();
      await expect(page).toHaveURL(new RegExp(`${d.path}$`));
      await expect(page.getByRole('heading', { name: d.heading })).toBeVisible();
      await hydrated(page);
      await expectAccessible(page, `${d.path} (manager)`);
    }
    await page.goto('/analytics/lifetime-value');
    await expect(page.getByTestId('model-verdict')).toBeVisible();
    expect(numberIn(await page.getByTestId('param-BG/NBD-r').textContent())).toBeGreaterThan(0);
    await expect(page.getByRole('heading', { name: 'Holdout check over time' })).toBeVisible();
    await page.goto('/analytics/segments');
    await expect(page.getByTestId('cluster-0-words')).toHaveText(/(recent|lapsed).*(frequent|occasional).*spend/);

    // Drill down: a segment's row opens the customer list filtered to it.
    await page.goto('/analytics');
    const champions = Number(
      (
        await segments
          .getByRole('row', { name: /Champions/ })
          .getByRole('cell')
          .first()
          .textContent()
      )?.replace(/\D/g, ''),
    );
    expect(champions).toBeGreaterThan(0);
    await segments.getByRole('link', { name: 'Champions' }).click();
    await expect(page).toHaveURL(/\/customers\?segment=champions/);
    await expect(page.getByLabel('RFM segment')).toHaveValue('champions');
    const table = page.getByRole('table', { name: 'Customers' });
    await expect(table.getByRole('row').nth(1)).toBeVisible();
    await expect(table.getByRole('cell', { name: 'Champions', exact: true }).first()).toBeVisible();
    await expect(table.getByRole('cell', { name: 'Loyal Customers', exact: true })).toHaveCount(0);
    await expect(page.getByText(new RegExp(`of ${champions.toLocaleString('en-US')}\\b`))).toBeVisible();
  });

  test('the customer 360 page shows the scores, with churn reasons on focus', async ({ page }) => {
    await page.goto('/customers?sort=clv&dir=desc');
    await page.getByRole('table', { name: 'Customers' }).getByRole('link').first().click();
    await expect(page.getByRole('heading', { name: 'Analytics', level: 2 })).toBeVisible();
    await expect(page.getByTestId('score-segment')).not.toHaveText('—');
    await expect(page.getByTestId('score-clv')).toHaveText(/\$/);
    await hydrated(page);
    const risk = page.getByTestId('score-churn').getByRole('button');
    await risk.focus();
    await expect(page.getByRole('tooltip')).toBeVisible();
    // The reasons stay inside the window (the badge sits near its right edge on a wide screen).
    const viewport = page.viewportSize()!;
    await expect
      .poll(async () => {
        const box = await page.getByRole('tooltip').boundingBox();
        return box !== null && box.x >= 0 && box.x + box.width <= viewport.width;
      })
      .toBe(true);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('tooltip')).toBeHidden();
    await expectAccessible(page, 'customer 360 with analytics');
  });
});

test.describe('[analytics] sales rep', () => {
  test.use({ storageState: storageState('rep') });

  test("a rep sees only their own customers' analytics", async ({ page: rep, browser }) => {
    test.setTimeout(120_000);
    await rep.goto('/analytics');
    await hydrated(rep);
    await expect(rep.getByText('The same analytics for the customers you own.')).toBeVisible();
    await expect(rep.getByLabel('Owner')).toHaveCount(0);
    await expect(rep.getByRole('button', { name: 'Refresh now' })).toHaveCount(0);
    const repActive = await kpi(rep, 'active');
    await rep.goto('/');
    const repName = (await rep.getByRole('heading', { level: 1 }).textContent())?.replace(/^Welcome, /, '').trim();
    expect(repName).toBeTruthy();

    // The same numbers as a manager filtering by that rep's customers, and fewer than everyone's.
    const manager = await (await browser.newContext({ storageState: storageState('manager') })).newPage();
    await manager.goto('/analytics');
    await hydrated(manager);
    const allActive = numberIn(await kpi(manager, 'active'));
    await manager.getByLabel('Owner').selectOption({ label: repName! });
    await manager.getByRole('button', { name: 'Apply' }).click();
    await expect(manager).toHaveURL(/owner=/);
    await expect(manager.getByTestId('kpi-active')).toHaveText(repActive);
    expect(numberIn(repActive)).toBeLessThan(allActive);

    // The churn-risk list holds the rep's customers only.
    await rep.goto('/analytics/churn-risk');
    const owners = rep
      .getByRole('table', { name: 'Valuable customers at risk' })
      .locator('tbody tr td:nth-child(3) > span:last-child');
    for (const owner of await owners.allTextContents()) expect(owner).toBe(repName);
    for (const d of DASHBOARDS) {
      const response = await rep.goto(d.path);
      expect(response?.status(), d.path).toBe(200);
      await hydrated(rep);
      await expectAccessible(rep, `${d.path} (rep)`);
    }
    // My day lists the rep's valuable customers at risk.
    await rep.goto('/');
    await expect(rep.getByRole('heading', { name: 'Valuable customers of mine at risk' })).toBeVisible();
  });
});

test.describe('[analytics] service agent', () => {
  test.use({ storageState: storageState('agent') });

  test('an agent gets no analytics pages: 404 and no sidebar entry', async ({ page }) => {
    for (const d of DASHBOARDS) {
      const response = await page.goto(d.path);
      expect(response?.status(), d.path).toBe(404);
    }
    await page.goto('/');
    await expect(
      page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Analytics' }),
    ).toHaveCount(0);
    // No analytics filters reach the list for them either: a segment in the URL (a link a manager
    // shared) is ignored, not an empty list behind a filter they cannot see or clear.
    await page.goto('/customers');
    const showing = page.getByText(/^\d[\d,]*–\d[\d,]* of [\d,]+$/);
    const all = await showing.textContent();
    expect(all).not.toMatch(/^0–0/);
    await page.goto('/customers?segment=champions&sort=clv');
    await expect(page.getByLabel('RFM segment')).toHaveCount(0);
    await expect(showing).toHaveText(all ?? '');
  });
});
