import { expect, test } from '@playwright/test';
import { asRole, expectAccessible, hydrated, signedIn, storageState, visitorAddress, visitorPage } from './helpers';

// Leads end to end: a visitor sends the web-to-lead form embedded on another site (the snippet an
// admin copies from Settings); the lead lands with the rep the assignment rule picked; that rep
// qualifies it and converts it with a deal; the customer's 360 page shows where it came from; a
// second rep cannot open it. The steps share one lead, so this file runs in order.
test.describe.configure({ mode: 'serial' });

const stamp = Date.now().toString(36);
const first = 'Wilhelmina';
const last = `Capture${stamp}`;
const fullName = `${first} ${last}`;
const company = `Orrery Works ${stamp}`;
let leadPath = '';
let ownerEmail = '';

test.describe('[leads] web-to-lead journey', () => {
  test('an admin copies the form snippet from Settings; a visitor on another site sends it and sees the thank-you page', async ({
    browser,
  }) => {
    const admin = await asRole(browser, 'admin');
    await admin.goto('/admin/settings');
    await hydrated(admin);
    const snippet = await admin.getByLabel('Form HTML').inputValue();
    expect(snippet).toContain('/api/public/leads');
    expect(snippet).toContain('name="homepage"');
    await expectAccessible(admin, '/admin/settings');
    await admin.context().close();

    // The snippet on a page of another origin (about:blank): a cross-site form post, no session.
    const visitor = await visitorPage(browser);
    await visitor.setContent(`<!doctype html><html lang="en"><body>${snippet}</body></html>`);
    await visitor.getByLabel('First name').fill(first);
    await visitor.getByLabel('Last name').fill(last);
    await visitor.getByLabel('Email').fill(`wilhelmina.${stamp}@orrery.example`);
    await visitor.getByLabel('Company').fill(company);
    await visitor.getByLabel('Employees').fill('250');
    await visitor.getByRole('button', { name: 'Send' }).click();
    await expect(visitor.getByRole('heading', { level: 1, name: 'Thank you' })).toBeVisible();
    expect(new URL(visitor.url()).pathname).toBe('/lead-thanks');
    await expectAccessible(visitor, '/lead-thanks');
    await visitor.context().close();
  });

  test('a filled honeypot is answered like a success and stores nothing; bad JSON input gets 422', async ({
    request,
  }) => {
    const address = visitorAddress();
    const bot = await request.post('/api/public/leads', {
      data: { firstName: 'Bot', email: `bot${stamp}@spam.example`, homepage: 'http://spam.example' },
      headers: { Origin: 'https://elsewhere.example', 'X-Forwarded-For': address },
    });
    expect(bot.status()).toBe(201);
    expect(bot.headers()['access-control-allow-origin']).toBe('*');
    const bad = await request.post('/api/public/leads', {
      data: { firstName: '', email: 'nope' },
      headers: { 'X-Forwarded-For': address },
    });
    expect(bad.status()).toBe(422);
    expect(Object.keys((await bad.json()).fields).sort()).toEqual(['email', 'firstName']);
  });

  test('the manager finds the captured lead with its owner, score reasons and source', async ({ browser }) => {
    const page = await asRole(browser, 'manager');
    await page.goto(`/leads?q=${encodeURIComponent(last)}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Leads' })).toBeVisible();
    await expectAccessible(page, '/leads as a manager');
    await page.getByRole('link', { name: fullName }).click();
    await expect(page.getByRole('heading', { level: 1, name: new RegExp(fullName) })).toBeVisible();
    leadPath = new URL(page.url()).pathname;
    await expect(page.getByText('Web form').first()).toBeVisible();
    // Web form 15 + ≥ 200 employees 20 + company email domain 15 = 50
    await expect(page.getByRole('heading', { name: 'Score: 50' })).toBeVisible();
    await expect(page.getByRole('list', { name: 'Score' }).getByText('200 or more employees')).toBeVisible();
    const owner = (await page
      .locator('dt', { hasText: /^Owner$/ })
      .locator('xpath=following-sibling::dd')
      .textContent())!.trim();
    expect(owner).not.toBe('No owner');
    await expectAccessible(page, `${leadPath} as a manager`);
    await page.goto('/admin/users');
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: owner, exact: true }) });
    ownerEmail = (await row.getByRole('cell').nth(1).textContent())!.trim();
    expect(ownerEmail).toMatch(/^rep\d*@lodestar\.test$/);
    await page.context().close();
  });

  test('the assigned rep sees it, qualifies it and converts it with a deal; the customer 360 shows it', async ({
    browser,
  }) => {
    const page = await signedIn(browser, ownerEmail);
    await page.goto('/leads');
    await hydrated(page);
    await expectAccessible(page, '/leads as the assigned rep');
    await page.getByRole('link', { name: fullName }).click();
    await expect(page.getByRole('heading', { level: 1, name: new RegExp(fullName) })).toBeVisible();
    await hydrated(page);
    await expectAccessible(page, `${leadPath} as the assigned rep`);

    // Unqualify without a reason: the reason is asked for next to its field; then qualify instead.
    await page.getByRole('button', { name: 'Unqualify', exact: true }).click();
    await page.getByRole('button', { name: 'Unqualify with this reason' }).click();
    await expect(page.getByText('Give a reason.')).toBeVisible();
    await page.getByRole('button', { name: 'Qualify', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: new RegExp(`${fullName}\\s*Qualified`) })).toBeVisible();
    await hydrated(page);

    await page.getByLabel('Also create a deal').check();
    await page.getByLabel('Deal name').fill(`${company} rollout`);
    await page.getByLabel('Amount').fill('48000');
    await page.getByLabel('Expected close date').fill('2027-03-31');
    await page.getByRole('button', { name: 'Convert lead' }).click();

    await expect(page.getByRole('heading', { level: 1, name: new RegExp(company) })).toBeVisible();
    expect(page.url()).toMatch(/\/customers\/[0-9a-f-]{36}/);
    await expect(page.getByRole('region', { name: 'From leads' }).getByRole('link', { name: fullName })).toBeVisible();
    await expect(page.getByText(`${company} rollout`)).toBeVisible();
    await expectAccessible(page, 'customer 360 after converting');

    // The lead is read-only now.
    await page.goto(leadPath);
    await expect(page.getByText(/this lead is read-only/)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Convert lead' })).toHaveCount(0);
    await expectAccessible(page, 'a converted lead');
    await page.context().close();
  });

  test('a second rep cannot open it (404), nor find it in their list', async ({ browser }) => {
    const other = ownerEmail === 'rep@lodestar.test' ? 'rep2@lodestar.test' : 'rep@lodestar.test';
    const page = await signedIn(browser, other);
    const response = await page.goto(leadPath);
    expect(response?.status()).toBe(404);
    await page.goto(`/leads?q=${encodeURIComponent(last)}`);
    await expect(page.getByRole('link', { name: fullName })).toHaveCount(0);
    await page.context().close();
  });

  test('agents and marketers have no leads (404, no menu entry)', async ({ browser }) => {
    for (const role of ['agent', 'marketer'] as const) {
      const page = await asRole(browser, role);
      expect((await page.goto('/leads'))?.status()).toBe(404);
      expect((await page.goto(leadPath))?.status()).toBe(404);
      await expect(page.getByRole('link', { name: 'Leads', exact: true })).toHaveCount(0);
      await page.context().close();
    }
  });

  test('a rep adds a lead by hand; the list and lead page fit a phone', async ({ browser }) => {
    const context = await browser.newContext({
      storageState: storageState('rep'),
      viewport: { width: 390, height: 844 },
    });
    const page = await context.newPage();
    await page.goto('/leads/new');
    await hydrated(page);
    await expectAccessible(page, '/leads/new');
    await page.getByLabel('First name').fill('Phoebe');
    await page.getByLabel('Last name').fill(`Phone${stamp}`);
    await page.getByLabel('Status').selectOption('unqualified');
    await page.getByRole('button', { name: 'Create lead' }).click();
    await expect(page.getByText('Give a reason.')).toBeVisible();
    await page.getByLabel('Why unqualified').fill('Student project');
    await page.getByRole('button', { name: 'Create lead' }).click();
    await expect(page.getByRole('heading', { level: 1, name: new RegExp(`Phoebe Phone${stamp}`) })).toBeVisible();
    const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
    expect(await fits()).toBe(true);
    await page.goto('/leads');
    await expect(page.getByRole('heading', { level: 1, name: 'Leads' })).toBeVisible();
    expect(await fits()).toBe(true);
    await context.close();
  });

  test('an admin edits a score rule on /admin/lead-scoring', async ({ browser }) => {
    const page = await asRole(browser, 'admin');
    await page.goto('/admin/lead-scoring');
    await hydrated(page);
    await expectAccessible(page, '/admin/lead-scoring');
    const rule = page
      .locator('form')
      .filter({ has: page.getByRole('textbox', { name: 'Value' }).and(page.locator('[value="Referral"]')) });
    await rule.getByLabel('Points').fill('30');
    await rule.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Score rules saved; open leads are being rescored.')).toBeVisible();
    await page.context().close();
  });
});
