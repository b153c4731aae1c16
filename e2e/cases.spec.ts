import { expect, test } from '@playwright/test';
import { expectAccessible, hydrated, storageState } from './helpers';

// The service desk: an agent takes a case from the unassigned queue, replies, sets it pending and
// resolves it (the case page fits a phone); a manager then gives that case to another agent. The
// journeys change the demo data and hand the case over, so this file runs in order.
test.describe.configure({ mode: 'serial' });

let casePath = '';

test.describe('[cases] service agent', () => {
  test.use({ storageState: storageState('agent') });

  test('an agent takes an unassigned case, replies, sets it pending, then resolves it; on a 390 px phone', async ({
    page,
  }) => {
    test.setTimeout(90_000);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/cases?view=unassigned');
    await expect(page.getByRole('heading', { level: 1, name: 'Cases' })).toBeVisible();
    await expect(page.getByRole('link', { name: /^Unassigned/ })).toHaveAttribute('aria-current', 'page');
    await hydrated(page);
    await expectAccessible(page, '/cases as an agent');
    const link = page.getByRole('table').getByRole('link').first();
    casePath = (await link.getAttribute('href'))!;
    expect(casePath).toMatch(/^\/cases\/[0-9a-f-]{36}$/);
    await page.goto(casePath);
    await hydrated(page);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('New');
    await page.getByRole('button', { name: 'Take this case' }).click();
    // Taken: the reply box appears and the header no longer says unassigned.
    await expect(page.getByLabel('Reply to the customer')).toBeVisible();
    await expect(page.getByText('Assignee: Unassigned')).toHaveCount(0);

    const reply = page.getByLabel('Reply to the customer');
    await reply.fill('E2E: we have found the cause and are fixing it.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await expect(
      page.getByRole('list', { name: 'Conversation' }).getByText('E2E: we have found the cause'),
    ).toBeVisible();
    // A reply opens a new case.
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Open');

    await hydrated(page);
    await page.getByLabel('Status').selectOption({ label: 'Pending' });
    await page.getByRole('button', { name: 'Set status' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Pending');
    await hydrated(page);
    await page.getByLabel('Status').selectOption({ label: 'Resolved' });
    await page.getByRole('button', { name: 'Set status' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Resolved');
    await expect(page.getByRole('list', { name: 'History' }).getByText('Pending → Resolved')).toBeVisible();
    // Nothing wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectAccessible(page, 'a case page as an agent');
  });
});

test.describe('[cases] manager', () => {
  test.use({ storageState: storageState('manager') });

  test('a manager gives the case to another agent; the history says so', async ({ page }) => {
    expect(casePath).not.toBe('');
    await page.goto(casePath);
    await hydrated(page);
    const assignee = page.getByLabel('Assignee');
    const current = await assignee.locator('option:checked').textContent();
    const names = await assignee.locator('option').allTextContents();
    const other = names.find((n) => n !== current && n !== 'Unassigned')!;
    await assignee.selectOption({ label: other });
    await page.getByRole('button', { name: 'Assign', exact: true }).click();
    await expect(page.getByText(`Assignee: ${other}`)).toBeVisible();
    await expect(page.getByRole('list', { name: 'History' }).getByText(`to ${other}`).first()).toBeVisible();
    await expectAccessible(page, 'a case page as a manager');
  });
});
