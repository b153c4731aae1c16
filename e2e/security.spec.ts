import fs from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { hydrated, loginOk, storageState } from './helpers';

const FIXED_HEADERS = {
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
};

/** Every Content-Security-Policy violation the page reports, from the console and the DOM event. */
async function cspViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.exposeFunction('__reportCspViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __reportCspViolation: (t: string) => void }).__reportCspViolation(
        `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`,
      );
    });
  });
  return violations;
}

test.describe('[security] headers', () => {
  test('pages, redirects and static files carry the security headers; pages a nonce-based CSP', async ({
    page,
    request,
  }) => {
    const login = await page.goto('/login');
    const headers = login!.headers();
    expect(headers).toMatchObject(FIXED_HEADERS);
    expect(headers['permissions-policy']).toMatch(/(^|, )camera=\(\)/);
    expect(headers['permissions-policy']).toMatch(/(^|, )microphone=\(\)/);
    expect(headers['permissions-policy']).toMatch(/(^|, )geolocation=\(\)/);

    const csp = headers['content-security-policy'];
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(csp).not.toContain('unsafe-eval');
    for (const directive of ["object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'"])
      expect(csp).toContain(directive);

    // Next.js put this response's nonce on every script of the page (and the page hydrated, so
    // they ran; the chunks those scripts load later are allowed by 'strict-dynamic').
    const html = await login!.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    await hydrated(page);

    // A fresh nonce per response.
    const again = await request.get('/login');
    expect(again.headers()['content-security-policy']).not.toContain(nonce);

    // The redirect of a signed-out visitor, and a static file.
    const redirect = await request.get('/customers/new', { maxRedirects: 0 });
    expect(redirect.status()).toBe(307);
    expect(redirect.headers()).toMatchObject(FIXED_HEADERS);
    expect(redirect.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    const script = await page.locator('script[src]').first().getAttribute('src');
    const asset = await request.get(script!);
    expect(asset.ok()).toBe(true);
    expect(asset.headers()).toMatchObject(FIXED_HEADERS);
  });

  test('a signed-in page carries them too', async ({ browser }) => {
    const rep = await browser.newPage({ storageState: storageState('rep') });
    const response = await rep.goto('/customers/new');
    expect(response!.headers()).toMatchObject(FIXED_HEADERS);
    expect(response!.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  });
});

test.describe('[security] framing', () => {
  test('neither the login page nor an app page can be framed, even by a page of the same site', async ({ browser }) => {
    const rep = await browser.newPage({ storageState: storageState('rep') });
    // A page served as if from the app's own origin that frames it: the strictest case.
    await rep.route('**/framing-test', (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: '<iframe name="login" src="/login"></iframe><iframe name="app" src="/customers/new"></iframe>',
      }),
    );
    const refusals: string[] = [];
    rep.on('console', (m) => {
      if (/frame-ancestors|X-Frame-Options/i.test(m.text())) refusals.push(m.text());
    });
    await rep.goto('/framing-test');
    await expect.poll(() => refusals.length).toBeGreaterThanOrEqual(2);
    for (const name of ['login', 'app']) {
      const frame = rep.frame({ name });
      expect(frame, name).not.toBeNull();
      await expect(frame!.locator('input, button')).toHaveCount(0);
    }
  });
});

test.describe('[security] content security policy', () => {
  test('no CSP violation while a rep signs in and works the customers list and a 360 page', async ({ page }) => {
    const violations = await cspViolations(page);
    await loginOk(page, 'rep3@lodestar.test');
    await hydrated(page);

    await page.goto('/customers');
    await hydrated(page);
    await expect(page.getByText(/^1–\d+ of [\d,]+$/)).toBeVisible();
    await page.getByRole('button', { name: 'Name' }).click();
    await expect(page).toHaveURL(/sort=name/);
    await page.getByRole('button', { name: 'Columns' }).click(); // a Radix menu
    await expect(page.getByRole('menuitemcheckbox').first()).toBeVisible();
    await page.keyboard.press('Escape');

    await page.locator('tbody tr').first().getByRole('link').first().click();
    await expect(page).toHaveURL(/\/customers\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await hydrated(page);

    await page.getByRole('button', { name: 'Search customers, contacts, deals and cases' }).click(); // a Radix dialog
    await expect(page.getByRole('dialog')).toBeVisible();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'User menu' }).click();
    await expect(page.getByRole('menuitem', { name: 'Sign out' })).toBeVisible();
    await page.keyboard.press('Escape');

    await page.reload();
    await hydrated(page);
    expect(violations).toEqual([]);
  });
});

