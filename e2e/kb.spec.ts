import { expect, test } from '@playwright/test';
import { asRole, expectAccessible, hydrated } from './helpers';

test.describe('[kb] knowledge base', () => {
  test('an agent writes and publishes an article; a rep finds it by search and marks it helpful', async ({
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
    await agent.context().close();

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
