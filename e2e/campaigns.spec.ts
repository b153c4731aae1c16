import { expect, type Page, test } from '@playwright/test';
import { asRole, expectAccessible, hydrated, visitorPage } from './helpers';
import { receivedMail } from './mail';

// The marketer's journey (issue 13): a segment of "At Risk" customers built in the rule builder, a
// campaign written for it, previewed for a recipient, test-sent to the SMTP sink, sent; the sink
// receives a recipient's email, the recipient clicks its link (a redirect to the link the email
// carried) and unsubscribes on the public page; the campaign's results and the marketing dashboard
// count both. A manager reads it without controls; a rep has no campaigns at all.

/** The number in the segment builder's live preview once it has settled on a count. */
async function previewCount(page: Page): Promise<number> {
  const count = page.getByTestId('segment-count');
  await expect(count).toHaveText(/^[\d,]+ customers? match(es)?$/, { timeout: 20_000 });
  await expect(count).toHaveAttribute('aria-busy', 'false');
  return Number((await count.textContent())!.replace(/[^\d]/g, ''));
}

test('[campaigns] a marketer builds an At Risk segment, writes, previews, test-sends and sends a campaign; a recipient clicks and unsubscribes; results and dashboard count it; a manager reads it; a rep has none', async ({
  browser,
}, testInfo) => {
  test.setTimeout(150_000);
  const page = await asRole(browser, 'marketer');

  // The audience: the customers the analytics call "At Risk".
  await page.goto('/segments/new');
  await hydrated(page);
  const everyone = await previewCount(page);
  const segmentName = `At Risk ${Date.now()}`;
  await page.getByLabel('Name').fill(segmentName);
  await page.getByRole('button', { name: 'Add condition' }).click();
  const condition = page.getByRole('group', { name: 'Condition 1' });
  await condition.getByLabel('Field').selectOption({ label: 'RFM segment' });
  await condition.getByLabel('Operator').selectOption({ label: 'is' });
  await condition.getByLabel('Value').selectOption({ label: 'At Risk' });
  await expect.poll(() => previewCount(page), { timeout: 20_000 }).not.toBe(everyone);
  expect(await previewCount(page)).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Save segment' }).click();
  await expect(page.getByRole('heading', { level: 1, name: segmentName })).toBeVisible();

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
  await page.getByLabel('Segment').selectOption({ label: segmentName });

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

  // A recipient's email reached the SMTP sink, with a tracked link and an unsubscribe link.
  await page.goto(`${url}?status=sent`);
  const sentRow = page.getByRole('region', { name: 'Recipients' }).getByRole('row').nth(1);
  const address = (await sentRow.getByRole('cell').nth(1).textContent())!.trim();
  expect(address).toMatch(/^[^@\s]+@[^@\s]+$/);
  const delivered = (await receivedMail(address, 1)).find(
    (m) => m.subject === `Hello ${firstName}` || m.subject?.startsWith('Hello '),
  );
  expect(delivered, `the campaign email to ${address}`).toBeDefined();
  // One-click unsubscribe (RFC 8058), as the raw header lines carry it (mailparser groups List-* headers).
  const lines = delivered!.headerLines.map((h) => h.line);
  expect(lines).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
  expect(lines.some((l) => /^List-Unsubscribe:[\s\S]*<https?:[^>]*\/api\/public\/unsubscribe/.test(l))).toBe(true);
  const click = String(delivered!.html)
    .match(/href="([^"]*\/api\/public\/c\/click[^"]*)"/)?.[1]
    ?.replace(/&amp;/g, '&');
  const unsubscribe = delivered!.text?.match(/(http\S*\/unsubscribe\?\S+)/)?.[1];
  expect(click, 'a tracked link').toBeDefined();
  expect(unsubscribe, 'an unsubscribe link').toBeDefined();

  // The recipient clicks: redirected to the link the email carried, nowhere else.
  const visitor = await visitorPage(browser);
  const redirect = await visitor.request.get(click!, { maxRedirects: 0 });
  expect(redirect.status()).toBeGreaterThanOrEqual(300);
  expect(redirect.status()).toBeLessThan(400);
  expect(redirect.headers().location).toBe('https://example.org/spring');
  // … and unsubscribes on the public page.
  await visitor.goto(unsubscribe!);
  await visitor.getByRole('button', { name: 'Unsubscribe' }).click();
  await expect(visitor.getByRole('heading', { name: 'You are unsubscribed' })).toBeVisible();
  await visitor.context().close();

  // The campaign's results count the click and the unsubscribe.
  const funnelCell = (step: RegExp) => funnel.getByRole('row', { name: step }).getByRole('cell').first();
  await page.goto(url);
  await expect(funnelCell(/^Clicked/)).toHaveText('1');
  const apart = page.locator('div[role=region][aria-label="Not in the funnel"]');
  await expect(
    apart
      .getByRole('row', { name: /^Unsubscribed/ })
      .getByRole('cell')
      .first(),
  ).toHaveText('1');
  // … and so does the marketing dashboard.
  await page.goto('/marketing');
  const losses = page.locator('div[role=region][aria-label="Unsubscribes and bounces"]');
  const lossRow = losses.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) });
  await expect(lossRow.getByRole('cell').first()).toHaveText('1');
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