test.describe('[security] cookies', () => {
  test('served over HTTPS (X-Forwarded-Proto from the TLS proxy), the session cookie is Secure and __Secure-', async ({
    page,
  }) => {
    await page.goto('/login');
    await hydrated(page);
    // Only the sign-in request says it came through HTTPS; the page itself stays plain HTTP here.
    await page.route('**/login*', (route) =>
      route.request().method() === 'POST'
        ? route.continue({ headers: { ...route.request().headers(), 'x-forwarded-proto': 'https' } })
        : route.continue(),
    );
    await page.getByLabel('Email').fill('agent3@lodestar.test');
    await page.getByLabel('Password').fill('lodestar-demo');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    const cookies = (await response.headersArray()).filter((h) => h.name.toLowerCase() === 'set-cookie');
    const session = cookies.map((c) => c.value).find((v) => v.includes('authjs.session-token='));
    expect(session).toMatch(/^__Secure-authjs\.session-token=/);
    expect(session).toMatch(/;\s*Secure/i);
    expect(session).toMatch(/;\s*HttpOnly/i);
  });

  test('over plain HTTP the session cookie is not marked Secure (browsers would drop it)', async ({ page }) => {
    await page.goto('/login');
    await hydrated(page);
    await page.getByLabel('Email').fill('agent4@lodestar.test');
    await page.getByLabel('Password').fill('lodestar-demo');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    const cookies = (await response.headersArray()).filter((h) => h.name.toLowerCase() === 'set-cookie');
    const session = cookies.map((c) => c.value).find((v) => v.includes('authjs.session-token='));
    expect(session).toMatch(/^authjs\.session-token=/);
    expect(session).not.toMatch(/;\s*Secure/i);
  });
});

test.describe('[security] cross-site requests', () => {
  test.use({ storageState: storageState('manager') });

  test('a server-action call or form post from another origin is refused with 403 before Next sees it, and changes nothing', async ({
    page,
    request,
  }) => {
    const manifest = JSON.parse(fs.readFileSync('.next/server/server-reference-manifest.json', 'utf8')) as {
      node: Record<string, { exportedName: string }>;
    };
    const tagAction = Object.entries(manifest.node).find(([, a]) => a.exportedName === 'bulkAddTagAction')![0];
    await page.goto('/customers?sort=name&dir=asc');
    const href = await page.locator('tbody tr').first().getByRole('link').first().getAttribute('href');
    const customerId = href!.split('/').pop()!;
    const tag = `csrf-${Date.now().toString(36)}`;
    for (const origin of ['https://evil.example', 'null', 'not a url', 'http://127.0.0.1.evil.example']) {
      const call = await request.post('/customers', {
        headers: { origin, 'next-action': tagAction, 'content-type': 'text/plain;charset=UTF-8' },
        data: JSON.stringify([{ ids: [customerId], tag }]),
      });
      expect(call.status(), origin).toBe(403);
      // The same call as a plain HTML form (what a page on another site can submit without script).
      const form = await request.post('/customers', {
        headers: { origin },
        multipart: { [`$ACTION_ID_${tagAction}`]: '', '0': '[]' },
      });
      expect(form.status(), `${origin} (form)`).toBe(403);
    }
    await page.goto(`/customers?tags=${tag}`);
    await expect(page.getByText('No customers match these filters.')).toBeVisible();
  });
});
