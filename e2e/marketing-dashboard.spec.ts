import { expect, test } from '@playwright/test';
import { expectAccessible, hydrated, storageState } from './helpers';

// The marketing dashboard on the demo seed's sent newsletter (db/seed/marketing.ts); its numbers
// are lib/marketing/attribution's integration tests'. Here: it renders, passes axe, a marketer may
// recalculate, a manager only reads, reps and agents get a 404.

test.describe('[marketing dashboard] marketer', () => {
  test.use({ storageState: storageState('marketer') });

  test('a marketer sees the funnel, ROI and lift, and segment sizes, and may recalculate', async ({ page }) => {
    await page.goto('/marketing');
    await hydrated(page);
    await expect(page.getByRole('heading', { name: 'Marketing dashboard', level: 1 })).toBeVisible();
    for (const title of [
      'Funnel, all campaigns shown',
      'Revenue, ROI and lift',
      'Campaigns',
      'Unsubscribes and bounces',
      'Segment sizes over time',
    ])
      await expect(page.getByRole('heading', { name: title, exact: true })).toBeVisible();
    await expect(page.getByRole('rowheader', { name: 'Spring newsletter' }).first()).toBeVisible();
    await expect(page.getByRole('link', { name: 'Marketing dashboard' })).toBeVisible();
    await expectAccessible(page, '/marketing');
    await page.getByRole('button', { name: 'Recalculate' }).click();
    await expect(page.getByText('Recalculation queued')).toBeVisible();
  });
});

test.describe('[marketing dashboard] manager', () => {
  test.use({ storageState: storageState('manager') });

  test('a manager reads the dashboard but cannot recalculate', async ({ page }) => {
    await page.goto('/marketing');
    await expect(page.getByRole('heading', { name: 'Revenue, ROI and lift' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Recalculate' })).toHaveCount(0);
  });
});

for (const role of ['rep', 'agent'] as const) {
  test.describe(`[marketing dashboard] ${role}`, () => {
    test.use({ storageState: storageState(role) });
    test(`a ${role} has no marketing dashboard (404, not in the menu)`, async ({ page }) => {
      const response = await page.goto('/marketing');
      expect(response?.status()).toBe(404);
      await expect(page.getByRole('link', { name: 'Marketing dashboard' })).toHaveCount(0);
    });
  });
}
