import { expect, type Page, test } from '@playwright/test';
import { expectAccessible, firstHref, hydrated, storageState } from './helpers';

// How every form behaves around a save: what was picked survives a refusal, the refusal is seen and
// the first wrong field has the focus, and a success is confirmed once, wherever the user lands.

const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

/** A `datetime-local` value in the browser's zone, an hour from now. */
function inAnHour(): string {
  const d = new Date(Date.now() + 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A confirmation: the polite status message, not the route announcer or an error alert. */
const status = (page: Page, text: string) => page.getByRole('status').filter({ hasText: text });

async function createCustomer(page: Page, name: string): Promise<string> {
  await page.goto('/customers/new');
  await hydrated(page);
  await page.getByLabel('Name').fill(name);
  await page.getByRole('button', { name: 'Create customer' }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(name) })).toBeVisible();
  await hydrated(page);
  return page.url();
}

test.describe('[forms] choices survive a refused save', () => {
  test('a user is created with the role that was picked before a refused submit', async ({ browser }) => {
    const admin = await browser.newPage({ storageState: storageState('admin') });
    const id = unique();
    await admin.goto('/admin/users/new');
    await hydrated(admin);
    await admin.getByLabel('Name').fill(`Mei Chen ${id}`);
    await admin.getByLabel('Email').fill('not-an-email');
    await admin.getByLabel('Role').selectOption({ label: 'Marketer' });
    await admin.getByLabel('Initial password').fill('copper-meadow-violin-42');
    await admin.getByRole('button', { name: 'Create user' }).click();
    await expect(admin.getByText('Enter a valid email address.')).toBeVisible();
    await expect(admin.getByLabel('Role')).toHaveValue('marketer');

    await admin.getByLabel('Email').fill(`mei.${id}@example.com`);
    await admin.getByLabel('Initial password').fill('copper-meadow-violin-42');
    await admin.getByRole('button', { name: 'Create user' }).click();
    await expect(admin.getByRole('heading', { level: 1, name: `Mei Chen ${id}` })).toBeVisible();
    await hydrated(admin);
    await expect(admin.getByLabel('Role')).toHaveValue('marketer');

    // Editing: an unticked "Active" and a new role stay as they were set when the name is refused.
    await admin.getByLabel('Name').fill('');
    await admin.getByLabel('Role').selectOption({ label: 'Manager' });
    await admin.getByLabel('Active (can sign in)').uncheck();
    await admin.getByRole('button', { name: 'Save changes' }).click();
    await expect(admin.getByText('This field is required.')).toBeVisible();
    await expect(admin.getByLabel('Role')).toHaveValue('manager');
    await expect(admin.getByLabel('Active (can sign in)')).not.toBeChecked();
  });

  test('customer type, owner and consent survive a refused create', async ({ browser }) => {
    const manager = await browser.newPage({ storageState: storageState('manager') });
    await manager.goto('/customers/new');
    await hydrated(manager);
    await manager.getByLabel('Type').selectOption({ label: 'Person' });
    await manager.getByLabel('Owner').selectOption({ label: 'Morgan Patel' });
    const owner = await manager.getByLabel('Owner').inputValue();
    await manager.getByLabel('Agreed to receive marketing email').check();
    await manager.getByRole('button', { name: 'Create customer' }).click();
    await expect(manager.getByText('This field is required.')).toBeVisible();
    await expect(manager.getByLabel('Type')).toHaveValue('person');
    await expect(manager.getByLabel('Owner')).toHaveValue(owner);
    await expect(manager.getByLabel('Agreed to receive marketing email')).toBeChecked();
  });

  test('the fiscal year survives a refused settings save', async ({ browser }) => {
    const admin = await browser.newPage({ storageState: storageState('admin') });
    await admin.goto('/admin/settings');
    await hydrated(admin);
    const before = await admin.getByLabel('Fiscal year starts in').inputValue();
    const picked = before === '4' ? '7' : '4';
    await admin.getByLabel('Fiscal year starts in').selectOption(picked);
    await admin.getByLabel('Currency').fill('12');
    await admin.getByRole('button', { name: 'Save settings' }).click();
    await expect(admin.getByLabel('Currency')).toHaveAttribute('aria-invalid', 'true');
    await expect(admin.getByLabel('Fiscal year starts in')).toHaveValue(picked);
    await expect(admin.getByLabel('Currency')).toHaveValue('12');
  });

  test('the contact picked for an activity survives a refused log', async ({ browser }) => {
    const agent = await browser.newPage({ storageState: storageState('manager') });
    const customer = await firstHref(agent, '/contacts', /^\/customers\/[0-9a-f-]{36}$/);
    await agent.goto(customer);
    await hydrated(agent);
    const log = agent.getByRole('form', { name: 'Log an activity' });
    const contact = log.getByLabel('Contact');
    const option = await contact.locator('option').nth(1).getAttribute('value');
    await contact.selectOption(option as string);
    await log.getByRole('button', { name: 'Log activity' }).click();
    await expect(log.getByLabel('Subject')).toHaveAttribute('aria-invalid', 'true');
    await expect(contact).toHaveValue(option as string);
  });
});

