import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, login, loginOk, ROLES } from './helpers';

test.describe('[auth] signing in and out', () => {
  test('a signed-out visitor is sent to /login from any page', async ({ page }) => {
    for (const path of ['/', '/admin/users', '/admin/audit']) {
      await page.goto(path);
      await expect(page).toHaveURL(/\/login/);
      await expect(page.getByRole('heading', { name: 'Sign in to Lodestar' })).toBeVisible();
    }
  });

  test('every demo login works and shows the role in the user menu', async ({ page }) => {
    const labels = {
      admin: 'Administrator',
      manager: 'Manager',
      rep: 'Sales rep',
      agent: 'Service agent',
      marketer: 'Marketer',
    } as const;
    for (const [role, email] of Object.entries(ROLES) as [keyof typeof ROLES, string][]) {
      await loginOk(page, email);
      await expect(page.getByRole('button', { name: 'User menu' })).toContainText(labels[role]);
      await page.getByRole('button', { name: 'User menu' }).click();
      await page.getByRole('menuitem', { name: 'Sign out' }).click();
      await expect(page).toHaveURL(/\/login/);
    }
  });

  test('signing out ends the session on the server: a copy of the cookie taken before gets /login', async ({
    browser,
  }) => {
    const page = await browser.newPage();
    await loginOk(page, 'rep5@lodestar.test');
    const copied = await page.context().cookies();
    expect(copied.some((c) => c.name.includes('authjs.session-token'))).toBe(true);

    // The copy works while the session lives…
    const thief = await browser.newContext();
    await thief.addCookies(copied);
    const stolen = await thief.newPage();
    await stolen.goto('/customers');
    await expect(stolen.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();

    await page.getByRole('button', { name: 'User menu' }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login/);

    // …and not after the user signed out.
    await stolen.goto('/customers');
    await expect(stolen).toHaveURL(/\/login/);
    await expect(stolen.getByRole('heading', { name: 'Sign in to Lodestar' })).toBeVisible();
    await thief.close();
  });

  test('Auth.js’s session endpoint agrees: an ended session is no session, and its cookie is cleared', async ({
    browser,
  }) => {
    const page = await browser.newPage();
    await loginOk(page, 'rep4@lodestar.test');
    const copied = await page.context().cookies();
    const thief = await browser.newContext();
    await thief.addCookies(copied);
    const live = await thief.request.get('/api/auth/session');
    expect((await live.json())?.user?.email).toBe('rep4@lodestar.test');

    await page.getByRole('button', { name: 'User menu' }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login/);

    const ended = await thief.request.get('/api/auth/session');
    expect(ended.status()).toBe(200);
    expect(await ended.json()).toBeNull();
    const cleared = ended.headersArray().filter((h) => h.name.toLowerCase() === 'set-cookie');
    expect(cleared.some((h) => /authjs\.session-token=;.*Max-Age=0/i.test(h.value))).toBe(true);
    await thief.close();
  });

  test('a wrong password and a malformed email get the same message, which names neither', async ({ page }) => {
    const message = 'The email or password is incorrect, or the account is inactive.';
    await login(page, ROLES.manager, 'not-the-password');
    await expect(page.getByText(message)).toBeVisible();
    await expect(page.getByLabel('Email')).toHaveValue(ROLES.manager);
    await login(page, 'not an email', 'x');
    await expect(page.getByText(message)).toBeVisible();
  });

  test('a deactivated account cannot sign in', async ({ page }) => {
    await login(page, 'former@lodestar.test');
    await expect(page.getByText('The email or password is incorrect, or the account is inactive.')).toBeVisible();
    await expect(page).toHaveURL(/\/login/);
  });

  test('after 5 failed attempts the account is throttled, even with the right password', async ({ page }) => {
    for (let i = 0; i < 5; i++) await login(page, 'marketer2@lodestar.test', `wrong-${i}`);
    await login(page, 'marketer2@lodestar.test', DEMO_PASSWORD);
    await expect(page.getByText('Too many failed attempts. Wait 15 minutes and try again.')).toBeVisible();
  });
});

test.describe('[i18n] language', () => {
  test('a user switches to Simplified Chinese and back; the choice follows them', async ({ page }) => {
    await loginOk(page, 'manager2@lodestar.test');
    await expect(page.getByRole('link', { name: 'Home' })).toBeVisible();
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await expect(page.getByRole('link', { name: '首页' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('欢迎');
    await expect(page.getByRole('button', { name: '用户菜单' })).toContainText('经理');
    await page.reload();
    await expect(page.getByRole('link', { name: '首页' })).toBeVisible();
    await page.getByRole('combobox', { name: '语言' }).selectOption('en');
    await expect(page.getByRole('link', { name: 'Home' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Welcome');
  });

  test('a user who never picked a language gets the browser’s language (zh-CN) after signing in', async ({
    browser,
  }) => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto('/login');
    await expect(page.getByRole('heading', { name: '登录 Lodestar' })).toBeVisible();
    await page.getByLabel('邮箱').fill('agent2@lodestar.test');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.getByRole('link', { name: '首页' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('欢迎');
    await context.close();
  });
});
