import { expect, test } from '@playwright/test';
import { expectAccessible, hydrated, storageState } from './helpers';

test.describe('[analytics] refresh', () => {
  test.use({ storageState: storageState('manager') });

  test('settings show the snapshot and send a manager to the one Refresh now, on the dashboards', async ({ page }) => {
    await page.goto('/admin/settings');
    await hydrated(page);
    const panel = page.getByRole('region', { name: 'Customer analytics' });
    await expect(panel.getByText(/^Scores as of \d{4}-\d{2}-\d{2}: [\d,]+ customers from [\d,]+ orders/)).toBeVisible();
    // One place to refresh: the analytics pages (with progress); settings link there.
    await expect(page.getByRole('button', { name: 'Refresh now' })).toHaveCount(0);
    await expectAccessible(page);
    await panel.getByRole('link', { name: 'Refresh now, with its progress, on the Analytics pages' }).click();
    await expect(page).toHaveURL(/\/analytics$/);
    await expect(
      page.getByRole('region', { name: 'Analytics refresh' }).getByRole('button', { name: 'Refresh now' }),
    ).toBeVisible();
  });
});

test.describe('[analytics] refresh, other roles', () => {
  test.use({ storageState: storageState('rep') });

  test('a sales rep has no settings page and so no refresh button', async ({ page }) => {
    const response = await page.goto('/admin/settings');
    expect(response?.status()).toBe(404);
  });
});