test.describe('[forms] lead choices survive a refused save', () => {
  test.use({ storageState: storageState('rep') });

  async function newLead(page: Page): Promise<string> {
    const name = `Retry${unique()}`;
    await page.goto('/leads/new');
    await hydrated(page);
    await page.getByLabel('First name').fill('Ruth');
    await page.getByLabel('Last name').fill(name);
    await page.getByLabel('Company').fill(`${name} Ltd`);
    await page.getByRole('button', { name: 'Create lead' }).click();
    await expect(page.getByRole('heading', { level: 1, name: new RegExp(name) })).toBeVisible();
    await hydrated(page);
    return name;
  }

  test('a deal asked for in a refused convert is still asked for, and made, when the amount is fixed', async ({
    page,
  }) => {
    const name = await newLead(page);
    const deal = `Deal ${name}`;
    const tick = page.getByRole('checkbox', { name: 'Also create a deal' });
    await tick.check();
    await page.getByLabel('Deal name').fill(deal);
    await page.getByLabel('Amount').fill('1,5');
    await page.getByRole('button', { name: 'Convert lead' }).click();
    await expect(page.getByLabel('Amount')).toHaveAttribute('aria-invalid', 'true');
    await expect(tick).toBeChecked();
    await page.getByLabel('Amount').fill('1500');
    await page.getByRole('button', { name: 'Convert lead' }).click();
    await expect(page).toHaveURL(/\/customers\/[0-9a-f-]{36}/);
    await expect(page.getByText(deal).first()).toBeVisible();
  });

  test('the status picked on the lead form survives a refused save (unqualified without a reason)', async ({
    page,
  }) => {
    await newLead(page);
    await page.getByText('Edit lead').click();
    const status = page.getByLabel('Status');
    await status.selectOption('unqualified');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByLabel('Why unqualified')).toHaveAttribute('aria-invalid', 'true');
    await expect(status).toHaveValue('unqualified');
  });
});

test.describe('[forms] a refused save is seen', () => {
  test.use({ storageState: storageState('rep'), viewport: { width: 390, height: 844 } });

  test('the error shows below the sticky header and the first invalid field has the focus, described by its error', async ({
    page,
  }) => {
    await page.goto('/customers/new');
    await hydrated(page);
    await page.getByLabel('Name').fill(`Focus ${unique()}`);
    await page.getByLabel('Email', { exact: true }).fill('not-an-email');
    await page.getByLabel('Country').fill('USA');
    const submit = page.getByRole('button', { name: 'Create customer' });
    await submit.scrollIntoViewIfNeeded();
    await submit.click();

    const email = page.getByLabel('Email', { exact: true });
    await expect(email).toBeFocused();
    await expect(email).toHaveAttribute('aria-invalid', 'true');
    await expect(email).toHaveAccessibleDescription('Enter a valid email address.');
    const banner = page.getByRole('alert').filter({ hasText: 'Please correct the highlighted fields.' });
    await expect(banner).toBeInViewport({ ratio: 1 });
    const [bannerTop, headerBottom] = await Promise.all([
      banner.evaluate((el) => el.getBoundingClientRect().top),
      page
        .locator('header')
        .first()
        .evaluate((el) => el.getBoundingClientRect().bottom),
    ]);
    expect(bannerTop).toBeGreaterThanOrEqual(headerBottom);
    await expectAccessible(page, '/customers/new after a refused submit (phone)');
  });
});

