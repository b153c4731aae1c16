import { expect, type Page, test } from '@playwright/test';
import { expectAccessible, hydrated, storageState } from './helpers';

// The deal list and the deal page: a rep goes from the list to a deal, fixes a field error while
// editing it, logs a call that lands on the deal's timeline, and the page fits a phone; an admin
// moves a deal into a new stage from the deal page, then removes that stage choosing where its
// deals go. The journeys change the demo data, so this file runs in order.
test.describe.configure({ mode: 'serial' });

/** Opens the first deal the list shows for `query` and returns its path. */
async function openFirstDeal(page: Page, query: string): Promise<string> {
  await page.goto(`/deals${query}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Deals' })).toBeVisible();
  const link = page.getByRole('table').getByRole('link').first();
  const href = (await link.getAttribute('href'))!;
  expect(href).toMatch(/^\/deals\/[0-9a-f-]{36}$/);
  await link.click();
  await page.waitForURL(`**${href}`);
  await hydrated(page);
  return href;
}

test.describe('[deals] sales rep', () => {
  test.use({ storageState: storageState('rep') });
  let dealPath = '';

  test('a rep opens the deal list, then a deal; edits it past a field error; logs a call that shows on the timeline', async ({
    page,
  }) => {
    // Two axe runs, a save, an edit and an activity: more than a minute on a busy machine.
    test.setTimeout(120_000);
    await page.goto('/deals');
    await hydrated(page);
    await expectAccessible(page, '/deals as a rep');
    dealPath = await openFirstDeal(page, '?status=open');
    await expect(page.getByRole('heading', { level: 2, name: 'Stage history' })).toBeVisible();
    await expectAccessible(page, 'a deal page as a rep');

    await page.getByRole('link', { name: 'Edit deal' }).click();
    await page.waitForURL(`**${dealPath}/edit`);
    await hydrated(page);
    const amount = page.getByLabel('Amount', { exact: true });
    await amount.fill('lots');
    await page.getByRole('button', { name: 'Save' }).click();
    // The error is next to the field, tied to it for screen readers.
    await expect(amount).toHaveAttribute('aria-invalid', 'true');
    const describedBy = (await amount.getAttribute('aria-describedby'))!.split(' ')[0];
    await expect(page.locator(`[id="${describedBy}"]`)).toHaveText('Enter an amount such as 25 or 25.50.');
    await expectAccessible(page, 'the deal form with an error');
    await amount.fill('4321.50');
    await page.getByLabel('Forecast category').selectOption({ label: 'Commit' });
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(`**${dealPath}`);
    await expect(page.getByText('$4,321.50')).toBeVisible();
    await expect(page.getByText('Commit', { exact: true }).first()).toBeVisible();

    await hydrated(page);
    const log = page.getByRole('form', { name: 'Log an activity' });
    await log.getByLabel('Subject').fill('E2E discovery call');
    await log.getByRole('button', { name: 'Log activity' }).click();
    const timeline = page.getByRole('list', { name: 'Timeline' });
    await expect(timeline.getByText('E2E discovery call')).toBeVisible();
    await expect(timeline.getByText('call', { exact: true })).toBeVisible();
  });

  test('the list opens on open deals, nearest close first, the status filter in view and "All" one choice away; at 1280 px every column fits', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto('/deals');
    const status = page.getByRole('search', { name: 'Filter deals' }).getByLabel('Status');
    await expect(status).toBeVisible();
    await expect(status).toHaveValue('open');
    const table = page.getByRole('table');
    const statuses = await table.locator('tbody tr td:nth-last-child(2)').allTextContents();
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses.map((s) => s.trim()))).toEqual(new Set(['Open']));
    // Nearest expected close first.
    const header = await table.getByRole('columnheader').allTextContents();
    const closeCol = header.findIndex((h) => h.includes('Expected close')) + 1;
    const dates = await table.locator(`tbody tr td:nth-child(${closeCol})`).allTextContents();
    const parsed = dates.filter((d) => d.trim() !== '—').map((d) => Date.parse(d));
    expect(parsed).toEqual([...parsed].sort((a, b) => a - b));
    // The last columns are not cut off at a 1280 px window.
    for (const name of ['Status', 'Days in stage']) {
      const box = (await table.getByRole('columnheader', { name }).boundingBox())!;
      expect(box.x + box.width, `${name} fits`).toBeLessThanOrEqual(1280);
    }
    await status.selectOption('all');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/status=all/);
    await expect(
      table
        .getByText('Won', { exact: true })
        .or(table.getByText('Lost', { exact: true }))
        .first(),
    ).toBeVisible();
  });

  test('"New deal" on the list and the board leads to a customer search, then the deal form for the customer picked', async ({
    page,
  }) => {
    await page.goto('/pipeline');
    await expect(page.getByRole('link', { name: 'New deal' })).toBeVisible();
    await page.goto('/deals');
    await page.getByRole('link', { name: 'New deal' }).click();
    await page.waitForURL('**/deals/new');
    await expect(page.getByRole('heading', { level: 1, name: 'New deal' })).toBeVisible();
    const search = page.getByRole('search', { name: 'Find a customer' });
    await search.getByLabel('Customer name').fill('zz-no-such-customer-zz');
    await search.getByRole('button', { name: 'Search' }).click();
    await expect(page.getByText('No customer matches this name.')).toBeVisible();
    await search.getByLabel('Customer name').fill('a');
    await search.getByRole('button', { name: 'Search' }).click();
    await expect(page).toHaveURL(/\/deals\/new\?q=a/);
    await expectAccessible(page, '/deals/new customer search');
    const first = page.getByRole('main').getByRole('listitem').getByRole('link').first();
    const customer = ((await first.textContent()) ?? '').trim();
    await first.click();
    await page.waitForURL(/\/deals\/new\?customer=/);
    await expect(page.getByText(customer, { exact: true }).first()).toBeVisible();
    await expect(page.getByLabel('Deal name')).toBeVisible();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/deals/new?q=a');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });

  test('the deal page fits a phone-width window', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(dealPath);
    await hydrated(page);
    await expect(page.getByRole('heading', { level: 2, name: 'Details' })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'a deal page on a phone');
  });
});

test.describe('[deals] admin', () => {
  test.use({ storageState: storageState('admin') });

  test('an admin adds a stage, moves a deal into it from the deal page, then removes it choosing where its deals go', async ({
    page,
  }) => {
    await page.goto('/admin/stages');
    await hydrated(page);
    await expectAccessible(page, '/admin/stages');
    const add = page.getByRole('form', { name: 'Add a stage' });
    await add.getByLabel('Name (English)').fill('E2E stage');
    await add.getByLabel('Probability (%)').fill('85');
    await add.getByRole('button', { name: 'Add stage' }).click();
    const active = page.getByRole('list', { name: 'Stages', exact: true });
    await expect(active.getByText('E2E stage')).toBeVisible();
    // Its 简体中文 name, given in the edit form, is listed beside the English one.
    const added = active.getByRole('listitem').filter({ hasText: 'E2E stage' });
    await added.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('form', { name: 'Edit E2E stage' });
    await edit.getByLabel('Name (简体中文)').fill('E2E 阶段');
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect(added.getByText('简体中文: E2E 阶段')).toBeVisible();

    // A deal from Commit goes into the new stage through the deal page's stage change.
    await page.goto('/deals?status=open');
    await hydrated(page);
    await page.getByRole('combobox', { name: 'Stage', exact: true }).selectOption({ label: 'Commit' });
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/stage=/);
    const link = page.getByRole('table').getByRole('link').first();
    const dealPath = (await link.getAttribute('href'))!;
    await page.goto(dealPath);
    await hydrated(page);
    const change = page.getByRole('form', { name: 'Change stage' });
    await change.getByLabel('Stage').selectOption({ label: 'E2E stage' });
    await change.getByRole('button', { name: 'Move deal' }).click();
    await expect(page.getByText('Commit → E2E stage')).toBeVisible();

    await page.goto('/admin/stages');
    await hydrated(page);
    const row = page
      .getByRole('list', { name: 'Stages', exact: true })
      .getByRole('listitem')
      .filter({ hasText: 'E2E stage' });
    await expect(row).toContainText('1 deal');
    await row.getByRole('button', { name: 'Remove' }).click();
    const remove = page.getByRole('form', { name: 'Remove E2E stage' });
    await remove.getByRole('button', { name: 'Remove stage' }).click();
    // No target chosen: the error is at the field.
    await expect(remove.getByText('Choose an active stage of the same kind')).toBeVisible();
    await expectAccessible(page, 'the stage removal form with an error');
    await remove.getByLabel('Move its deals to').selectOption({ label: 'Commit' });
    await remove.getByRole('button', { name: 'Remove stage' }).click();
    await expect(page.getByText('Stage removed. Its deals were moved')).toBeVisible();
    await expect(page.getByRole('list', { name: 'Removed stages' }).getByText('E2E stage')).toBeVisible();
    await expect(page.getByRole('list', { name: 'Stages', exact: true }).getByText('E2E stage')).toHaveCount(0);

    await page.goto(dealPath);
    await expect(page.getByText('E2E stage → Commit')).toBeVisible();
  });
});
