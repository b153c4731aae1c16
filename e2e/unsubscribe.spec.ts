import { expect, test } from '@playwright/test';
import { linkKey, signLinkToken } from '../lib/marketing/campaigns/tokens';
import { E2E_AUTH_SECRET, E2E_CAMPAIGN_MEMBER, expectAccessible, visitorPage } from './helpers';

// The public unsubscribe page in a browser, with the link of the member the e2e seed plants: the page
// sends no referrer (so its forms post with Origin: null, which their targets take), shows the state
// of the record, not the address, and lets the person opt back in. Tokens, limits and the one-click
// POST are lib/marketing/campaigns/public-pages.int.test.ts's.

test('[unsubscribe] a recipient unsubscribes, then subscribes again by mistake-button; a "done" flag claims nothing', async ({
  browser,
}) => {
  const token = signLinkToken(linkKey(E2E_AUTH_SECRET), { kind: 'unsubscribe', memberId: E2E_CAMPAIGN_MEMBER });
  const visitor = await visitorPage(browser);
  const res = await visitor.goto(`/unsubscribe?t=${encodeURIComponent(token)}&done=1`);
  expect(res?.headers()['referrer-policy']).toBe('no-referrer');
  await expect(visitor.getByRole('heading', { name: 'Unsubscribe', level: 1 })).toBeVisible();
  await expectAccessible(visitor, '/unsubscribe');
  await visitor.getByRole('button', { name: 'Unsubscribe' }).click();
  await expect(visitor.getByRole('heading', { name: 'You are unsubscribed' })).toBeVisible();
  await expectAccessible(visitor, '/unsubscribe (done)');
  await visitor.getByRole('button', { name: 'I unsubscribed by mistake — subscribe me again' }).click();
  await expect(visitor.getByRole('heading', { name: 'You are subscribed again' })).toBeVisible();
});
