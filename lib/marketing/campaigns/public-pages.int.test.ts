import { and, eq, like } from 'drizzle-orm';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as clickModule from '@/app/api/public/c/click/route';
import * as openModule from '@/app/api/public/c/open/route';
import { POST as resubscribeRoute } from '@/app/api/public/resubscribe/route';
import { POST as unsubscribeRoute } from '@/app/api/public/unsubscribe/route';
import UnsubscribePage from '@/app/unsubscribe/page';
import { db } from '@/db/client';
import { auditLog, campaignMembers, customers, leadCaptureAttempts } from '@/db/schema';
import type { Viewer } from '@/lib/auth/permissions';
import { scopedAddressKey } from '@/lib/public/address-limit';
import { setupTestDatabase } from '@/lib/testing/db';
import { createTestUser } from '@/lib/testing/factories';
import { signToken } from './links';
import { TRACKING_LIMIT, UNSUBSCRIBE_LIMIT } from './public-requests';
import { counters, insertSentMember, type makeAudience, SENT_LINK } from './testing/helpers';

// The public endpoints of a campaign email (issue 13): the unsubscribe page shows the database's
// state, only GET counts, the per-address limits, and the person's own re-subscribe.

vi.mock('@/lib/auth/auth', async () => (await import('@/lib/testing/session-mock')).authMock);
vi.mock('next/cache', async () => (await import('@/lib/testing/next-mocks')).cacheMock);
// The page's strings as their keys, so the markup says which message it chose.
vi.mock('next-intl/server', () => ({
  getTranslations: async (ns: string) => (key: string) => `[${ns}.${key}]`,
}));
vi.mock('@/components/shell/language-switcher', () => ({ LanguageSwitcher: () => null }));

setupTestDatabase();

const LINK = SENT_LINK;
let marketer: Viewer;
beforeAll(async () => {
  marketer = await createTestUser('marketer');
  // The client address comes from X-Forwarded-For written by one trusted proxy.
  process.env.TRUSTED_PROXIES = '1';
});

const sentMember = (spec: Parameters<typeof makeAudience>[0][number] = {}) => insertSentMember(marketer, spec);

let ipSeq = 10;
const freshIp = () => `198.51.100.${ipSeq++}`;
const request = (path: string, init: RequestInit & { ip?: string } = {}) => {
  const headers = new Headers(init.headers);
  headers.set('x-forwarded-for', init.ip ?? freshIp());
  if (!headers.has('user-agent')) headers.set('user-agent', 'Mozilla/5.0 Thunderbird/128.0');
  return new Request(`https://crm.example.test${path}`, { ...init, headers });
};
const q = (token: string) => `?t=${encodeURIComponent(token)}`;
const postForm = (path: string, ip?: string, headers: Record<string, string> = {}) =>
  request(path, { method: 'POST', ip, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });

async function page(params: Record<string, string>): Promise<string> {
  return renderToStaticMarkup(await UnsubscribePage({ searchParams: Promise.resolve(params) }));
}

async function customer(id: string) {
  const [row] = await db.select().from(customers).where(eq(customers.id, id));
  return row;
}

/** Fills an address's bucket of a limit up to its maximum. */
async function exhaust(limit: typeof TRACKING_LIMIT, ip: string) {
  const key = scopedAddressKey(limit, ip);
  await db.insert(leadCaptureAttempts).values(Array.from({ length: limit.max }, () => ({ ip: key, at: new Date() })));
}

