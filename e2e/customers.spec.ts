import { expect, test } from '@playwright/test';
import { hydrated, loginOk, storageState } from './helpers';

const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

/** A `datetime-local` value in the browser's zone (Playwright's default: the machine's). */
function localDateTime(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

test.describe('[customers] a sales rep works a customer', () => {
  test('rep creates a customer with a contact, logs a call and a task, sees both on the timeline and the task on My day; a second rep cannot edit it', async ({
    browser,
  }) => {
    const id = unique();
    const name = `Harbor Freight Co ${id}`;
    const rep = await browser.newPage({ storageState: storageState('rep') });

    // Create the customer; a bad email is reported next to the field first.
    await rep.goto('/customers/new');
    await hydrated(rep);
    await rep.getByLabel('Name').fill(name);
    await rep.getByLabel('Email', { exact: true }).fill('not-an-email');
    await rep.getByRole('button', { name: 'Create customer' }).click();
    await expect(rep.getByText('Enter a valid email address.')).toBeVisible();
    await expect(rep.getByLabel('Name')).toHaveValue(name);
    await rep.getByLabel('Email', { exact: true }).fill(`buyer.${id}@harbor.example`);
    await rep.getByLabel('Phone').fill('+1 415 555 0199');
    await rep.getByRole('button', { name: 'Create customer' }).click();
    await expect(rep.getByRole('heading', { level: 1, name: new RegExp(name) })).toBeVisible();
    const customerUrl = rep.url();

    // Add a contact.
    await hydrated(rep);
    await rep.getByRole('button', { name: 'Add contact' }).click();
    const contactForm = rep.getByRole('form', { name: 'Add contact' });
    await contactForm.getByLabel('First name').fill('Dana');
    await contactForm.getByLabel('Last name').fill('Whitfield');
    await contactForm.getByLabel('Email', { exact: true }).fill(`dana.${id}@harbor.example`);
    await contactForm.getByRole('button', { name: 'Save contact' }).click();
    await expect(rep.locator('#contacts').getByText('Dana Whitfield')).toBeVisible();

    // Log a call with the contact, then a task.
    const log = rep.getByRole('form', { name: 'Log an activity' });
    await log.getByLabel('Subject').fill(`Discovery call ${id}`);
    await log.getByLabel('Contact').selectOption({ label: 'Dana Whitfield' });
    await log.getByRole('button', { name: 'Log activity' }).click();
    await expect(rep.getByRole('list', { name: 'Timeline' }).getByText(`Discovery call ${id}`)).toBeVisible();

    await log.getByText('Task', { exact: true }).click();
    await log.getByLabel('Subject').fill(`Send proposal ${id}`);
    await log.getByLabel('Due').fill(localDateTime(new Date(Date.now() + 3_600_000)));
    await log.getByRole('button', { name: 'Add task' }).click();
    const timeline = rep.getByRole('list', { name: 'Timeline' });
    await expect(timeline.getByText(`Send proposal ${id}`)).toBeVisible();
    await expect(timeline.getByText(`Discovery call ${id}`)).toBeVisible();
    await expect(rep.getByRole('list', { name: 'Tasks' }).getByText(`Send proposal ${id}`)).toBeVisible();

    // The task is on My day.
    await rep.goto('/');
    const myTask = rep
      .locator('#my-tasks')
      .getByRole('listitem')
      .filter({ hasText: `Send proposal ${id}` });
    await expect(myTask).toBeVisible();
    await expect(myTask.getByRole('link', { name })).toBeVisible();

    // Capture a real edit request from the owner…
    await rep.goto(`${customerUrl}/edit`);
    await hydrated(rep);
    await rep.getByLabel('Industry').fill('Logistics');
    const [request] = await Promise.all([
      rep.waitForRequest((r) => r.method() === 'POST' && Boolean(r.headers()['next-action'])),
      rep.getByRole('button', { name: 'Save changes' }).click(),
    ]);
    await expect(rep.getByRole('heading', { level: 1, name: new RegExp(name) })).toBeVisible();

    // …a second rep sees the customer read-only and cannot open the edit page…
    const other = await browser.newPage();
    await loginOk(other, 'rep2@lodestar.test');
    await other.goto(customerUrl);
    await expect(other.getByRole('heading', { level: 1, name: new RegExp(name) })).toBeVisible();
    await expect(other.getByRole('link', { name: 'Edit' })).toHaveCount(0);
    await expect(other.getByRole('button', { name: 'Delete' })).toHaveCount(0);
    await expect(other.getByRole('form', { name: 'Log an activity' })).toHaveCount(0);
    await other.goto(`${customerUrl}/edit`);
    await expect(other.getByRole('heading', { name: 'Page not found' })).toBeVisible();

    // …and replaying the owner's edit with the second rep's session is refused.
    const headers = request.headers();
    const body = request
      .postDataBuffer()!
      .toString('latin1')
      .replace(name, `Hijacked ${id}`)
      .replace(/"version"\r\n\r\n\d+/, '"version"\r\n\r\n2');
    const response = await other.request.post('/', {
      headers: {
        'next-action': headers['next-action'],
        'content-type': headers['content-type'],
        accept: 'text/x-component',
      },
      data: Buffer.from(body, 'latin1'),
    });
    expect(await response.text()).toContain('forbidden');
    await rep.goto(customerUrl);
    await expect(rep.getByRole('heading', { level: 1, name: new RegExp(name) })).toBeVisible();
    await expect(rep.getByText(`Hijacked ${id}`)).toHaveCount(0);
  });

  test('delete asks for confirmation and can be undone', async ({ browser }) => {
    const id = unique();
    const rep = await browser.newPage({ storageState: storageState('rep') });
    await rep.goto('/customers/new');
    await hydrated(rep);
    await rep.getByLabel('Name').fill(`Short Lived ${id}`);
    await rep.getByRole('button', { name: 'Create customer' }).click();
    await expect(rep.getByRole('heading', { level: 1, name: new RegExp(`Short Lived ${id}`) })).toBeVisible();
    await hydrated(rep);
    await rep.getByRole('button', { name: 'Delete' }).click();
    await rep.getByRole('dialog').getByRole('button', { name: 'Delete customer' }).click();
    await expect(rep.getByText('Customer deleted.')).toBeVisible();
    await rep.goto(`/customers?q=${encodeURIComponent(`Short Lived ${id}`)}`);
    await expect(rep.getByText('No customers match these filters.')).toBeVisible();
    await rep.goBack();
    // The page came back from the server: Undo works once its handler is attached.
    await hydrated(rep);
    await rep.getByRole('button', { name: 'Undo' }).click();
    await expect(rep.getByRole('heading', { level: 1, name: new RegExp(`Short Lived ${id}`) })).toBeVisible();
    await expect(rep.getByRole('status').filter({ hasText: 'Customer restored.' })).toBeVisible();
  });
});

test.describe('[customers] logging activities', () => {
  test('a task stays a task after a refused submit and after a first task is added', async ({ browser }) => {
    const id = unique();
    const rep = await browser.newPage({ storageState: storageState('rep') });
    await rep.goto('/customers/new');
    await hydrated(rep);
    await rep.getByLabel('Name').fill(`Task Types ${id}`);
    await rep.getByRole('button', { name: 'Create customer' }).click();
    await expect(rep.getByRole('heading', { level: 1, name: new RegExp(`Task Types ${id}`) })).toBeVisible();
    await hydrated(rep);

    // The first attempt lacks its due date; React resets the form after the refusal.
    const log = rep.getByRole('form', { name: 'Log an activity' });
    await log.getByText('Task', { exact: true }).click();
    await log.getByLabel('Subject').fill(`First task ${id}`);
    await log.getByRole('button', { name: 'Add task' }).click();
    await expect(log.getByText('A task needs a due date.')).toBeVisible();
    await expect(log.getByRole('radio', { name: 'Task' })).toBeChecked();
    await log.getByLabel('Due').fill(localDateTime(new Date(Date.now() + 3_600_000)));
    await log.getByRole('button', { name: 'Add task' }).click();
    const tasks = rep.getByRole('list', { name: 'Tasks' });
    await expect(tasks.getByText(`First task ${id}`)).toBeVisible();

    // A second task straight after the first, without touching the type buttons.
    await expect(log.getByRole('radio', { name: 'Task' })).toBeChecked();
    await log.getByLabel('Subject').fill(`Second task ${id}`);
    await log.getByLabel('Due').fill(localDateTime(new Date(Date.now() + 7_200_000)));
    await log.getByRole('button', { name: 'Add task' }).click();
    // Only tasks are listed under Open tasks: a task sent as a call would be missing here.
    await expect(tasks.getByText(`Second task ${id}`)).toBeVisible();
  });

  test('the activity type buttons show where the keyboard focus is', async ({ browser }) => {
    const rep = await browser.newPage({ storageState: storageState('rep') });
    await rep.goto('/customers?owner=me');
    await rep.locator('tbody tr').first().getByRole('link').first().click();
    await expect(rep).toHaveURL(/\/customers\/[0-9a-f-]{36}$/);
    await hydrated(rep);
    const log = rep.getByRole('form', { name: 'Log an activity' });
    await log.getByLabel('Subject').focus();
    await rep.keyboard.press('Shift+Tab');
    await expect(log.getByRole('radio', { name: 'Call' })).toBeFocused();
    await rep.keyboard.press('ArrowRight');
    await expect(log.getByRole('radio', { name: 'Email' })).toBeFocused();
    // The radio itself is visually hidden: its button (the label) draws the focus ring.
    const ring = await log
      .getByRole('radio', { name: 'Email' })
      .evaluate((radio) => getComputedStyle(radio.closest('label')!).outlineStyle);
    expect(ring).toBe('solid');
  });

  test('a due time is read in the company time zone, the one every date is shown in, whatever the browser’s zone', async ({
    browser,
  }) => {
    const id = unique();
    // The demo company's time zone is UTC; this browser is in New York (UTC−5 in January).
    const context = await browser.newContext({ storageState: storageState('rep'), timezoneId: 'America/New_York' });
    const rep = await context.newPage();
    await rep.goto('/customers/new');
    await hydrated(rep);
    await rep.getByLabel('Name').fill(`Zones ${id}`);
    await rep.getByRole('button', { name: 'Create customer' }).click();
    await expect(rep.getByRole('heading', { level: 1, name: new RegExp(`Zones ${id}`) })).toBeVisible();
    await hydrated(rep);
    const log = rep.getByRole('form', { name: 'Log an activity' });
    await log.getByText('Task', { exact: true }).click();
    await log.getByLabel('Subject').fill(`Zoned task ${id}`);
    await log.getByLabel('Due').fill('2030-01-15T09:30');
    await log.getByRole('button', { name: 'Add task' }).click();
    const task = rep
      .getByRole('list', { name: 'Tasks' })
      .getByRole('listitem')
      .filter({ hasText: `Zoned task ${id}` });
    await expect(task).toContainText('Jan 15, 2030, 9:30 AM');
    await context.close();
  });
});

test.describe('[customers] the list', () => {
  test.use({ storageState: storageState('manager') });

  test('manager filters, sorts, pages, hides a column and reassigns selected customers', async ({ page }) => {
    await page.goto('/customers');
    await expect(page.getByText(/^1–50 of [\d,]+$/)).toBeVisible();
    await page.getByLabel('Type').selectOption('company');
    await page.getByLabel('Country').selectOption('CN');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/kind=company/);
    await expect(page).toHaveURL(/country=CN/);
    const rows = page.locator('tbody tr');
    await expect(rows.first()).toContainText('CN');

    await hydrated(page);
    await page.getByRole('button', { name: 'Name' }).click();
    await expect(page).toHaveURL(/sort=name/);
    await expect(page.locator('th[aria-sort]')).toHaveAttribute('aria-sort', /ascending|descending/);
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page).toHaveURL(/page=2/);

    await page.getByRole('button', { name: 'Columns' }).click();
    // By keyboard, as the menu is meant to be used too (with the analytics columns it is taller than
    // this window, and a pointer click waits on Radix re-placing it while Playwright scrolls).
    await page.getByRole('menuitemcheckbox', { name: 'Email' }).press('Space');
    await page.keyboard.press('Escape');
    await expect(page).toHaveURL(/hide=/);
    await expect(page.getByRole('columnheader', { name: 'Email' })).toHaveCount(0);

    await page.getByRole('checkbox', { name: 'Select row' }).nth(0).check();
    await page.getByRole('checkbox', { name: 'Select row' }).nth(1).check();
    await expect(page.getByText('2 selected')).toBeVisible();
    await page.getByRole('combobox', { name: 'New owner' }).selectOption({ label: 'Morgan Patel' });
    await page.getByRole('button', { name: 'Assign' }).click();
    await expect(page.getByText(/customers? changed\./)).toBeVisible();
  });
});
