import { type Browser, expect, test } from '@playwright/test';
import { hydrated, loginOk, storageState } from './helpers';

const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

async function createUser(browser: Browser, name: string, email: string, role: string) {
  const page = await browser.newPage({ storageState: storageState('admin') });
  await page.goto('/admin/users/new');
  await hydrated(page);
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Role').selectOption({ label: role });
  await page.getByLabel('Initial password').fill('a-long-password-1');
  await page.getByRole('button', { name: 'Create user' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  return page;
}

test.describe('[admin] user administration', () => {
  test('admin creates a user who can then sign in; bad input shows field errors', async ({ browser }) => {
    const admin = await browser.newPage({ storageState: storageState('admin') });
    await admin.goto('/admin/users/new');
    await hydrated(admin);
    await admin.getByLabel('Email').fill('broken');
    await admin.getByLabel('Initial password').fill('short');
    await admin.getByRole('button', { name: 'Create user' }).click();
    await expect(admin.getByText('This field is required.')).toBeVisible();
    await expect(admin.getByText('Enter a valid email address.')).toBeVisible();
    await expect(admin.getByText('Use 12 to 200 characters.')).toBeVisible();
    await expect(admin.getByLabel('Email')).toHaveValue('broken');

    // Long enough but common, then containing the user's name: each refusal says what is wrong.
    await admin.getByLabel('Name').fill('Wen Zhou');
    await admin.getByLabel('Email').fill(`wen.zhou.${unique()}@example.com`);
    await admin.getByLabel('Initial password').fill('password1234');
    await admin.getByRole('button', { name: 'Create user' }).click();
    await expect(
      admin.getByText('This is a commonly used password, or too close to one. Choose another.'),
    ).toBeVisible();
    await admin.getByLabel('Initial password').fill('zhou-velvet-harbor-58');
    await admin.getByRole('button', { name: 'Create user' }).click();
    await expect(admin.getByText('The password must not contain the user’s name or email address.')).toBeVisible();

    const id = unique();
    await createUser(browser, `Wen Li ${id}`, `wen.${id}@example.com`, 'Service agent');
    const fresh = await browser.newPage();
    await loginOk(fresh, `wen.${id}@example.com`, 'a-long-password-1');
    await expect(fresh.getByRole('button', { name: 'User menu' })).toContainText('Service agent');
    await expect(fresh.getByRole('link', { name: 'Users' })).toHaveCount(0);
  });

  test('a user deactivated by an admin is refused on their next request', async ({ browser }) => {
    const id = unique();
    // Not a sales rep: an active rep, however briefly, joins the lead assignment rule of other journeys.
    const admin = await createUser(browser, `Temp ${id}`, `temp.${id}@example.com`, 'Service agent');
    const victim = await browser.newPage();
    await loginOk(victim, `temp.${id}@example.com`, 'a-long-password-1');

    await admin.getByLabel('Active (can sign in)').uncheck();
    await admin.getByRole('button', { name: 'Save changes' }).click();
    await expect(admin.getByText('Changes saved.')).toBeVisible();

    await victim.goto('/');
    await expect(victim).toHaveURL(/\/login/);
  });

  test('after resetting a user’s password the admin can go on to deactivate them on the same page', async ({
    browser,
  }) => {
    const id = unique();
    const admin = await createUser(browser, `Reset ${id}`, `reset.${id}@example.com`, 'Marketer');
    await hydrated(admin);
    await admin.getByLabel('New password').fill('amber-falcon-lantern-19');
    await admin.getByRole('button', { name: 'Reset password' }).click();
    await expect(admin.getByText('Password reset.')).toBeVisible();
    await admin.getByLabel('Active (can sign in)').uncheck();
    await admin.getByRole('button', { name: 'Save changes' }).click();
    await expect(admin.getByText('Changes saved.')).toBeVisible();
    await admin.reload();
    await expect(admin.getByLabel('Active (can sign in)')).not.toBeChecked();
  });

  test('the only admin cannot demote or deactivate themself', async ({ browser }) => {
    const page = await browser.newPage({ storageState: storageState('admin') });
    await page.goto('/admin/users?q=admin%40lodestar.test');
    // Open the edit page with a full load (a client-side navigation streams the form in after the
    // loading skeleton, and the test would race it).
    const href = await page
      .getByRole('row', { name: /admin@lodestar\.test/ })
      .getByRole('link')
      .getAttribute('href');
    await page.goto(href!);
    await hydrated(page);
    await page.getByLabel('Role').selectOption({ label: 'Manager' });
    await expect(page.getByLabel('Role')).toHaveValue('manager');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByText('There must always be at least one active administrator.')).toBeVisible();
    await page.reload();
    await hydrated(page);
    await page.getByLabel('Active (can sign in)').uncheck();
    await expect(page.getByLabel('Active (can sign in)')).not.toBeChecked();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByText('There must always be at least one active administrator.')).toBeVisible();
    await page.goto('/admin/users');
    await expect(page.getByRole('link', { name: 'Users' })).toBeVisible();
  });

  test('the audit log shows who changed what', async ({ browser }) => {
    const id = unique();
    await createUser(browser, `Audited ${id}`, `audited.${id}@example.com`, 'Marketer');
    const admin = await browser.newPage({ storageState: storageState('admin') });
    await admin.goto('/admin/audit?entity=user&action=create');
    await expect(admin.getByRole('cell', { name: new RegExp(`audited\\.${id}@example\\.com`) })).toBeVisible();
  });
});

test.describe('[rbac] a sales rep and user administration', () => {
  test.use({ storageState: storageState('rep') });

  test('the rep sees no admin navigation and gets "not found" for admin pages', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('link', { name: 'Users' })).toHaveCount(0);
    for (const path of ['/admin/users', '/admin/users/new', '/admin/audit', '/admin/settings']) {
      await page.goto(path);
      await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
      await expect(page.getByText('admin@lodestar.test')).toHaveCount(0);
      await expect(page.getByRole('table')).toHaveCount(0);
    }
  });

  test('a crafted call of the create-user action with the rep session is refused and creates nothing', async ({
    page,
    browser,
  }) => {
    // Capture a real create-user action request as the admin sends it…
    const admin = await browser.newPage({ storageState: storageState('admin') });
    await admin.goto('/admin/users/new');
    await hydrated(admin);
    const id = unique();
    await admin.getByLabel('Name').fill('Template');
    await admin.getByLabel('Email').fill(`template.${id}@example.com`);
    await admin.getByLabel('Role').selectOption({ label: 'Marketer' });
    await admin.getByLabel('Initial password').fill('a-long-password-1');
    const [request] = await Promise.all([
      admin.waitForRequest((r) => r.method() === 'POST' && Boolean(r.headers()['next-action'])),
      admin.getByRole('button', { name: 'Create user' }).click(),
    ]);
    const headers = request.headers();
    const body = request
      .postDataBuffer()!
      .toString('latin1')
      .replace(`template.${id}@example.com`, `mallory.${id}@example.com`)
      .replace('marketer', 'admin');

    // …and replay it with the rep's cookies.
    const response = await page.request.post('/', {
      headers: {
        'next-action': headers['next-action'],
        'content-type': headers['content-type'],
        accept: 'text/x-component',
        'next-router-state-tree': headers['next-router-state-tree'] ?? '',
      },
      data: Buffer.from(body, 'latin1'),
    });
    expect(await response.text()).toContain('forbidden');

    await admin.goto(`/admin/users?q=mallory.${id}`);
    await expect(admin.getByText('No users match these filters.')).toBeVisible();
  });
});