describe('the unsubscribe page shows what the database says', () => {
  it('a "done" flag in the address claims nothing; after the button it says unsubscribed and offers the way back', async () => {
    const { memberId, customerId } = await sentMember();
    const token = signToken({ kind: 'unsubscribe', memberId });
    const forged = await page({ t: token, done: '1' });
    expect(forged).not.toContain('[unsubscribe.doneTitle]');
    expect(forged).toContain('[unsubscribe.submit]');
    expect((await customer(customerId)).unsubscribedAt).toBeNull();

    const res = await unsubscribeRoute(postForm(`/api/public/unsubscribe${q(token)}`));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/unsubscribe${q(token)}`);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const after = await page({ t: token });
    expect(after).toContain('[unsubscribe.doneTitle]');
    expect(after).toContain(`action="/api/public/resubscribe${q(token).replace(/&/g, '&amp;')}"`);
  });
});

describe('only a GET counts an open or a click', () => {
  it('a HEAD on the pixel or the link answers (image headers, the redirect) without counting; a bad token is 404', async () => {
    const { campaignId, memberId } = await sentMember();
    const open = signToken({ kind: 'open', memberId });
    const click = signToken({ kind: 'click', memberId, url: LINK });
    // Without its own HEAD, Next.js answers a HEAD with the GET handler.
    type Handler = (r: Request) => Promise<Response>;
    const handler = (mod: { GET: Handler; HEAD?: Handler }) => mod.HEAD ?? mod.GET;
    const headOpen = handler(openModule);
    const headClick = handler(clickModule);
    const pixel = await headOpen(request(`/api/public/c/open${q(open)}`, { method: 'HEAD' }));
    expect(pixel.status).toBe(200);
    expect(pixel.headers.get('content-type')).toBe('image/gif');
    const link = await headClick(request(`/api/public/c/click${q(click)}`, { method: 'HEAD' }));
    expect(link.status).toBe(302);
    expect(link.headers.get('location')).toBe(LINK);
    expect((await headOpen(request(`/api/public/c/open?t=o.x.y`, { method: 'HEAD' }))).status).toBe(404);
    expect(await counters(campaignId)).toMatchObject({ opened: 0, clicked: 0, botOpens: 0 });
    const [m] = await db.select().from(campaignMembers).where(eq(campaignMembers.id, memberId));
    expect(m).toMatchObject({ openCount: 0, clickCount: 0, openedAt: null, clickedAt: null });

    expect((await openModule.GET(request(`/api/public/c/open${q(open)}`))).status).toBe(200);
    expect((await clickModule.GET(request(`/api/public/c/click${q(click)}`))).status).toBe(302);
    expect(await counters(campaignId)).toMatchObject({ opened: 1, clicked: 1 });
  });
});

describe('the per-address limit of the public endpoints (shared through the database)', () => {
  it('over it, the pixel still sends its image and the link still redirects, but neither counts; other addresses count', async () => {
    const { campaignId, memberId } = await sentMember();
    const busy = freshIp();
    await exhaust(TRACKING_LIMIT, busy);
    const open = signToken({ kind: 'open', memberId });
    const click = signToken({ kind: 'click', memberId, url: LINK });
    const pixel = await openModule.GET(request(`/api/public/c/open${q(open)}`, { ip: busy }));
    expect(pixel.status).toBe(200);
    expect(pixel.headers.get('content-type')).toBe('image/gif');
    const link = await clickModule.GET(request(`/api/public/c/click${q(click)}`, { ip: busy }));
    expect(link.status).toBe(302);
    expect(link.headers.get('location')).toBe(LINK);
    // A foreign target is still refused over the limit.
    const foreign = signToken({ kind: 'click', memberId, url: 'https://evil.example.net/' });
    expect((await clickModule.GET(request(`/api/public/c/click${q(foreign)}`, { ip: busy }))).status).toBe(404);
    expect(await counters(campaignId)).toMatchObject({ opened: 0, clicked: 0 });

    await openModule.GET(request(`/api/public/c/open${q(open)}`));
    await clickModule.GET(request(`/api/public/c/click${q(click)}`));
    expect(await counters(campaignId)).toMatchObject({ opened: 1, clicked: 1 });
  });

  it('over it, unsubscribing answers 429 with a message in the visitor’s language and changes nothing', async () => {
    const { memberId, customerId } = await sentMember();
    const busy = freshIp();
    await exhaust(UNSUBSCRIBE_LIMIT, busy);
    const token = signToken({ kind: 'unsubscribe', memberId });
    const res = await unsubscribeRoute(postForm(`/api/public/unsubscribe${q(token)}`, busy));
    expect(res.status).toBe(429);
    expect(await res.text()).toBe('Too many requests from your address. Please try again in a few minutes.');
    const zh = await unsubscribeRoute(
      postForm(`/api/public/unsubscribe${q(token)}`, busy, { 'accept-language': 'zh-CN,zh;q=0.9' }),
    );
    expect(await zh.text()).toBe('来自您地址的请求过多。请几分钟后再试。');
    expect((await customer(customerId)).unsubscribedAt).toBeNull();
    expect((await unsubscribeRoute(postForm(`/api/public/unsubscribe${q(token)}`))).status).toBe(303);
    expect((await customer(customerId)).unsubscribedAt).not.toBeNull();
  });

  it('a forged token is refused before anything is counted', async () => {
    const ip = freshIp();
    for (let i = 0; i < 3; i++) {
      expect((await openModule.GET(request('/api/public/c/open?t=o.x.y', { ip }))).status).toBe(404);
      expect((await unsubscribeRoute(postForm('/api/public/unsubscribe?t=u.x.y', ip))).status).toBe(404);
    }
    const counted = await db
      .select()
      .from(leadCaptureAttempts)
      .where(like(leadCaptureAttempts.ip, `%${ip}`));
    expect(counted).toHaveLength(0);
  });
});

describe('re-subscribing, by the person only', () => {
  async function unsubscribed(spec: Parameters<typeof makeAudience>[0][number] = {}) {
    const member = await sentMember(spec);
    const token = signToken({ kind: 'unsubscribe', memberId: member.memberId });
    expect((await unsubscribeRoute(postForm(`/api/public/unsubscribe${q(token)}`))).status).toBe(303);
    return { ...member, token };
  }
  const resubscribeAudits = (customerId: string) =>
    db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, customerId), eq(auditLog.action, 'resubscribe')));

  it('the page’s second button gives consent again (source "resubscribe", now) and clears the unsubscribe, audited as their act', async () => {
    const { customerId, token } = await unsubscribed({ consentSource: 'import' });
    const before = Date.now();
    const res = await resubscribeRoute(postForm(`/api/public/resubscribe${q(token)}`));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/unsubscribe${q(token)}`);
    const c = await customer(customerId);
    expect(c).toMatchObject({ emailConsent: true, consentSource: 'resubscribe', unsubscribedAt: null });
    expect(c.consentAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    const audits = await resubscribeAudits(customerId);
    expect(audits).toHaveLength(1);
    expect(audits[0].actorId).toBeNull();
    const shown = await page({ t: token });
    expect(shown).toContain('[unsubscribe.resubscribedTitle]');
    expect(shown).toContain('[unsubscribe.submit]');
    // Again: nothing more happens (they are not unsubscribed).
    await resubscribeRoute(postForm(`/api/public/resubscribe${q(token)}`));
    expect(await resubscribeAudits(customerId)).toHaveLength(1);
  });

  it('someone who never unsubscribed gets no consent from it; a hard-bounced address stays off; a bad token is 404', async () => {
    const never = await sentMember({ emailConsent: false });
    const token = signToken({ kind: 'unsubscribe', memberId: never.memberId });
    expect((await resubscribeRoute(postForm(`/api/public/resubscribe${q(token)}`))).status).toBe(303);
    expect(await customer(never.customerId)).toMatchObject({ emailConsent: false, consentSource: null });

    const bounced = await unsubscribed({ bouncedAt: new Date('2026-11-01T00:00:00Z') });
    await resubscribeRoute(postForm(`/api/public/resubscribe${q(bounced.token)}`));
    const c = await customer(bounced.customerId);
    expect(c.unsubscribedAt).not.toBeNull();
    expect(c.emailConsent).toBe(true); // as stored; consent is void while unsubscribed
    const shown = await page({ t: bounced.token });
    expect(shown).toContain('[unsubscribe.bounced]');
    expect(shown).not.toContain('/api/public/resubscribe');

    expect((await resubscribeRoute(postForm('/api/public/resubscribe?t=u.x.y'))).status).toBe(404);
    const open = signToken({ kind: 'open', memberId: never.memberId });
    expect((await resubscribeRoute(postForm(`/api/public/resubscribe${q(open)}`))).status).toBe(404);
  });
});
