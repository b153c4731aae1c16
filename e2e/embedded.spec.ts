import { expect, test } from '@playwright/test';
import { hydrated, loginOk } from './helpers';

// The embedded database (PGlite), as a new user meets it: when the other journeys run on PostgreSQL
// (CI), this one runs against a second server on PGlite (playwright.config.ts, project "embedded"):
// sign in, read lists, move a deal on the board, and find the move after a reload. It signs in
// itself: sessions live in each server's own database.

test('on the embedded database a rep signs in, reads customers and moves a deal that stays moved', async ({ page }) => {
  await page.goto('/login');
  // rep6: a rep no other journey uses, whose board this one may change even when both share a server.
  await loginOk(page, 'rep6@lodestar.test');

  await page.goto('/customers');
  await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();
  const first = page.locator('tbody tr').first().getByRole('link').first();
  const customer = ((await first.textContent()) ?? '').trim();
  expect(customer).not.toBe('');
  await first.click();
  await expect(page.getByRole('heading', { level: 1, name: customer })).toBeVisible();

  await page.goto('/pipeline');
  await expect(page.getByRole('heading', { level: 1, name: 'Pipeline' })).toBeVisible();
  await hydrated(page);
  const from = page.getByRole('region', { name: /^Prospecting/ });
  const card = from.getByRole('listitem').first();
  const name = ((await card.locator('p').first().textContent()) ?? '').trim();
  await card.getByRole('combobox', { name: `Move ${name} to` }).selectOption({ label: 'Qualification' });
  const to = page.getByRole('region', { name: /^Qualification/ });
  await expect(to.getByRole('listitem').filter({ hasText: name })).toHaveCount(1);
  await page.reload();
  await hydrated(page);
  await expect(
    page
      .getByRole('region', { name: /^Qualification/ })
      .getByRole('listitem')
      .filter({ hasText: name }),
  ).toHaveCount(1);
});