test.describe('[forms] a success is confirmed', () => {
  test.use({ storageState: storageState('rep') });

  test('creating and saving a customer are confirmed once on the page the form leads to', async ({ page }) => {
    const name = `Confirmed ${unique()}`;
    const url = await createCustomer(page, name);
    await expect(status(page, 'Customer created.')).toBeVisible();
    // The confirmation is not in the address, so a reload or a shared link does not repeat it.
    await expect(page).toHaveURL(/\/customers\/[0-9a-f-]{36}$/);
    await page.reload();
    await hydrated(page);
    await expect(page.getByRole('heading', { level: 1, name: new RegExp(name) })).toBeVisible();
    await expect(status(page, 'Customer created.')).toHaveCount(0);

    await page.goto(`${url}/edit`);
    await hydrated(page);
    await page.getByLabel('Industry').fill('Shipping');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page).toHaveURL(url);
    await expect(status(page, 'Changes saved.')).toBeVisible();
    await expect(page.getByText('Shipping')).toBeVisible();
    await expectAccessible(page, 'a 360 page with a confirmation');
  });

  test('adding a contact is confirmed in place; saving it from its edit page back on the 360', async ({ page }) => {
    const id = unique();
    const url = await createCustomer(page, `Contacts ${id}`);
    await page.getByRole('button', { name: 'Add contact' }).click();
    const add = page.getByRole('form', { name: 'Add contact' });
    await add.getByLabel('First name').fill('Lena');
    await add.getByLabel('Last name').fill(`Park ${id}`);
    await add.getByRole('button', { name: 'Save contact' }).click();
    await expect(status(page, 'Contact added.')).toBeVisible();

    await page.getByRole('link', { name: `Edit Lena Park ${id}` }).click();
    await expect(page.getByLabel('Job title')).toBeVisible();
    await hydrated(page);
    await page.getByLabel('Job title').fill('Buyer');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page).toHaveURL(`${url}#contacts`);
    await expect(status(page, 'Changes saved.')).toBeVisible();
    await expect(page.locator('#contacts').getByText('Buyer')).toBeVisible();
  });

  test('logging an activity and completing a task are confirmed', async ({ page }) => {
    const id = unique();
    await createCustomer(page, `Tasks ${id}`);
    const log = page.getByRole('form', { name: 'Log an activity' });
    await log.getByText('Task', { exact: true }).click();
    await log.getByLabel('Subject').fill(`Call back ${id}`);
    await log.getByLabel('Due').fill(inAnHour());
    await log.getByRole('button', { name: 'Add task' }).click();
    await expect(status(page, 'Task added.')).toBeVisible();

    await page.getByRole('checkbox', { name: `Mark “Call back ${id}” done` }).check();
    await expect(status(page, 'Task completed.')).toBeVisible();
    await expect(page.getByRole('list', { name: 'Tasks' })).toHaveCount(0);
  });
});

test.describe('[forms] settings', () => {
  test.use({ storageState: storageState('admin') });

  test('saving settings is confirmed', async ({ page }) => {
    await page.goto('/admin/settings');
    await hydrated(page);
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(status(page, 'Changes saved.')).toBeVisible();
  });
});

test.describe('[forms] a confirmation in the address', () => {
  test.use({ storageState: storageState('manager') });

  // `?flash=` carries a save's confirmation to the page it leads to. Anyone can write a link with
  // it, so it may only ever show one of the confirmations a save leaves there: not an error text
  // dressed as a success, not a catalog key leaking through (messages.toString), not markup.
  test('a crafted ?flash= shows nothing but a real confirmation', async ({ page }) => {
    // Every kind of crafted key is in components/ui/flash.test.ts; here one message of another
    // kind (a failure is not a confirmation) and one key that is not a message reach a real page.
    for (const flash of ['stale', '__proto__']) {
      await page.goto(`/customers?flash=${encodeURIComponent(flash)}`);
      await hydrated(page);
      // Taken out of the address either way, so the page is past its flash handling.
      await expect(page).toHaveURL(/\/customers$/);
      // A toast the same effect asked for would be on screen after the next frames.
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      // Counted once: a retrying assertion would wait until a wrong toast had timed out.
      expect(await page.getByRole('status').filter({ hasText: /\S/ }).allInnerTexts(), flash).toEqual([]);
    }
    await page.goto('/customers?flash=saved');
    await hydrated(page);
    await expect(status(page, 'Changes saved.')).toBeVisible();
  });
});
