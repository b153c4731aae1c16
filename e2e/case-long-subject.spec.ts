import { expect, test } from '@playwright/test';
import { firstHref, hydrated, storageState } from './helpers';

// A subject without spaces (a pasted token or order reference) wraps on the case page instead of
// widening it: the title's flex row once kept the whole string on one line, 5,000 px wide.
test.use({ storageState: storageState('agent'), viewport: { width: 390, height: 844 } });

test('a case whose subject has no spaces fits a 390 px phone', async ({ page }) => {
  const customer = await firstHref(page, '/customers', /^\/customers\/[0-9a-f-]{36}$/);
  await page.goto(`/cases/new?customer=${customer.split('/').pop()}`);
  await hydrated(page);
  const subject = `REF-${'W'.repeat(150)}`;
  await page.getByLabel('Subject').fill(subject);
  await page.getByRole('button', { name: 'Create case' }).click();
  await expect(page).toHaveURL(/\/cases\/[0-9a-f-]{36}/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(subject);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});
