import { expect, test } from '@playwright/test';
import { expectAccessible, hydrated, storageState } from './helpers';

// The demo's mail loop on a phone: a service agent simulates a customer's email on the Outbox and
// the case it became is named (the e2e server sends real mail to its SMTP sink and keeps this form on
// with MAIL_SIMULATE_INBOUND=on: scripts/e2e-server.mjs).
test.use({ storageState: storageState('agent'), viewport: { width: 390, height: 844 } });

test('an agent simulates an inbound email on the Outbox and sees the new case number', async ({ page }) => {
  test.setTimeout(30_000);
  await page.goto('/outbox');
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Outbox' })).toBeVisible();
  const subject = `E2E printer jam ${Date.now()}`;
  await page.getByLabel('Sender name').fill('Pat Printer');
  await page.getByLabel('Sender email').fill(`pat.${Date.now()}@example.org`);
  await page.getByLabel('Subject').fill(subject);
  await page.getByLabel('Message').fill('The printer jams on every page.');
  await page.getByRole('button', { name: 'Receive email' }).click();
  const created = page.getByText(/^New case #\d+ created\.$/);
  await expect(created).toBeVisible();
  const number = (await created.textContent())?.match(/#(\d+)/)?.[1];
  // The list shows the received message on that case.
  const row = page.getByRole('row').filter({ hasText: subject });
  await expect(row).toContainText(`#${number}`);
  await expect(row).toContainText('Received');
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await expectAccessible(page, '/outbox after simulating an email');
  // The message itself: its headers and text.
  await row.getByRole('link', { name: subject }).click();
  await expect(page.getByRole('heading', { level: 1, name: subject })).toBeVisible();
  await expect(page.getByText('The printer jams on every page.')).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await expectAccessible(page, 'an inbound email on /outbox/[id]');
});
