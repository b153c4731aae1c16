import { expect, test } from '@playwright/test';
import { expectAccessible, hydrated, storageState } from './helpers';

test.describe('[sla] admin', () => {
  test.use({ storageState: storageState('admin') });

  test('an admin splits Monday into two periods and adds a holiday; a period crossing midnight is refused at the day', async ({
    page,
  }) => {
    await page.goto('/admin/sla');
    await hydrated(page);
    await expectAccessible(page, '/admin/sla');
    const calendars = page.getByRole('list', { name: 'Business hours' });
    const office = calendars.getByRole('listitem').filter({ hasText: 'Office hours' });
    await office.getByRole('button', { name: 'Edit Office hours' }).click();
    const form = page.getByRole('form', { name: 'Edit calendar Office hours' });

    // 09:00–08:00 would cross midnight: refused next to Monday, the rest of the form kept.
    await form.getByLabel('Monday period 1 ends').fill('08:00');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(form.getByText('A period must end after it starts on the same day.')).toBeVisible();
    await expectAccessible(page, 'the calendar form with an error');

    await form.getByLabel('Monday period 1 ends').fill('12:00');
    await form.getByRole('button', { name: 'Add a period on Monday' }).click();
    await form.getByLabel('Monday period 2 starts').fill('13:00');
    await form.getByLabel('Monday period 2 ends').fill('18:00');
    await form.getByRole('button', { name: 'Add a holiday' }).click();
    await form
      .getByLabel(/^Holiday \d+$/)
      .last()
      .fill('2030-05-01');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Changes saved.')).toBeVisible();
    await expect(form).toHaveCount(0);
    await expect(office).toContainText('09:00–12:00, 13:00–18:00');
    await expect(office).toContainText('2030-05-01');
  });
});

test.describe('[sla] manager on a phone', () => {
  test.use({ storageState: storageState('manager'), viewport: { width: 390, height: 844 } });

  test('a manager reads the policies and calendars without edit buttons, within a 390 px screen', async ({ page }) => {
    await page.goto('/admin/sla');
    await hydrated(page);
    await expect(page.getByRole('heading', { level: 1, name: 'SLA' })).toBeVisible();
    const policies = page.getByRole('list', { name: 'Policies' });
    await expect(policies.getByRole('listitem')).toHaveCount(4);
    await expect(policies).toContainText('Business hours: Office hours (Europe/London)');
    await expect(page.getByRole('button', { name: /^Edit / })).toHaveCount(0);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(page, '/admin/sla on a phone (manager)');
  });
});
