import { expect, test } from '@playwright/test';
import { expectAccessible, hydrated, storageState } from './helpers';

test.describe('[analytics] refresh', () => {
  test.use({ storageState: storageState('manager') });

  test('manager sees the seeded snapshot, refreshes now and sees the refresh run and finish', async ({ page }) => {
    await page.goto('/admin/settings');
    await hydrated(page);
    const panel = page.getByRole('region', { name: 'Customer analytics' });
    await expect(panel.getByText(/^Scores as of \d{4}-\d{2}-\d{2}: [\d,]+ customers from [\d,]+ orders/)).toBeVisible();
    const button = panel.getByRole('button', { name: 'Refresh now' });
    await button.click();
    // Queued, then running (the panel follows the run's step), then done: the button is back.
    await expect(button).toBeDisabled();
    await expect(button).toBeEnabled({ timeout: 60_000 });
    await expect(panel.getByRole('alert')).toHaveCount(0);
    await expectAccessible(page);
  });
});

test.describe('[analytics] refresh, other roles', () => {
  test.use({ storageState: storageState('rep') });

  test('a sales rep has no settings page and so no refresh button', async ({ page }) => {
    const response = await page.goto('/admin/settings');
    expect(response?.status()).toBe(404);
  });
});
