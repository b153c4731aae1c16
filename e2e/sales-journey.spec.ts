import { expect, type Page, type Request, test } from '@playwright/test';
import { asRole, hydrated, ROLES, signedIn, visitorPage } from './helpers';

// The whole sales journey on one lead (issue 11): a visitor sends the public web-to-lead form; the
// manager hands the lead to the demo rep; the rep qualifies and converts it with a deal, drags the
// deal across the board with the mouse and moves it on with the keyboard; a second rep can neither
// see the deal nor move it with a replayed server action; the rep quotes the deal and accepts the
// quote, which wins the deal and puts the order on the customer's 360 page; a manager reassigns the
// deal and finds its amount in that rep's won column of the forecast. The steps share the lead and
// the deal, so this file runs in order. Lists, the deal page and the quote pages are checked with
// axe by their own specs and e2e/a11y.spec.ts; nothing here depends on counts other specs change.
// Each step signs in, opens several pages and waits for the server's answers: more than the
// default minute on a busy two-core machine.
test.describe.configure({ mode: 'serial', timeout: 120_000 });

const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
const first = 'Ottoline';
const last = `Journey${stamp}`;
const fullName = `${first} ${last}`;
const company = `Larkspur Journey ${stamp}`;
const dealName = `${company} renewal`;
const AMOUNT = 73_519; // odd enough to be this deal's in any sum
const AMOUNT_TEXT = '$73,519.00';

let dealPath = '';
let dealId = '';
let customerPath = '';
/** The board's open stages, left to right, when the rep moved the deal. */
const passed: string[] = [];
/** The keyboard move as the browser sent it: the action's URL, headers and body, and the answer. */
let move: { url: string; headers: Record<string, string>; body: string; version: number } | null = null;
let dragToStageId = '';

/** A person's display name, read from the admin's user list (admins and managers may open it). */
async function nameOf(page: Page, email: string): Promise<string> {
  await page.goto('/admin/users');
  const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: email, exact: true }) });
  return ((await row.getByRole('link').first().textContent()) ?? '').trim();
}

const isMove = (r: Request) =>
  r.method() === 'POST' && !!r.headers()['next-action'] && /"toStageId"/.test(r.postData() ?? '');

