import { expect, type Locator, type Page, test } from '@playwright/test';
import { expectAccessible, hydrated, storageState } from './helpers';

// The pipeline board: a rep drags a deal with the mouse, moves one with the keyboard, closes one as
// lost with a reason; the moves survive a reload; another rep never sees them; an agent reads the
// board without moving anything; a marketer has no pipeline. The moves share the demo database,
// so this file runs in order.
test.describe.configure({ mode: 'serial' });

const column = (page: Page, stage: string) => page.getByRole('region', { name: new RegExp(`^${stage}`) });
const cards = (col: Locator) => col.getByRole('listitem');
/** The count in a column's heading ("12 deals"). */
async function countOf(col: Locator): Promise<number> {
  const text = (await col.getByRole('heading').textContent()) ?? '';
  return Number(/(\d+) deals?/.exec(text)?.[1] ?? 0);
}
/** A card's deal name (its first paragraph). */
async function nameOf(card: Locator): Promise<string> {
  return ((await card.locator('p').first().textContent()) ?? '').trim();
}

async function openBoard(page: Page): Promise<void> {
  await page.goto('/pipeline');
  await expect(page.getByRole('heading', { level: 1, name: 'Pipeline' })).toBeVisible();
  await hydrated(page);
}

test.describe('[pipeline] sales rep', () => {
  test.use({ storageState: storageState('rep') });
  const moved: string[] = [];

  test('a rep drags a deal to the next stage with the mouse; the counts follow and the move survives a reload', async ({
    page,
  }) => {
    await openBoard(page);
    await expectAccessible(page, '/pipeline as a rep');
    const from = column(page, 'Prospecting');
    const to = column(page, 'Qualification');
    const [fromCount, toCount] = [await countOf(from), await countOf(to)];
    const card = cards(from).first();
    const name = await nameOf(card);
    const handle = card.getByRole('button', { name: `Drag ${name}` });
    const box = (await handle.boundingBox())!;
    const target = (await to.getByRole('heading').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + 20, box.y + 10, { steps: 5 });
    await page.mouse.move(target.x + target.width / 2, target.y + 60, { steps: 15 });
    await page.mouse.up();
    await expect(cards(to).filter({ hasText: name })).toHaveCount(1);
    await expect(page.getByText(`${name} moved to Qualification.`)).toBeVisible();
    expect(await countOf(from)).toBe(fromCount - 1);
    expect(await countOf(to)).toBe(toCount + 1);
    await openBoard(page);
    await expect(cards(column(page, 'Qualification')).filter({ hasText: name }).first()).toBeVisible();
    expect(await countOf(column(page, 'Prospecting'))).toBe(fromCount - 1);
    moved.push(name);
  });

  test('a rep moves a deal with the keyboard: pick it up, arrow to the next stage, drop it', async ({ page }) => {
    await openBoard(page);
    const from = column(page, 'Proposal');
    const to = column(page, 'Negotiation');
    const toCount = await countOf(to);
    const card = cards(from).first();
    const name = await nameOf(card);
    await card.getByRole('button', { name: `Drag ${name}` }).focus();
    const handle = card.getByRole('button', { name: `Drag ${name}` });
    await page.keyboard.press('Space');
    await expect(handle).toHaveAttribute('aria-pressed', 'true');
    await page.keyboard.press('ArrowRight');
    // The screen reader hears where the card is before it is dropped.
    await expect(page.getByText(new RegExp(`^${name} is over .*Negotiation`))).toBeAttached();
    // The drop is shown at once; the board is reopened only once the server has answered the move.
    const answered = page.waitForResponse(
      (r) => r.request().method() === 'POST' && !!r.request().headers()['next-action'],
    );
    await page.keyboard.press('Space');
    await answered;
    await expect(cards(to).filter({ hasText: name })).toHaveCount(1);
    expect(await countOf(to)).toBe(toCount + 1);
    await openBoard(page);
    await expect(cards(column(page, 'Negotiation')).filter({ hasText: name }).first()).toBeVisible();
    moved.push(name);
  });

  test('closing a deal as lost asks for a reason, then takes it off the board', async ({ page }) => {
    await openBoard(page);
    const from = column(page, 'Commit');
    const before = await countOf(from);
    const card = cards(from).first();
    const name = await nameOf(card);
    await card.getByRole('combobox', { name: `Move ${name} to` }).selectOption({ label: 'Closed Lost' });
    const dialog = page.getByRole('dialog', { name: `Why was ${name} lost?` });
    await expect(dialog).toBeVisible();
    await expectAccessible(page, 'the lost-reason dialog');
    await dialog.getByRole('button', { name: 'Mark as lost' }).click();
    await expect(dialog.getByText('Give a reason.')).toBeVisible();
    await dialog.getByLabel('Reason').fill('Chose a cheaper competitor');
    await dialog.getByRole('button', { name: 'Mark as lost' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText('Deal marked as lost.')).toBeVisible();
    expect(await countOf(from)).toBe(before - 1);
    await openBoard(page);
    expect(await countOf(column(page, 'Commit'))).toBe(before - 1);
  });

  test('on a phone the board is one stage at a time, chosen from a list', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await openBoard(page);
    await expect(column(page, 'Prospecting')).toBeVisible();
    await expect(column(page, 'Qualification')).toBeHidden();
    await expect(page.getByRole('link', { name: 'New deal' })).toBeVisible();
    await page.getByLabel('Stage shown').selectOption({ index: 1 });
    await expect(column(page, 'Qualification')).toBeVisible();
    await expect(column(page, 'Prospecting')).toBeHidden();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await expectAccessible(page, '/pipeline on a phone');
  });

  test.describe('another rep', () => {
    test.use({ storageState: { cookies: [], origins: [] } });
    test("never sees the first rep's deals", async ({ page }) => {
      await page.goto('/login');
      await hydrated(page);
      await page.getByLabel('Email').fill('rep2@lodestar.test');
      await page.getByLabel('Password').fill('lodestar-demo');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByRole('heading', { level: 1, name: /^Welcome,/ })).toBeVisible();
      await openBoard(page);
      const shown = await page.getByRole('listitem').allTextContents();
      expect(shown.length).toBeGreaterThan(0);
      for (const name of moved) expect(shown.some((t) => t.includes(name))).toBe(false);
    });
  });
});

