import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { campaignLift } from '@/analytics/lift';
import { db } from '@/db/client';
import { campaignMembers, campaignResults, campaigns, customers, orders } from '@/db/schema';
import type { Viewer } from '@/lib/auth/permissions';
import { stopBoss } from '@/lib/jobs/boss';
import { work } from '@/lib/jobs/queues';
import { closeTransport } from '@/lib/mail/transport';
import { getMarketingDashboard } from '@/lib/marketing/dashboard';
import { setupTestDatabase } from '@/lib/testing/db';
import { createTestUser } from '@/lib/testing/factories';
import { signInAs } from '@/lib/testing/session-mock';
import { createCampaign, sendCampaignNow } from '../campaigns/campaigns';
import { campaignSendJob } from '../campaigns/send-job';
import { type Mailbox, makeAudience, startMailbox, uniq } from '../campaigns/testing/helpers';
import { recalculateAttributionAction } from './attribution-actions';
import { campaignsToAttribute, computeCampaignAttribution, storedAttribution } from './compute';
import { campaignAttributionJob } from './job';

vi.mock('@/lib/auth/auth', async () => (await import('@/lib/testing/session-mock')).authMock);
vi.mock('next/cache', async () => (await import('@/lib/testing/next-mocks')).cacheMock);

setupTestDatabase();

let admin: Viewer, manager: Viewer, marketer: Viewer, rep: Viewer, agent: Viewer;

beforeAll(async () => {
  [admin, manager, marketer, rep, agent] = await Promise.all(
    (['admin', 'manager', 'marketer', 'sales_rep', 'service_agent'] as const).map((r) => createTestUser(r)),
  );
});
afterAll(async () => {
  await stopBoss(2_000);
});
beforeEach(() => signInAs(null));

const T0 = new Date('2026-01-10T00:00:00Z');
const at = (days: number, hours = 0) => new Date(T0.getTime() + (days * 24 + hours) * 3_600_000);

let orderNo = 0;
async function order(customerId: string, when: Date, total: string, extra: Partial<typeof orders.$inferInsert> = {}) {
  const [row] = await db
    .insert(orders)
    .values({ number: `AT-${uniq()}-${++orderNo}`, customerId, orderedAt: when, total, ...extra })
    .returning({ id: orders.id });
  return row.id;
}

type MemberSpec = {
  status: 'sent' | 'holdout' | 'failed';
  sentAt?: Date;
  clickedAt?: Date;
};

/** A started campaign with hand-built members (one fresh customer each); returns the customers' ids in order. */
async function handBuilt(specs: MemberSpec[], cost = '100') {
  const tag = uniq();
  const people = await db
    .insert(customers)
    .values(specs.map((_, i) => ({ kind: 'person' as const, name: `A${i} ${tag}`, email: `a${i}.${tag}@example.org` })))
    .returning({ id: customers.id });
  const [campaign] = await db
    .insert(campaigns)
    .values({
      name: `Attribution ${tag}`,
      subject: 'Hello',
      bodyText: 'Hi',
      status: 'sent',
      startedAt: T0,
      sentAt: at(0, 2),
      cost,
      attributionDays: 7,
      sentCount: specs.filter((s) => s.status === 'sent').length,
      holdoutCount: specs.filter((s) => s.status === 'holdout').length,
      clickedCount: specs.filter((s) => s.clickedAt).length,
    })
    .returning({ id: campaigns.id });
  await db.insert(campaignMembers).values(
    specs.map((s, i) => ({
      campaignId: campaign.id,
      customerId: people[i].id,
      email: `a${i}.${tag}@example.org`,
      status: s.status,
      sentAt: s.sentAt ?? null,
      clickedAt: s.clickedAt ?? null,
    })),
  );
  return { campaignId: campaign.id, ids: people.map((p) => p.id) };
}

async function convertedOf(campaignId: string) {
  const found = await db
    .select({ customerId: campaignMembers.customerId, converted: campaignMembers.convertedOrderId })
    .from(campaignMembers)
    .where(eq(campaignMembers.campaignId, campaignId));
  return new Map(found.map((m) => [m.customerId, m.converted]));
}

