import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { expectAccessible, hydrated, openDuplicates, storageState } from './helpers';

const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

test.describe('[import] CSV import', () => {
  test.use({ storageState: storageState('rep') });

  test('rep imports customers: bad rows are reported with reasons and downloadable; importing again changes nothing', async ({
    page,
  }) => {
    const id = unique();
    const csv = [
      'External ID,Name,Email,Phone,Country',
      `E2E-${id}-1,Alder Works ${id},alder.${id}@example.com,+1 212 555 0101,US`,
      `E2E-${id}-2,Birch & Co ${id},birch.${id}@example.com,,GB`,
      `E2E-${id}-3,Cedar Ltd ${id},not-an-email,,US`,
      `E2E-${id}-4,"=HYPERLINK(""http://x"",""y"")",evil.${id}@example.com,,US`,
    ].join('\n');
    const run = async () => {
      await page.goto('/customers/import');
      await expect(page.getByRole('heading', { name: 'Import customers' })).toBeVisible();
      await hydrated(page);
      await page
        .getByLabel('CSV file')
        .setInputFiles({ name: `import-${id}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await expect(page.getByText('Match the columns')).toBeVisible();
      await page.getByRole('button', { name: /^Import 4 rows$/ }).click();
      await expect(page.getByText('Import finished.')).toBeVisible({ timeout: 30_000 });
    };

    await run();
    await expect(page.getByTestId('import-created')).toHaveText('2');
    await expect(page.getByTestId('import-rejected')).toHaveText('2');
    await expect(page.getByText(/not a valid email address/)).toBeVisible();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download rejected rows (CSV)' }).click(),
    ]);
    const report = fs.readFileSync((await download.path())!, 'utf8');
    expect(report).toContain('not-an-email');
    expect(report).toContain(`'=HYPERLINK`); // the formula comes back neutralised

    await run();
    await expect(page.getByTestId('import-created')).toHaveText('0');
    await expect(page.getByTestId('import-unchanged')).toHaveText('2');

    await page.goto(`/customers?q=${encodeURIComponent(id)}&owner=me`);
    await expect(page.getByRole('link', { name: `Alder Works ${id}` })).toBeVisible();
    await expect(page.getByRole('link', { name: `Birch & Co ${id}` })).toBeVisible();
    await expect(page.getByText(/^1–2 of 2$/)).toBeVisible();
  });

  test('a malformed (binary) file is refused with a clear message', async ({ page }) => {
    await page.goto('/customers/import');
    await hydrated(page);
    await page.getByLabel('CSV file').setInputFiles({
      name: 'photo.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]),
    });
    await expect(page.getByText(/binary data/)).toBeVisible();
  });
});

test.describe('[export] CSV export', () => {
  test.use({ storageState: storageState('marketer') });

  test('a marketer exports the filtered list; the file has exactly the listed rows', async ({ page }) => {
    await page.goto('/customers?country=DE&kind=company');
    const shown = await page.getByText(/^\d+–\d+ of ([\d,]+)$/).textContent();
    const total = Number(shown!.split(' of ')[1].replace(/,/g, ''));
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export CSV' }).click(),
    ]);
    const text = fs.readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
    const lines = text.trim().split(/\r?\n/);
    expect(lines.length - 1).toBe(total);
    expect(lines.slice(1).every((l) => l.includes(',DE,'))).toBe(true);
  });
});

test.describe('[export] selected customers', () => {
  test.use({ storageState: storageState('admin') });

  test('the selected rows download as CSV through a form POST', async ({ page }) => {
    await page.goto('/customers?sort=name&dir=asc&size=25');
    await hydrated(page);
    const names: string[] = [];
    for (let i = 0; i < 3; i++) {
      const row = page.locator('tbody tr').nth(i);
      names.push((await row.getByRole('link').first().textContent())!.trim());
      await row.getByRole('checkbox').check();
    }
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export selected' }).click(),
    ]);
    const text = fs.readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
    const lines = text.trim().split(/\r?\n/);
    expect(lines).toHaveLength(4);
    for (const name of names) expect(text).toContain(name);
    await expect(page).toHaveURL(/\/customers\?/);
  });

  test('a selection of 1,000 ids (too long for a URL) exports all 1,000 rows; another site cannot post it', async ({
    request,
    baseURL,
  }) => {
    const all = await (await request.get('/customers/export?sort=name')).text();
    const ids = [...all.matchAll(/^([0-9a-f-]{36}),/gm)].map((m) => m[1]).slice(0, 1000);
    expect(ids).toHaveLength(1000);
    const response = await request.post('/customers/export', {
      headers: { origin: baseURL! },
      form: { ids: ids.join(',') },
    });
    expect(response.status()).toBe(200);
    expect(response.headers()['x-row-count']).toBe('1000');
    const rows = (await response.text()).trim().split(/\r?\n/).slice(1);
    expect(new Set(rows.map((r) => r.slice(0, 36)))).toEqual(new Set(ids));
    const forged = await request.post('/customers/export', {
      headers: { origin: 'https://evil.example' },
      form: { ids: ids[0] },
    });
    expect(forged.status()).toBe(403);
  });
});