test.describe('[pipeline] who else', () => {
  test.describe('agent', () => {
    test.use({ storageState: storageState('agent') });
    test('an agent reads the board of their queue without drag handles or Move menus', async ({ page }) => {
      await openBoard(page);
      await expect(page.getByRole('button', { name: /^Drag / })).toHaveCount(0);
      await expect(page.getByRole('combobox', { name: /^Move / })).toHaveCount(0);
      await expect(page.getByText('Close a deal: drop it here')).toHaveCount(0);
      // Nor a page description that tells them to drag, nor a "New deal" button.
      await expect(page.getByText(/Drag a card/)).toHaveCount(0);
      await expect(page.getByRole('link', { name: 'New deal' })).toHaveCount(0);
    });
  });
  test.describe('rep with a crafted owner', () => {
    test.use({ storageState: storageState('rep') });
    test("a rep's board ignores an owner in the URL: they have no owner field to see or undo it", async ({ page }) => {
      await page.goto('/pipeline?owner=00000000-0000-4000-8000-000000000000');
      await hydrated(page);
      await expect(page.getByText('No open deals match these filters.')).toHaveCount(0);
      expect(await page.getByRole('listitem').count()).toBeGreaterThan(0);
    });
  });
  test.describe('marketer', () => {
    test.use({ storageState: storageState('marketer') });
    test('a marketer has no pipeline', async ({ page }) => {
      const response = await page.goto('/pipeline');
      expect(response?.status()).toBe(404);
      await expect(page.getByRole('link', { name: 'Pipeline' })).toHaveCount(0);
    });
  });
  test.describe('manager', () => {
    test.use({ storageState: storageState('manager') });
    test("a manager filters the team's board by owner and amount", async ({ page }) => {
      await openBoard(page);
      await page.getByLabel('Owner').selectOption({ label: 'Taylor Larsen' });
      await page.getByLabel('Amount from').fill('5000');
      await page.getByRole('button', { name: 'Apply' }).click();
      await expect(page).toHaveURL(/owner=.*min=5000/);
      await hydrated(page);
      const owners = await page.getByText(/^Owner: /).allTextContents();
      expect(owners.length).toBeGreaterThan(0);
      expect(new Set(owners)).toEqual(new Set(['Owner: Taylor Larsen']));
      await expectAccessible(page, '/pipeline filtered');
    });
  });
});