test.describe('[sales journey] from a web lead to a won deal in the forecast', () => {
  test('1. a visitor sends the web-to-lead form; the manager assigns the lead to the demo rep', async ({ browser }) => {
    const admin = await asRole(browser, 'admin');
    await admin.goto('/admin/settings');
    await hydrated(admin);
    const snippet = await admin.getByLabel('Form HTML').inputValue();
    await admin.context().close();

    // The snippet on a page of another site: a cross-site form post without a session.
    const visitor = await visitorPage(browser);
    await visitor.setContent(`<!doctype html><html lang="en"><body>${snippet}</body></html>`);
    await visitor.getByLabel('First name').fill(first);
    await visitor.getByLabel('Last name').fill(last);
    await visitor.getByLabel('Email').fill(`ottoline.${stamp}@larkspur.example`);
    await visitor.getByLabel('Company').fill(company);
    await visitor.getByRole('button', { name: 'Send' }).click();
    await expect(visitor.getByRole('heading', { level: 1, name: 'Thank you' })).toBeVisible();
    await visitor.context().close();

    // The assignment rule may have given it to any rep: the manager hands it to the demo rep.
    const manager = await asRole(browser, 'manager');
    const repName = await nameOf(manager, ROLES.rep);
    expect(repName).not.toBe('');
    await manager.goto(`/leads?q=${encodeURIComponent(last)}`);
    await hydrated(manager);
    const row = manager.getByRole('row').filter({ has: manager.getByRole('link', { name: fullName }) });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('Web form');
    await row.getByRole('checkbox', { name: 'Select row' }).check();
    await manager.getByRole('combobox', { name: 'New owner' }).selectOption({ label: repName });
    await manager.getByRole('button', { name: 'Assign', exact: true }).click();
    await expect(manager.getByText('1 lead assigned.')).toBeVisible();
    await manager.reload();
    await expect(
      manager
        .getByRole('row')
        .filter({ has: manager.getByRole('link', { name: fullName }) })
        .getByRole('cell', {
          name: repName,
          exact: true,
        }),
    ).toBeVisible();
    await manager.context().close();
  });

  test('2. the rep marks the lead contacted, qualifies it and converts it with a deal', async ({ browser }) => {
    const page = await asRole(browser, 'rep');
    await page.goto(`/leads?q=${encodeURIComponent(last)}`);
    await page.getByRole('link', { name: fullName }).click();
    const heading = page.getByRole('heading', { level: 1 });
    await expect(heading).toContainText(fullName);
    await expect(heading).toContainText('New');
    await hydrated(page);
    await page.getByRole('button', { name: 'Mark contacted' }).click();
    await expect(heading).toContainText('Contacted');
    await hydrated(page);
    await page.getByRole('button', { name: 'Qualify', exact: true }).click();
    await expect(heading).toContainText('Qualified');
    await hydrated(page);

    await page.getByLabel('Also create a deal').check();
    await page.getByLabel('Deal name').fill(dealName);
    await page.getByLabel('Amount').fill(String(AMOUNT));
    await page.getByLabel('Expected close date').fill('2027-02-26');
    await page.getByRole('button', { name: 'Convert lead' }).click();

    // The new customer's 360 page, with the lead it came from and the new deal.
    await expect(page.getByRole('heading', { level: 1, name: new RegExp(company) })).toBeVisible();
    expect(page.url()).toMatch(/\/customers\/[0-9a-f-]{36}$/);
    customerPath = new URL(page.url()).pathname;
    await expect(page.getByRole('region', { name: 'From leads' }).getByRole('link', { name: fullName })).toBeVisible();
    await page.getByRole('link', { name: dealName }).click();
    await expect(page.getByRole('heading', { level: 1, name: new RegExp(dealName) })).toBeVisible();
    expect(page.url()).toMatch(/\/deals\/[0-9a-f-]{36}$/);
    dealPath = new URL(page.url()).pathname;
    dealId = dealPath.split('/').pop()!;
    await expect(page.getByText(AMOUNT_TEXT).first()).toBeVisible();
    await page.context().close();
  });

  test('3. on the board filtered to the customer the rep drags the deal one stage, then moves it one more with the keyboard', async ({
    browser,
  }) => {
    const page = await asRole(browser, 'rep');
    await page.goto('/pipeline');
    await hydrated(page);
    await page.getByRole('search', { name: 'Filter the pipeline' }).getByLabel('Customer').fill(company);
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/customer=/);
    await hydrated(page);

    const columns = page.locator('main section[aria-labelledby]');
    const card = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: dealName }) });
    await expect(card).toHaveCount(1);
    // The open stages in the board's order; the deal starts in the first.
    const names = await columns.evaluateAll((sections) =>
      sections.map(
        (s) => document.getElementById(s.getAttribute('aria-labelledby') ?? '')?.firstChild?.textContent ?? '',
      ),
    );
    passed.push(...names.slice(0, 3).map((n) => n.trim()));
    const column = (stage: string) => page.getByRole('region', { name: new RegExp(`^${stage}`) });
    await expect(column(passed[0]).getByRole('listitem')).toContainText(dealName);

    // The mouse: press on the drag handle, move past the activation distance, drop on the next column.
    const moves: Request[] = [];
    page.on('request', (r) => {
      if (isMove(r)) moves.push(r);
    });
    const handle = card.getByRole('button', { name: `Drag ${dealName}` });
    const box = (await handle.boundingBox())!;
    const target = (await column(passed[1]).getByRole('heading').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + 20, box.y + 10, { steps: 5 });
    await page.mouse.move(target.x + target.width / 2, target.y + 60, { steps: 15 });
    await page.mouse.up();
    await expect(page.getByText(`${dealName} moved to ${passed[1]}.`)).toBeVisible();
    await expect(column(passed[1]).getByRole('listitem')).toContainText(dealName);
    await expect(column(passed[0]).getByRole('listitem')).toHaveCount(0);

    // The keyboard: pick up, arrow right, drop.
    await handle.focus();
    await page.keyboard.press('Space');
    await expect(handle).toHaveAttribute('aria-pressed', 'true');
    await page.keyboard.press('ArrowRight');
    await expect(page.getByText(new RegExp(`^${dealName} is over .*${passed[2]}`))).toBeAttached();
    const answer = page.waitForResponse(
      (r) => isMove(r.request()) && r.request().postData()?.includes(dealId) === true,
    );
    await page.keyboard.press('Space');
    const response = await answer;
    expect(response.status()).toBe(200);
    await expect(page.getByText(`${dealName} moved to ${passed[2]}.`)).toBeVisible();
    await expect(column(passed[2]).getByRole('listitem')).toContainText(dealName);

    // Keep the two requests the browser sent, to replay them as another rep in step 4.
    expect(moves).toHaveLength(2);
    dragToStageId = JSON.parse(moves[0].postData()!)[0].toStageId;
    const request = response.request();
    // The deal's version after the move: one past the version the move was made against (the
    // answer's body cannot be read: the board refreshes after a move and the browser drops it).
    const version = Number(JSON.parse(request.postData()!)[0].version) + 1;
    expect(version).toBeGreaterThan(1);
    move = { url: request.url(), headers: await request.allHeaders(), body: request.postData()!, version };

    // After a reload the deal is still where it was dropped, and its page tells both moves.
    await page.reload();
    await expect(column(passed[2]).getByRole('listitem')).toContainText(dealName);
    await page.goto(dealPath);
    const history = page.getByRole('list', { name: 'Stage history' });
    await expect(history.getByText(`${passed[0]} → ${passed[1]}`)).toBeVisible();
    await expect(history.getByText(`${passed[1]} → ${passed[2]}`)).toBeVisible();
    await page.context().close();
  });

  test('4. a second rep cannot see the deal, nor move it by replaying the board action with their cookies', async ({
    browser,
  }) => {
    const other = await signedIn(browser, 'rep2@lodestar.test');
    expect((await other.goto(dealPath))?.status()).toBe(404);
    await other.goto(`/deals?status=all&customer=${encodeURIComponent(company)}`);
    await expect(other.getByRole('heading', { level: 1, name: 'Deals' })).toBeVisible();
    await expect(other.getByText('No deals match these filters.')).toBeVisible();
    await other.goto(`/pipeline?customer=${encodeURIComponent(company)}`);
    await expect(other.getByText('No open deals match these filters.')).toBeVisible();
    await expect(other.getByRole('link', { name: dealName })).toHaveCount(0);

    // The rep's own move request, sent again with rep2's session: back to the stage before, at the
    // deal's current version (so only the ownership check can refuse it).
    const { url, headers, body, version } = move!;
    const args = JSON.parse(body);
    args[0] = { ...args[0], version, toStageId: dragToStageId, afterId: null };
    const keep = ['next-action', 'next-router-state-tree', 'accept', 'content-type', 'origin'];
    const replay = await other.request.post(url, {
      headers: Object.fromEntries(Object.entries(headers).filter(([k]) => keep.includes(k))),
      data: JSON.stringify(args),
    });
    expect(replay.status()).toBe(200);
    const text = await replay.text();
    // Refused as if the deal did not exist (to rep2 it does not), and no new version came back.
    expect(text).toContain('"ok":false');
    expect(text).toContain('"message":"notFound"');
    expect(text).not.toContain('"version"');
    await other.context().close();

    // The first rep still finds the deal where they dropped it, with no third move in its history.
    const page = await asRole(browser, 'rep');
    await page.goto(dealPath);
    await expect(page.getByRole('list', { name: 'Stage history' }).getByRole('listitem')).toHaveCount(3);
    await expect(page.getByRole('list', { name: 'Stage history' }).getByRole('listitem').first()).toContainText(
      `${passed[1]} → ${passed[2]}`,
    );
    await page.goto(`/pipeline?customer=${encodeURIComponent(company)}`);
    await expect(
      page.getByRole('region', { name: new RegExp(`^${passed[2]}`) }).getByRole('link', { name: dealName }),
    ).toBeVisible();
    await page.context().close();
  });

  test("5. the rep quotes the deal with a product, sends and accepts the quote: the deal is won, the order is on the customer's 360 page", async ({
    browser,
  }) => {
    const page = await asRole(browser, 'rep');
    await page.goto(`/quotes/new?deal=${dealId}`);
    await expect(page.getByRole('heading', { level: 1, name: 'New quote' })).toBeVisible();
    await expect(page.getByText(dealName)).toBeVisible();
    await hydrated(page);
    await page.getByLabel('Title').fill(`${company} first year`);
    const line = page.getByRole('group', { name: 'Line 1' });
    await line.getByLabel('Product').selectOption({ index: 1 });
    await expect(line.getByLabel('Unit price')).not.toHaveValue('');
    await line.getByLabel('Quantity').fill('4');
    await page.getByRole('button', { name: 'Create quote' }).click();
    await expect(page).toHaveURL(/\/quotes\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Draft');
    await hydrated(page);
    await page.getByRole('button', { name: 'Mark as sent' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Sent');
    await hydrated(page);
    await page.getByRole('button', { name: 'Accept' }).click();
    await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
    await expect(page.getByText('Quote accepted: the order is created and the deal is won.')).toBeVisible();
    const orderNumber = /SO-Q\d{6}/.exec((await page.getByRole('heading', { level: 1 }).textContent()) ?? '')![0];

    await page.goto(customerPath);
    await expect(page.locator('#orders').getByRole('link', { name: orderNumber })).toBeVisible();
    await expect(page.getByRole('row').filter({ hasText: dealName })).toContainText('Closed Won');

    await page.goto(dealPath);
    const history = page.getByRole('list', { name: 'Stage history' });
    await expect(history.getByRole('listitem').first()).toContainText(`${passed[2]} → Closed Won`);
    await page.context().close();
  });

  test('6. a manager reassigns the won deal and finds its amount in that rep’s won revenue this month', async ({
    browser,
  }) => {
    const page = await asRole(browser, 'manager');
    const newOwner = 'rep3@lodestar.test';
    const newName = await nameOf(page, newOwner);
    expect(newName).not.toBe('');

    // That rep's won revenue this month in the forecast, before: chosen with the Owner filter.
    const table = page.getByRole('table', { name: 'By person' });
    const won = async (): Promise<number> => {
      await expect(table.getByRole('rowheader')).toHaveText(newName);
      // Owner (the row header), then Month, Quota, Won, …
      const text = (await table.locator('tbody tr').first().getByRole('cell').nth(2).textContent()) ?? '';
      return Number(text.replace(/[^0-9.]/g, ''));
    };
    await page.goto('/sales/forecast?months=1');
    await hydrated(page);
    await page
      .getByRole('search', { name: 'Filter the forecast' })
      .getByLabel('Owner')
      .selectOption({ label: newName });
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/owner=/);
    const forecastUrl = page.url();
    const before = await won();

    await page.goto(`/deals?status=all&customer=${encodeURIComponent(company)}`);
    await hydrated(page);
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: dealName }) });
    await expect(row).toContainText('Won');
    await row.getByRole('checkbox', { name: 'Select row' }).check();
    await page.getByRole('combobox', { name: 'New owner' }).selectOption({ label: newName });
    await page.getByRole('button', { name: 'Reassign' }).click();
    await expect(page.getByText('1 deal reassigned.')).toBeVisible();
    await page.goto(dealPath);
    await expect(page.getByText(`Owner: ${newName}`)).toBeVisible();

    await page.goto(forecastUrl);
    expect(await won()).toBeCloseTo(before + AMOUNT, 2);
    await page.context().close();
  });
});
