import { and, eq, inArray, isNull } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { activities, customerScores, customers } from '@/db/schema';
import { seedDatabase } from '@/db/seed';
import type { Viewer } from '@/lib/auth/permissions';
import { updateSettingsAction } from '@/lib/settings/settings-actions';
import { setupTestDatabase } from '@/lib/testing/db';
import { seededViewer } from '@/lib/testing/factories';
import { signInAs } from '@/lib/testing/session-mock';
import { getCustomerAnalytics, listAlsoBought } from './customer-analytics';
import { analyticsStatusAction, createFollowUpTasksAction } from './dashboard-actions';
import { FOLLOW_UP_ORIGIN, getChurnRiskDashboard, listMyValuableAtRisk } from './dashboards/churn-risk';
import { getLifetimeDashboard } from './dashboards/lifetime';
import { getRetentionDashboard } from './dashboards/retention';
import { getSegmentsDashboard } from './dashboards/segments';
import { getValueDashboard } from './dashboards/value';
import { refreshAnalytics } from './refresh';
import { refreshAnalyticsAction } from './refresh-actions';

// Crafted calls against every analytics action and data function, per role, with malformed input:
// what a person with devtools (or a script holding a session cookie) could send. A rep never sees
// or acts on customers they do not own; a service agent gets nothing.

vi.mock('@/lib/auth/auth', async () => (await import('@/lib/testing/session-mock')).authMock);
vi.mock('next/cache', async () => (await import('@/lib/testing/next-mocks')).cacheMock);

const ctx = setupTestDatabase();

let admin: Viewer, manager: Viewer, marketer: Viewer, rep: Viewer, rep2: Viewer, agent: Viewer;
let runId: string;
let mine: string[];
let theirs: string[];

const followUps = (ids: string[]) =>
  db
    .select({ customerId: activities.customerId })
    .from(activities)
    .where(and(inArray(activities.customerId, ids), eq(activities.origin, FOLLOW_UP_ORIGIN)));

beforeAll(async () => {
  await seedDatabase(ctx.handle, { scale: 'test', anchor: new Date('2026-06-30T00:00:00Z') });
  const result = await refreshAnalytics({ trigger: 'cli', asOf: '2026-06-30' });
  if (!result.ok) throw new Error(`refresh failed: ${JSON.stringify(result)}`);
  runId = result.runId;
  [admin, manager, marketer, rep, rep2, agent] = await Promise.all([
    seededViewer('admin@lodestar.test'),
    seededViewer('manager@lodestar.test'),
    seededViewer('marketer@lodestar.test'),
    seededViewer('rep@lodestar.test'),
    seededViewer('rep2@lodestar.test'),
    seededViewer('agent@lodestar.test'),
  ]);
  const scored = await db
    .select({ id: customers.id, ownerId: customers.ownerId })
    .from(customerScores)
    .innerJoin(customers, eq(customers.id, customerScores.customerId))
    .where(and(eq(customerScores.runId, runId), isNull(customers.deletedAt)))
    .orderBy(customers.id);
  mine = scored.filter((c) => c.ownerId === rep.userId).map((c) => c.id);
  theirs = scored.filter((c) => c.ownerId === rep2.userId).map((c) => c.id);
  expect(mine.length).toBeGreaterThan(3);
  expect(theirs.length).toBeGreaterThan(3);
}, 120_000);

beforeEach(() => signInAs(null));