test.describe('[duplicates] finding and merging', () => {
  test.use({ storageState: storageState('manager') });

  test('manager reviews the strongest duplicate pair and merges it; the pair disappears and the merge is confirmed', async ({
    page,
  }) => {
    await openDuplicates(page);
    await page.goto('/customers');
    await page.getByRole('link', { name: 'Duplicates' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Possible duplicates' })).toBeVisible();
    // The scan's pairs, strongest first, with why they look alike and when the scan ran.
    await expect(page.getByText(/^Last scan .+ pairs? among [\d,]+ customers/)).toBeVisible();
    await expect(
      page
        .getByRole('table')
        .getByText(/^Strong · \d+$/)
        .first(),
    ).toBeVisible();
    await expect(page.getByRole('table').getByText('Same email').first()).toBeVisible();
    // Only admins start scans.
    await expect(page.getByRole('button', { name: 'Scan now' })).toHaveCount(0);
    const link = page.getByRole('link', { name: /^Review and merge / }).first();
    const label = (await link.getAttribute('aria-label')) ?? (await link.textContent());
    await link.click();
    await expect(page.getByRole('heading', { level: 1, name: 'Merge customers' })).toBeVisible();
    await hydrated(page);
    await page.getByRole('button', { name: 'Merge customers' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Merge customers' }).click();
    await expect(page).toHaveURL(/\/customers\/[0-9a-f-]{36}\?merged=1$/);
    await expect(page.getByRole('status').filter({ hasText: 'Customers merged.' })).toBeVisible();
    await page.goto('/customers/duplicates');
    if (label) await expect(page.getByRole('link', { name: label })).toHaveCount(0);
  });

  test('a merge cannot be undone, so it asks first; cancelling merges nothing', async ({ page }) => {
    await openDuplicates(page);
    // The last pair of the page: the test above merges the first one.
    const href = await page
      .getByRole('link', { name: /^Review and merge / })
      .last()
      .getAttribute('href');
    await page.goto(href!);
    await hydrated(page);
    await page.getByRole('button', { name: 'Merge customers' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('cannot be undone');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Merge customers' })).toBeFocused();
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Merge customers' })).toBeVisible();
    await expect(page.getByText(/^Record B: /).first()).toBeVisible();
  });

  test('a refused merge (one record was saved meanwhile) still shows the choices made; after Reload the picked record survives', async ({
    page,
    browser,
  }) => {
    await openDuplicates(page);
    // A pair sharing no customer with the first one, which the test above merges meanwhile (tests
    // of this file run in parallel; a customer may be in several pairs).
    const hrefs = await page
      .getByRole('link', { name: /^Review and merge / })
      .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
    const idsOf = (h: string) => {
      const q = new URL(h, 'http://app.test').searchParams;
      return [q.get('a'), q.get('b')];
    };
    const first = idsOf(hrefs[0]);
    const href = hrefs.slice(1).find((h) => idsOf(h).every((id) => !first.includes(id)));
    expect(href).toBeTruthy();
    const pair = new URL(href!, 'http://app.test').searchParams;
    await page.goto(href!);
    await hydrated(page);
    // Pick the record the page does not suggest, and the suggested record's name.
    const suggested = (await page.locator('input[name="survivor"]:checked').getAttribute('value')) as 'a' | 'b';
    const picked = suggested === 'a' ? 'b' : 'a';
    const survivor = page.locator(`input[name="survivor"][value="${picked}"]`);
    const name = page.locator(`input[name="choice.name"][value="${suggested}"]`);
    await survivor.check();
    await name.check();

    // Someone saves record A meanwhile, so the merge is refused as stale.
    const other = await browser.newPage({ storageState: storageState('manager') });
    await other.goto(`/customers/${pair.get('a')}/edit`);
    await hydrated(other);
    await other.getByLabel('City').fill(`Elsewhere ${Date.now().toString(36)}`);
    await other.getByRole('button', { name: 'Save changes' }).click();
    await expect(other).toHaveURL(new RegExp(`/customers/${pair.get('a')}$`));

    await page.getByRole('button', { name: 'Merge customers' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Merge customers' }).click();
    await expect(page.getByText(/^Someone else changed this record while you were editing\./)).toBeVisible();
    // React reset the form after the refusal: the radios still show what the page says will happen.
    await expect(survivor).toBeChecked();
    await expect(name).toBeChecked();

    // Reload shows the saved record afresh (choices start over); the record picked then survives.
    await page.getByRole('button', { name: 'Reload' }).click();
    await expect(page.getByText(/^Someone else changed this record while you were editing\./)).toHaveCount(0);
    await survivor.check();
    await page.getByRole('button', { name: 'Merge customers' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Merge customers' }).click();
    await expect(page).toHaveURL(new RegExp(`/customers/${pair.get(picked)}\\?merged=1$`));
  });

  test('on a phone the pairs are cards and the merge form fits the screen', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await openDuplicates(page);
    const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    await expect(page.getByRole('table')).toHaveCount(0);
    const cards = page.getByRole('list', { name: 'Possible duplicate pairs' }).getByRole('listitem');
    await expect(cards.first()).toBeVisible();
    expect(await fits()).toBe(true);
    await cards
      .first()
      .getByRole('link', { name: /^Review and merge / })
      .click();
    await expect(page.getByRole('heading', { level: 1, name: 'Merge customers' })).toBeVisible();
    expect(await fits()).toBe(true);
    await expectAccessible(page, 'merge form (phone)');
  });

  test('a page past the end of the pairs says so and leads back, rather than claiming there are none', async ({
    page,
  }) => {
    await openDuplicates(page);
    await page.goto('/customers/duplicates?reason=email&page=999');
    await expect(page.getByText('No likely duplicates found.')).toHaveCount(0);
    await expect(page.getByText('No pairs for this reason.')).toHaveCount(0);
    await expect(page.getByText('This page is past the end of the list.')).toBeVisible();
    await expectAccessible(page, 'duplicates past the last page');
    await page.getByRole('link', { name: 'Go to the last page' }).click();
    await expect(page).toHaveURL(/reason=email/);
    await expect(page.getByRole('link', { name: /^Review and merge / }).first()).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Pagination' })).toContainText(/Page (\d+) of \1\b/);
  });

  test('a sales rep cannot open duplicates or merge', async ({ browser }) => {
    const rep = await browser.newPage({ storageState: storageState('rep') });
    await rep.goto('/customers/duplicates');
    await expect(rep.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  });
});

test.describe('[duplicates] scanning', () => {
  test.use({ storageState: storageState('admin') });

  test('admin starts a scan; the page says it is running, then shows the new scan', async ({ page }) => {
    await openDuplicates(page);
    await hydrated(page);
    const before = await page.getByText(/^Last scan /).textContent();
    await page.getByRole('button', { name: 'Scan now' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: /^(Scan started|A scan is already on its way)/ }),
    ).toBeVisible();
    // The page refreshes itself until the scan is done; then the scan line is a new one.
    await expect(page.getByText(/^Scanning for duplicates/)).toHaveCount(0, { timeout: 30_000 });
    await expect(page.getByRole('button', { name: 'Scan now' })).toBeEnabled();
    await expect(page.getByText(/^Last scan /)).toBeVisible();
    await expect(page.getByRole('link', { name: /^Review and merge / }).first()).toBeVisible();
    expect(before).toMatch(/^Last scan .+ among [\d,]+ customers/);
    // "Scan started" is a confirmation like any other: it goes away, and does not go on saying a
    // scan is on its way once the page shows the finished one.
    await expect(page.getByText(/^(Scan started|A scan is already on its way)/)).toHaveCount(0, { timeout: 15_000 });
  });
});

test.describe('[search] global search', () => {
  test.use({ storageState: storageState('agent') });

  test('Ctrl+K opens the palette; a misspelled name finds the customer and Enter opens it', async ({ page }) => {
    await page.goto('/customers?kind=company&country=US&sort=name&dir=asc');
    // A seeded name of letters only: other journeys create customers such as "Alder Works mx66api59355",
    // whose longest word has two equal letters to swap (no typo at all) and digits.
    const longestOf = (name: string) => name.split(' ').reduce((a, b) => (b.length > a.length ? b : a));
    const names = (await page.locator('tbody tr a').allTextContents()).map((n) => n.trim());
    const target = names.find(
      (n) => /^[A-Za-z &.'-]+$/.test(n) && longestOf(n).length >= 5 && longestOf(n)[2] !== longestOf(n)[3],
    );
    if (!target) throw new Error(`no customer name to misspell among ${names.join(', ')}`);
    // Misspell: swap two inner letters of the longest word.
    const longest = longestOf(target);
    const typo = target.replace(longest, longest.slice(0, 2) + longest[3] + longest[2] + longest.slice(4));
    await page.goto('/');
    await hydrated(page);
    await page.keyboard.press('Control+k');
    const dialog = page.getByRole('dialog', { name: 'Search' });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('combobox', { name: 'Search' }).fill(typo);
    // The customer's own option (its name first), not the "all results" one that repeats the query.
    const option = dialog.getByRole('option', {
      name: new RegExp(`^${target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    });
    await expect(option.first()).toBeVisible();
    await option.first().click();
    await expect(
      page.getByRole('heading', { level: 1, name: new RegExp(target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }),
    ).toBeVisible();
  });

  test('the search page shows results grouped by kind', async ({ page }) => {
    await page.goto('/search?q=info');
    await expect(page.getByRole('heading', { level: 1, name: 'Search' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'Customers' })).toBeVisible();
  });
});