describe('attribution', () => {
  it('counts orders within 7 days of the send or the click (returns netted, cancelled/refunded left out); the holdout from the start', async () => {
    const sent = at(0, 1);
    const { campaignId, ids } = await handBuilt([
      { status: 'sent', sentAt: sent }, // A
      { status: 'sent', sentAt: sent, clickedAt: at(5) }, // B
      { status: 'sent', sentAt: sent }, // C
      { status: 'sent', sentAt: sent }, // D
      { status: 'sent', sentAt: sent }, // E
      { status: 'holdout' }, // H1
      { status: 'holdout' }, // H2
      { status: 'holdout' }, // H3
      { status: 'failed' }, // F
    ]);
    const [A, B, C, D, , H1, H2, , F] = ids;
    const a150 = await order(A, at(2), '150.00'); // in: 2 days after the send
    await order(A, at(10), '40.00'); // out: 10 days after the send, no click
    const b60 = await order(B, at(11), '60.00'); // in through the click (day 5 + 7 = day 12), not the send
    await order(B, at(3), '-20.00', { kind: 'return' }); // a return in the window nets: 60 − 20 = 40
    await order(C, at(1), '80.00', { status: 'cancelled' }); // never counts
    await order(C, at(1), '30.00', { status: 'refunded' }); // never counts
    await order(D, at(-1), '500.00'); // before the send
    const h50 = await order(H1, at(3), '50.00'); // holdout: 3 days after the start
    await order(H2, at(8), '25.00'); // holdout: after its 7 days
    await order(F, at(1), '999.00'); // a failed member is in neither group

    const result = await computeCampaignAttribution(campaignId);
    // Sent group: A 150, B 40, C 0, D 0, E 0 → revenue 190, mean 38,
    // variance ((112² + 2² + 3 · 38²) / 4) = (12544 + 4 + 4332) / 4 = 4220.
    // Holdout: H1 50, H2 0, H3 0 → mean 16.667, variance (33.333² + 2 · 16.667²) / 2 = 833.333.
    expect(result).toMatchObject({
      revenue: '190.00',
      holdoutRevenue: '50.00',
      sentMembers: 5,
      holdoutMembers: 3,
      convertedCount: 2,
      holdoutConvertedCount: 1,
      cost: '100.00',
    });
    expect(result!.sentMean).toBeCloseTo(38, 10);
    expect(result!.sentVariance).toBeCloseTo(4220, 8);
    expect(result!.holdoutMean).toBeCloseTo(50 / 3, 10);
    expect(result!.holdoutVariance).toBeCloseTo(2500 / 3, 8);
    // ROI = (190 − 100) / 100 = 0.9; lift 38 − 16.667 = 21.333 a member.
    expect(result!.roi).toBeCloseTo(0.9, 12);
    expect(result!.incrementalPerMember).toBeCloseTo(38 - 50 / 3, 10);
    // The same interval as analytics/lift.ts gives from the members' revenues themselves.
    const expected = campaignLift([150, 40, 0, 0, 0], [50, 0, 0]);
    expect(result!.ciLow).toBeCloseTo(expected.ci95!.low, 8);
    expect(result!.ciHigh).toBeCloseTo(expected.ci95!.high, 8);
    // Five sent and three held out: too small to claim a lift.
    expect(result!.caveats).toEqual(['sentTooSmall', 'holdoutTooSmall']);
    // The last window closes 7 days after the latest touch (B's click on day 5).
    expect(result!.windowClosesAt?.toISOString()).toBe(at(12).toISOString());

    // Converted orders: each member's first sale in the window.
    const converted = await convertedOf(campaignId);
    expect(converted.get(A)).toBe(a150);
    expect(converted.get(B)).toBe(b60);
    expect(converted.get(C)).toBeNull();
    expect(converted.get(D)).toBeNull();
    expect(converted.get(H1)).toBe(h50);
    expect(converted.get(F)).toBeNull();

    // A refund takes A's sale out: the next computation drops its revenue and its conversion.
    await db.update(orders).set({ status: 'refunded' }).where(eq(orders.id, a150));
    const again = await computeCampaignAttribution(campaignId);
    expect(again).toMatchObject({ revenue: '40.00', convertedCount: 1 });
    expect(again!.roi).toBeCloseTo(-0.6, 12); // (40 − 100) / 100
    expect((await convertedOf(campaignId)).get(A)).toBeNull();
  });

  it('groups of 30 or more give an interval and no caveat; a campaign without cost has no ROI', async () => {
    const specs: MemberSpec[] = [
      ...Array.from({ length: 30 }, () => ({ status: 'sent' as const, sentAt: at(0) })),
      ...Array.from({ length: 30 }, () => ({ status: 'holdout' as const })),
    ];
    const { campaignId, ids } = await handBuilt(specs, '0');
    // Sent: 10 buyers of 100 → [100 × 10, 0 × 20]; holdout: 5 buyers of 60 → [60 × 5, 0 × 25].
    for (let i = 0; i < 10; i++) await order(ids[i], at(1), '100.00');
    for (let i = 30; i < 35; i++) await order(ids[i], at(2), '60.00');
    const result = await computeCampaignAttribution(campaignId);
    const expected = campaignLift(
      [...Array(10).fill(100), ...Array(20).fill(0)],
      [...Array(5).fill(60), ...Array(25).fill(0)],
    );
    expect(result!.caveats).toEqual([]);
    expect(result!.roi).toBeNull();
    expect(result!.incrementalPerMember).toBeCloseTo(100 / 3 - 10, 10); // 33.333 − 10
    expect(result!.ciLow).toBeCloseTo(expected.ci95!.low, 8);
    expect(result!.ciHigh).toBeCloseTo(expected.ci95!.high, 8);
    expect(result!.relativeLift).toBeCloseTo((100 / 3 - 10) / 10, 10);
  });

  it('a campaign that never started has no result', async () => {
    const [draft] = await db
      .insert(campaigns)
      .values({ name: `Draft ${uniq()}`, subject: 's', bodyText: 'b' })
      .returning({ id: campaigns.id });
    expect(await computeCampaignAttribution(draft.id)).toBeNull();
    expect(await storedAttribution(draft.id)).toBeNull();
  });
});

