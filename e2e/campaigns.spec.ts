import { expect, test } from '@playwright/test';
import { asRole, expectAccessible, hydrated } from './helpers';
import { receivedMail } from './mail';

// Campaigns: a marketer writes one for the seeded "Newsletter pilot" segment (db/seed/marketing.ts),
// previews it for a recipient, test-sends it to the SMTP sink, sends it and sees the first results;
// a manager reads it without controls; a rep has no campaigns at all.

test('[campaigns] a marketer writes, previews, test-sends and sends a campaign; a manager reads it; a rep has none', async ({
  browser,
}, testInfo) => {
  test.setTimeout(90_000);
  const page = await asRole(browser, 'marketer');
  await page.goto('/campaigns');
  await expect(page.getByRole('heading', { level: 1, name: 'Campaigns' })).toBeVisible();
  await expectAccessible(page, '/campaigns');
  await page.getByRole('link', { name: 'New campaign' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'New campaign' })).toBeVisible();
  await hydrated(page);

  const name = `Spring news ${Date.now()}`;
  await page.getByLabel('Name', { exact: true }).fill(name);
  // An unknown merge field is named next to its field while typing.
  await page.getByLabel('Subject').fill('Hello {{nickname}}');
  await expect(page.getByText('Unknown merge field: {{nickname}}')).toBeVisible();
  await page.getByLabel('Subject').fill('Hello {{first_name}}');
  await expect(page.getByText(/Unknown merge field/)).toHaveCount(0);
  await page
    .getByLabel('HTML body')
    .fill('<h1>Hi {{first_name}}</h1><p><a href="https://example.org/spring">Spring</a></p>');
  await page.getByLabel('Text body').fill('Dear {{first_name}}, see https://example.org/spring');
  await page.getByLabel('Segment').selectOption({ label: 'Newsletter pilot' });

  // The preview: the email for the first recipient of the segment, their name merged in.
  const recipient = page.getByRole('group', { name: 'Recipients' }).getByRole('radio').first();
  await expect(recipient).toBeChecked({ timeout: 15_000 });
  const recipientName = (await page.locator('label:has(input[type=radio]:checked) span').first().textContent())!;
  await expect(page.getByText(`To ${recipientName} <`)).toBeVisible({ timeout: 15_000 });
  const subject = page.getByTestId('preview-subject');
  await expect(subject).toHaveText(/^Hello \S+/);
  const firstName = (await subject.textContent())!.replace(/^Hello /, '');
  await expect(page.getByTestId('preview-text')).toContainText(`Dear ${firstName}, see https://example.org/spring`);
  await expect(
    page.frameLocator('iframe[title^="HTML preview"]').getByRole('heading', { name: `Hi ${firstName}` }),
  ).toBeVisible();

  await page.getByRole('button', { name: 'Save campaign' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  expect(page.url()).toMatch(/\/campaigns\/[0-9a-f-]{36}$/);
  await hydrated(page);
  await expect(page.getByTestId('preview-subject')).toHaveText(`Hello ${firstName}`, { timeout: 15_000 });
  await expectAccessible(page, '/campaigns/[id] (editor)');

  // A phone: the editor fits the width.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByRole('button', { name: 'Save campaign' })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await page.screenshot({ path: testInfo.outputPath('campaign-editor-phone.png'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 720 });

  // A test send reaches the SMTP sink, rendered for the recipient.
  const to = `campaign-test-${Date.now()}@example.org`;
  await page.getByLabel('Send to').fill(to);
  await page.getByRole('button', { name: 'Send test' }).click();
  await expect(page.getByText('Test email sent.')).toBeVisible();
  const [mail] = await receivedMail(to, 1);
  expect(mail.subject).toBe(`[Test] Hello ${firstName}`);
  expect(mail.text).toContain(`Dear ${firstName}`);

  // Send now: the confirmation counts the audience first.
  await page.getByRole('button', { name: 'Send now…' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('will-send')).toHaveText(/^[1-9]\d*$/);
  await dialog.getByRole('button', { name: /^Send to \d+ customers?$/ }).click();
  // The funnel's table of numbers (the chart says the same).
  const funnel = page.locator('div[role=region][aria-label="Funnel"]');
  await expect(funnel).toBeVisible({ timeout: 15_000 });
  // The page refreshes itself while sending: the sent count grows without a reload.
  const sentCell = page
    .locator('div[role=region][aria-label="Funnel"]')
    .getByRole('row', { name: /^Sent/ })
    .getByRole('cell')
    .first();
  await expect(sentCell).not.toHaveText('0', { timeout: 30_000 });
  await expect(page.getByRole('region', { name: 'Recipients' }).getByRole('row')).not.toHaveCount(0);
  await expectAccessible(page, '/campaigns/[id] (stats)');
  const url = page.url().split('?')[0];
  await page.context().close();

  // A manager reads the list and the campaign, with nothing to change them with.
  const manager = await asRole(browser, 'manager');
  await manager.goto('/campaigns');
  await expect(manager.getByRole('row').filter({ hasText: name })).toBeVisible();
  await expect(manager.getByRole('link', { name: 'New campaign' })).toHaveCount(0);
  await manager.goto(url);
  await expect(manager.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(manager.getByRole('button', { name: /Pause|Resume|Cancel campaign/ })).toHaveCount(0);
  expect((await manager.goto('/campaigns/new'))?.status()).toBe(404);
  await manager.context().close();

  // A rep: no navigation entry, 404 on the pages.
  const rep = await asRole(browser, 'rep');
  await rep.goto('/');
  await expect(rep.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Campaigns' })).toHaveCount(
    0,
  );
  for (const path of ['/campaigns', '/campaigns/new', url.replace(/^https?:\/\/[^/]+/, '')])
    expect((await rep.goto(path))?.status(), path).toBe(404);
  await rep.context().close();
});