describe('follow-up tasks bulk action, malformed input', () => {
  const MALFORMED: [string, unknown][] = [
    ['no input', undefined],
    ['null', null],
    ['a string', 'ids=1'],
    ['a number', 42],
    ['an array', [{ ids: [], subject: 'x' }]],
    ['ids as a string', { ids: '00000000-0000-0000-0000-000000000000', subject: 'x' }],
    ['ids as numbers', { ids: [1, 2, 3], subject: 'x' }],
    ['ids not uuids', { ids: ['1 or 1=1', "'; drop table customers; --"], subject: 'x' }],
    ['ids nested', { ids: [['00000000-0000-0000-0000-000000000000']], subject: 'x' }],
    ['ids empty', { ids: [], subject: 'x' }],
    ['ids 501', { ids: Array.from({ length: 501 }, () => crypto.randomUUID()), subject: 'x' }],
    ['ids 100k', { ids: Array.from({ length: 100_000 }, () => crypto.randomUUID()), subject: 'x' }],
    ['subject missing', { ids: [crypto.randomUUID()] }],
    ['subject blank', { ids: [crypto.randomUUID()], subject: '   ' }],
    ['subject an object', { ids: [crypto.randomUUID()], subject: { toString: 'x' } }],
    ['subject too long', { ids: [crypto.randomUUID()], subject: 'x'.repeat(201) }],
    ['subject a formula', { ids: [crypto.randomUUID()], subject: '@SUM(1)' }],
    ['subject with NUL', { ids: [crypto.randomUUID()], subject: 'a\u0000b' }],
    ['body a formula', { ids: [crypto.randomUUID()], subject: 'x', body: '+cmd' }],
    ['body too long', { ids: [crypto.randomUUID()], subject: 'x', body: 'y'.repeat(5001) }],
  ];

  it.each(MALFORMED)('%s is refused as invalid (never a throw), for a manager', async (_, input) => {
    signInAs(manager);
    await expect(createFollowUpTasksAction(input)).resolves.toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('signed out: refused before anything runs', async () => {
    await expect(createFollowUpTasksAction({ ids: [mine[0]], subject: 'x' })).rejects.toThrow();
    expect(await followUps([mine[0]])).toEqual([]);
  });
});

describe('follow-up tasks bulk action, whose customers', () => {
  it("a rep: other reps' customers, unknown ids and deleted customers are skipped; duplicates count once", async () => {
    signInAs(rep);
    const [deleted] = mine.slice(-1);
    await db.update(customers).set({ deletedAt: new Date() }).where(eq(customers.id, deleted));
    try {
      const unknown = crypto.randomUUID();
      const ids = [mine[0], mine[0], theirs[0], theirs[1], unknown, deleted];
      const r = await createFollowUpTasksAction({ ids, subject: 'Call', body: '' });
      expect(r).toMatchObject({ ok: true, data: { created: 1, alreadyOpen: 0, skipped: 4 } });
      expect(await followUps([theirs[0], theirs[1], deleted])).toEqual([]);
    } finally {
      await db.update(customers).set({ deletedAt: null }).where(eq(customers.id, deleted));
    }
  });

  it('a rep learns nothing about another rep\'s customers from "already open": they count as skipped', async () => {
    signInAs(manager);
    expect(await createFollowUpTasksAction({ ids: [theirs[2]], subject: 'Call', body: '' })).toMatchObject({
      data: { created: 1 },
    });
    signInAs(rep);
    expect(await createFollowUpTasksAction({ ids: [theirs[2]], subject: 'Call', body: '' })).toMatchObject({
      ok: true,
      data: { created: 0, alreadyOpen: 0, skipped: 1 },
    });
  });

  it('an admin and a manager: a deleted customer gets no task', async () => {
    const victim = theirs[3];
    await db.update(customers).set({ deletedAt: new Date() }).where(eq(customers.id, victim));
    try {
      for (const who of [admin, manager]) {
        signInAs(who);
        expect(await createFollowUpTasksAction({ ids: [victim], subject: 'Call', body: '' })).toMatchObject({
          ok: true,
          data: { created: 0, skipped: 1 },
        });
      }
      expect(await followUps([victim])).toEqual([]);
    } finally {
      await db.update(customers).set({ deletedAt: null }).where(eq(customers.id, victim));
    }
  });
});

describe('refresh, status and settings actions per role', () => {
  it('Refresh now: refused for a rep, an agent and a marketer, whatever they send', async () => {
    for (const who of [rep, agent, marketer]) {
      signInAs(who);
      for (const input of [{}, { force: true }, null, 'now'])
        expect(await refreshAnalyticsAction(input), `${who.role} ${JSON.stringify(input)}`).toMatchObject({
          ok: false,
          reason: 'forbidden',
        });
    }
  });

  it('the status poll: an agent is refused; a manager sending junk gets invalid, not an error', async () => {
    signInAs(agent);
    expect(await analyticsStatusAction({})).toMatchObject({ ok: false, reason: 'forbidden' });
    signInAs(manager);
    for (const input of [null, 'x', 7, []])
      expect(await analyticsStatusAction(input)).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('analytics settings: only an admin may change them; out-of-range values are refused', async () => {
    const form = (values: Record<string, string>) => {
      const f = new FormData();
      const base = {
        version: '1',
        companyName: 'Lodestar',
        currency: 'USD',
        fiscalYearStartMonth: '1',
        timeZone: 'UTC',
        clvMargin: '0.3',
        clvAnnualDiscountRate: '0.1',
        clvHorizonMonths: '12',
        clvAcquisitionCost: '0',
        analyticsTimeUnit: 'week',
        rfmWindowMonths: '',
      };
      for (const [k, v] of Object.entries({ ...base, ...values })) f.set(k, v);
      return f;
    };
    for (const who of [manager, rep, agent, marketer]) {
      signInAs(who);
      expect(await updateSettingsAction(null, form({})), who.role).toMatchObject({ ok: false, reason: 'forbidden' });
    }
    signInAs(admin);
    const refused: Record<string, string>[] = [
      { clvMargin: '1.5' },
      { clvMargin: '-0.1' },
      { clvAnnualDiscountRate: 'NaN' },
      { clvHorizonMonths: '0' },
      { clvHorizonMonths: '100000' },
      { clvHorizonMonths: '1e3' },
      { clvAcquisitionCost: '-5' },
      { analyticsTimeUnit: 'month' },
      { rfmWindowMonths: '0' },
      { rfmWindowMonths: '601' },
    ];
    for (const bad of refused)
      expect(await updateSettingsAction(null, form(bad)), JSON.stringify(bad)).toMatchObject({
        ok: false,
        reason: 'invalid',
      });
  });
});

describe('dashboards and badges with crafted filters', () => {
  it("a rep's owner filter naming another rep, 'none' or 'me' never widens their view", async () => {
    const own = await getValueDashboard(rep, {});
    if (!own?.run) throw new Error('no dashboard');
    for (const owner of [rep2.userId, 'none', 'me', manager.userId, crypto.randomUUID()]) {
      const [value, lifetime, segments, retention, churn] = await Promise.all([
        getValueDashboard(rep, { owner }),
        getLifetimeDashboard(rep, { owner }),
        getSegmentsDashboard(rep, { owner }),
        getRetentionDashboard(rep, { owner }),
        getChurnRiskDashboard(rep, { owner }),
      ]);
      if (!value?.run || !lifetime?.run || !segments?.run || !retention?.run || !churn?.run) throw new Error(owner);
      expect(value.kpis, owner).toEqual(own.kpis);
      expect(lifetime.top.every((c) => mine.includes(c.id))).toBe(true);
      expect(segments.clusters.reduce((s, c) => s + c.customers, 0)).toBe(own.kpis.customers);
      expect(retention.customers).toBe(own.kpis.customers);
      expect(churn.rows.every((r) => r.ownerId === rep.userId)).toBe(true);
    }
  });

  it('an agent gets null from every dashboard, badge, suggestion and My day, whatever the filter', async () => {
    for (const filter of [{}, { owner: 'me' }, { owner: agent.userId }, { kind: 'person' as const }]) {
      expect(await getValueDashboard(agent, filter)).toBeNull();
      expect(await getLifetimeDashboard(agent, filter)).toBeNull();
      expect(await getSegmentsDashboard(agent, filter)).toBeNull();
      expect(await getRetentionDashboard(agent, filter)).toBeNull();
      expect(await getChurnRiskDashboard(agent, filter)).toBeNull();
    }
    expect(await listMyValuableAtRisk(agent)).toBeNull();
    expect(await getCustomerAnalytics(agent, { id: mine[0], ownerId: rep.userId })).toBeNull();
    expect(await listAlsoBought(agent, { id: mine[0], ownerId: rep.userId })).toBeNull();
  });

  it("the 360 badges: a rep gets none of another rep's customer, even by claiming to own it", async () => {
    expect(await getCustomerAnalytics(rep, { id: theirs[0], ownerId: rep2.userId })).toBeNull();
    // The owner passed in comes from the page's own read of the customer; a lie here must not leak.
    expect(await getCustomerAnalytics(rep, { id: theirs[0], ownerId: rep.userId })).toBeNull();
    expect((await listAlsoBought(rep, { id: theirs[0], ownerId: rep.userId })) ?? []).toEqual([]);
    expect(await getCustomerAnalytics(rep, { id: mine[0], ownerId: rep.userId })).not.toBeNull();
  });

  it('churn-risk pages past the end, and huge page sizes, return empty pages, not errors', async () => {
    const far = await getChurnRiskDashboard(manager, {}, 100_000, 50);
    if (!far?.run) throw new Error('no dashboard');
    expect(far.rows).toEqual([]);
    const first = await getChurnRiskDashboard(manager, {}, 1, 50);
    expect(far.summary).toEqual(first && 'summary' in first ? first.summary : null);
  });
});
