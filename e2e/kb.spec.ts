import { expect, test } from '@playwright/test';
import { asRole, expectAccessible, firstHref, hydrated, visitorPage } from './helpers';

test.describe('[kb] knowledge base', () => {
  test('an agent publishes an article and links it in a reply; a visitor reads it in the help centre; a rep finds it and marks it helpful', async ({
    browser,
  }) => {
    const word = `quokka${Date.now().toString(36)}`;
    const title = `Pairing the ${word} card readers`;
    const agent = await asRole(browser, 'agent');
    await agent.goto('/kb/new');
    await hydrated(agent);
    await agent.getByLabel('Title').fill(title);
    await agent.getByLabel('Category').selectOption({ label: 'Products & setup' });
    await agent.getByLabel('Tags').fill('hardware, pairing');
    await agent
      .getByLabel('Article', { exact: true })
      .fill(
        '## Steps\n\n1. Hold **power** for 5 s.\n2. Pick the reader in Bluetooth settings.\n\n<script>alert(1)</script>',
      );
    await agent.getByRole('tab', { name: 'Preview' }).click();
    await expect(agent.getByRole('tabpanel').getByRole('heading', { name: 'Steps' })).toBeVisible();
    await agent.getByRole('button', { name: 'Publish' }).click();
    await expect(agent.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(agent.getByText('Article published.')).toBeVisible();
    await expect(agent.locator('article script')).toHaveCount(0);

    // On one of their cases, the agent finds the article from the reply box and inserts its public
    // link at the cursor, by keyboard (the reply is not sent: the cases journey owns the queue).
    await agent.goto(await firstHref(agent, '/cases?view=mine', /^\/cases\/[0-9a-f-]{36}$/));
    await hydrated(agent);
    const reply = agent.getByLabel('Reply to the customer');
    await reply.fill('Hello, see  for the steps.');
    await reply.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(11, 11));
    await agent.getByRole('button', { name: 'Insert article link' }).focus();
    await agent.keyboard.press('Enter');
    await agent.getByRole('searchbox', { name: 'Search published articles' }).fill(word);
    const pick = agent.getByRole('button', { name: `Insert a link to “${title}” into the reply` });
    await expect(pick).toBeVisible();
    await expectAccessible(agent, 'the reply form with the article search');
    await pick.focus();
    await agent.keyboard.press('Enter');
    await expect(reply).toBeFocused();
    const text = await reply.inputValue();
    const link = new RegExp(
      `^Hello, see ${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: (https?://[^ ]+/help/[^ ]+) for the steps\\.$`,
    );
    expect(text).toMatch(link);
    const helpPath = new URL(text.match(link)![1]).pathname;
    await agent.context().close();

    // The customer opens the link without an account: the article, and nothing internal.
    const visitor = await visitorPage(browser);
    await visitor.setViewportSize({ width: 390, height: 844 });
    const response = await visitor.goto(helpPath);
    expect(response?.status()).toBe(200);
    expect(visitor.url()).toContain('/help/');
    await expect(visitor.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(visitor.getByRole('heading', { name: 'Steps' })).toBeVisible();
    await expect(visitor.locator('main script')).toHaveCount(0);
    await expect(visitor.getByRole('link', { name: 'Edit' })).toHaveCount(0);
    await expect(visitor.getByRole('button', { name: 'Yes' })).toHaveCount(0);
    await expect(visitor.getByText(/views?$/)).toHaveCount(0);
    await hydrated(visitor);
    expect(await visitor.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(
      0,
    );
    await expectAccessible(visitor, 'a public help-centre article on a phone');
    // A draft is not public.
    expect((await visitor.goto('/help/holiday-season-delivery-cut-off-dates'))?.status()).toBe(404);
    await visitor.context().close();

    const rep = await asRole(browser, 'rep');
    await rep.setViewportSize({ width: 390, height: 844 });
    await rep.goto('/kb');
    await hydrated(rep);
    await expectAccessible(rep, '/kb on a phone (rep)');
    const kbOverflow = await rep.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(kbOverflow).toBeLessThanOrEqual(0);
    // Plural in the query, plural in the title: the English stemmer matches "reader" too.
    const search = rep.getByRole('search', { name: 'Search articles' });
    await search.getByRole('searchbox', { name: 'Search' }).fill(`${word} reader`);
    await search.getByRole('button', { name: 'Search' }).click();
    await expect(rep.getByText(`1 article for “${word} reader”`)).toBeVisible();
    await rep.getByRole('link', { name: title }).click();
    await expect(rep.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await hydrated(rep);
    await expect(rep.getByRole('link', { name: 'Edit' })).toHaveCount(0);
    await rep.getByRole('button', { name: 'Yes' }).click();
    await expect(rep.getByText('1 of 1 found it helpful.')).toBeVisible();
    await expect(rep.getByRole('button', { name: 'Yes' })).toHaveAttribute('aria-pressed', 'true');
    const overflow = await rep.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(rep, 'a knowledge-base article on a phone (rep)');
    await rep.context().close();
  });
});