describe('the attribution job', () => {
  let mailbox: Mailbox;
  beforeAll(async () => {
    mailbox = await startMailbox();
    process.env.SMTP_URL = mailbox.url;
    process.env.APP_URL = 'https://crm.example.test';
  });
  afterAll(async () => {
    delete process.env.SMTP_URL;
    delete process.env.APP_URL;
    closeTransport();
    await mailbox?.close();
  });

  async function waitForResult(campaignId: string, after?: Date) {
    for (let i = 0; i < 100; i++) {
      const r = await storedAttribution(campaignId);
      if (r && (!after || r.computedAt > after)) return r;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('no attribution result');
  }

  it('a finished send queues the attribution, and the worker writes the results table', async () => {
    const audience = await makeAudience([{}, {}, {}]);
    const created = await createCampaign(marketer, {
      name: `Job ${uniq()}`,
      subject: 'Hi',
      fromName: null,
      fromAddress: null,
      bodyText: 'Hello {{first_name}} {{unsubscribe_url}}',
      bodyHtml: null,
      segmentId: audience.segmentId,
      cost: '10',
      ratePerMinute: 600,
      holdoutPercent: 0,
      attributionDays: 7,
    });
    if (!created.ok) throw new Error('campaign');
    const started = await sendCampaignNow(marketer, { id: created.id, version: 1 });
    expect(started.ok).toBe(true);
    // The send job's run sends all three and, being done, asks for the attribution.
    await campaignSendJob.handler({ campaignId: created.id }, { id: 'test' });
    expect(mailbox.received.length).toBeGreaterThanOrEqual(3);
    const [buyer] = audience.customers;
    await order(buyer.id, new Date(Date.now() + 60_000), '42.50');
    expect(await storedAttribution(created.id)).toBeNull(); // nothing computed until the worker runs
    await work(campaignAttributionJob, { pollingIntervalSeconds: 0.5 });
    const result = await waitForResult(created.id);
    expect(result).toMatchObject({ revenue: '42.50', sentMembers: 3, convertedCount: 1, holdoutMembers: 0 });
    expect(result.roi).toBeCloseTo(3.25, 12); // (42.5 − 10) / 10
    expect(result.caveats).toContain('holdoutTooSmall');

    // "Recalculate": marketers and admins may, managers, reps and agents may not.
    for (const viewer of [manager, rep, agent]) {
      signInAs(viewer);
      expect(await recalculateAttributionAction({ campaignId: created.id })).toMatchObject({
        ok: false,
        reason: 'forbidden',
      });
    }
    await order(buyer.id, new Date(Date.now() + 120_000), '7.50');
    signInAs(marketer);
    expect(await recalculateAttributionAction({ campaignId: created.id })).toMatchObject({ ok: true });
    const recalculated = await waitForResult(created.id, result.computedAt);
    expect(recalculated.revenue).toBe('50.00');
    signInAs(admin);
    expect(await recalculateAttributionAction({ campaignId: 'not-a-uuid' })).toMatchObject({ reason: 'invalid' });
  });

  it('nightly: only campaigns whose window is still open (or never computed, or clicked since) are recomputed', async () => {
    const closed = await handBuilt([{ status: 'sent', sentAt: at(0) }]);
    const open = await handBuilt([{ status: 'sent', sentAt: at(0) }]);
    await computeCampaignAttribution(closed.campaignId); // computed now, long after its window (day 7) closed
    await computeCampaignAttribution(open.campaignId);
    // As if computed on day 3, inside its window.
    await db
      .update(campaignResults)
      .set({ computedAt: at(3) })
      .where(eq(campaignResults.campaignId, open.campaignId));
    const never = await handBuilt([{ status: 'holdout' }]);
    const due = await campaignsToAttribute();
    expect(due).toContain(open.campaignId);
    expect(due).toContain(never.campaignId);
    expect(due).not.toContain(closed.campaignId);
    // A click after the computation makes it due again.
    await db.update(campaigns).set({ clickedCount: 1 }).where(eq(campaigns.id, closed.campaignId));
    expect(await campaignsToAttribute()).toContain(closed.campaignId);

    await campaignAttributionJob.handler({}, { id: 'nightly' });
    expect(await storedAttribution(never.campaignId)).not.toBeNull();
    expect((await storedAttribution(open.campaignId))!.computedAt.getTime()).toBeGreaterThan(at(3).getTime());

    // "Recalculate" without a campaign: the worker (started above) recomputes every due campaign.
    const fresh = await handBuilt([{ status: 'sent', sentAt: at(0) }]);
    signInAs(admin);
    expect(await recalculateAttributionAction({})).toMatchObject({ ok: true, message: 'attributionQueued' });
    expect((await waitForResult(fresh.campaignId)).sentMembers).toBe(1);
  });
});

describe('dashboard rights', () => {
  it('marketers, admins and managers read the dashboard; reps and agents get nothing', async () => {
    const { campaignId } = await handBuilt([{ status: 'sent', sentAt: at(0) }]);
    await computeCampaignAttribution(campaignId);
    const filter = { from: '2026-01-01', to: '2026-01-31' };
    for (const viewer of [marketer, admin, manager]) {
      const data = await getMarketingDashboard(viewer, filter);
      expect(data?.campaigns.map((c) => c.id)).toContain(campaignId);
      expect(data?.campaigns.find((c) => c.id === campaignId)?.result?.sentMembers).toBe(1);
    }
    expect(await getMarketingDashboard(rep, filter)).toBeNull();
    expect(await getMarketingDashboard(agent, filter)).toBeNull();
  });

  it('the filter: campaigns started in the range (inclusive days), or the one chosen', async () => {
    const { campaignId } = await handBuilt([{ status: 'sent', sentAt: at(0) }]);
    const other = await handBuilt([{ status: 'sent', sentAt: at(0) }]);
    const onTheDay = await getMarketingDashboard(marketer, { from: '2026-01-10', to: '2026-01-10' });
    expect(onTheDay?.campaigns.map((c) => c.id)).toEqual(expect.arrayContaining([campaignId, other.campaignId]));
    const before = await getMarketingDashboard(marketer, { from: '2025-12-01', to: '2026-01-09' });
    expect(before).toMatchObject({ anyCampaign: true, campaigns: [] });
    const one = await getMarketingDashboard(marketer, { campaign: campaignId, from: '2026-01-01', to: '2026-01-31' });
    expect(one?.campaigns.map((c) => c.id)).toEqual([campaignId]);
    expect(one?.choices.map((c) => c.id)).toContain(other.campaignId);
    // Not computed yet: the dashboard says so rather than showing zeros.
    expect(one?.campaigns[0].result).toBeNull();
  });
});
