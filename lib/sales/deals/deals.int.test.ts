import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import {
  activities,
  auditLog,
  contacts,
  customers,
  dealStageHistory,
  deals,
  pipelineStages,
  quotes,
} from '@/db/schema';
import { seedDatabase } from '@/db/seed';
import type { Viewer } from '@/lib/auth/permissions';
import { listTimeline } from '@/lib/customers/activities';
import { setupTestDatabase } from '@/lib/testing/db';
import { seededViewer } from '@/lib/testing/factories';
import { signInAs } from '@/lib/testing/session-mock';
import { moveDeal } from './board';
import { bulkReassignDealsAction, logDealActivityAction, updateDealAction } from './deal-actions';
import { exportDeals } from './deal-export';
import { DealFilterSchema } from './deal-filters';
import { bulkReassignDeals, createDeal, logDealActivity, updateDeal } from './deal-write';
import { getDeal, listDealActivities, listDealHistory, listDealQuotes, listDeals } from './deals';

vi.mock('@/lib/auth/auth', async () => (await import('@/lib/testing/session-mock')).authMock);
vi.mock('next/cache', async () => (await import('@/lib/testing/next-mocks')).cacheMock);

const ctx = setupTestDatabase();

let admin: Viewer, manager: Viewer, rep: Viewer, rep2: Viewer, agent: Viewer, marketer: Viewer;
const all = DealFilterSchema.parse({ status: 'all' });

/** An open deal of `owner` (of a live customer). */
async function dealOf(owner: Viewer) {
  const [d] = await db
    .select({
      id: deals.id,
      version: deals.version,
      customerId: deals.customerId,
      name: deals.name,
      amount: deals.amount,
    })
    .from(deals)
    .innerJoin(customers, eq(customers.id, deals.customerId))
    .where(and(eq(deals.ownerId, owner.userId), eq(deals.status, 'open'), sql`${customers.deletedAt} is null`))
    .limit(1);
  return d;
}

const form = (values: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(values)) f.set(k, v);
  return f;
};

const editOf = (
  d: { id: string; version: number; name: string; amount: string },
  changes: Record<string, string> = {},
) => ({
  id: d.id,
  version: d.version,
  name: d.name,
  amount: d.amount,
  expectedCloseDate: null,
  contactId: null,
  ownerId: null,
  forecastCategory: 'pipeline' as const,
  ...changes,
});

beforeAll(async () => {
  await seedDatabase(ctx.handle, { scale: 'test', anchor: new Date('2026-06-30T00:00:00Z') });
  [admin, manager, rep, rep2, agent, marketer] = await Promise.all([
    seededViewer('admin@lodestar.test'),
    seededViewer('manager@lodestar.test'),
    seededViewer('rep@lodestar.test'),
    seededViewer('rep2@lodestar.test'),
    seededViewer('agent@lodestar.test'),
    seededViewer('marketer@lodestar.test'),
  ]);
}, 120_000);

describe('deal list', () => {
  it("a rep lists only their own deals; a manager everyone's; a marketer nothing", async () => {
    const mine = await listDeals(rep, { ...all, size: 100 });
    expect(mine.rows.length).toBeGreaterThan(0);
    const owners = await db
      .selectDistinct({ ownerId: deals.ownerId })
      .from(deals)
      .where(sql`${deals.id} in ${mine.rows.map((r) => r.id)}`);
    expect(owners).toEqual([{ ownerId: rep.userId }]);
    const [{ n }] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(deals)
      .innerJoin(customers, eq(customers.id, deals.customerId))
      .where(and(eq(deals.ownerId, rep.userId), sql`${deals.deletedAt} is null and ${customers.deletedAt} is null`));
    expect(mine.total).toBe(n);
    const everyone = await listDeals(manager, all);
    expect(everyone.total).toBeGreaterThan(mine.total);
    expect(await listDeals(marketer, all)).toEqual({ rows: [], total: 0, totalExact: true });
  });

  it('a rep cannot widen their list with an owner in the URL; a manager filters by owner, status and amount', async () => {
    const crafted = await listDeals(rep, DealFilterSchema.parse({ owner: rep2.userId, status: 'all' }));
    expect(crafted.total).toBe((await listDeals(rep, all)).total);
    const theirs = await listDeals(manager, DealFilterSchema.parse({ owner: rep2.userId, status: 'open', min: '100' }));
    expect(theirs.total).toBeGreaterThan(0);
    const ids = theirs.rows.map((r) => r.id);
    const found = await db
      .select({ ownerId: deals.ownerId, status: deals.status, amount: deals.amount })
      .from(deals)
      .where(sql`${deals.id} in ${ids}`);
    for (const d of found) {
      expect(d).toMatchObject({ ownerId: rep2.userId, status: 'open' });
      expect(Number(d.amount)).toBeGreaterThanOrEqual(100);
    }
  });

  it('with no status in the URL the list shows open deals, nearest expected close first; status=all shows closed ones too', async () => {
    const byDefault = DealFilterSchema.parse({});
    expect(byDefault).toMatchObject({ status: 'open', sort: 'closeDate', dir: 'asc' });
    const page = await listDeals(manager, byDefault);
    expect(page.rows.length).toBeGreaterThan(0);
    expect(new Set(page.rows.map((r) => r.status))).toEqual(new Set(['open']));
    const dates = page.rows.map((r) => r.expectedCloseDate ?? '9999-12-31');
    expect(dates).toEqual([...dates].sort());
    const [{ open, closed }] = await db
      .select({
        open: sql<number>`count(*) filter (where ${deals.status} = 'open')::int`,
        closed: sql<number>`count(*) filter (where ${deals.status} <> 'open')::int`,
      })
      .from(deals)
      .innerJoin(customers, eq(customers.id, deals.customerId))
      .where(sql`${deals.deletedAt} is null and ${customers.deletedAt} is null`);
    expect(page.total).toBe(open);
    expect((await listDeals(manager, all)).total).toBe(open + closed);
    // A status the list does not know falls back to open, never to "everything".
    expect(DealFilterSchema.parse({ status: 'bogus' }).status).toBe('open');
  });

  it('sorts in SQL: by amount descending the page is ordered and the first row is the largest', async () => {
    const page = await listDeals(
      manager,
      DealFilterSchema.parse({ status: 'all', sort: 'amount', dir: 'desc', size: '25' }),
    );
    const amounts = page.rows.map((r) => Number(r.amount));
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
    const [{ max }] = await db
      .select({ max: sql<string>`max(${deals.amount})` })
      .from(deals)
      .innerJoin(customers, eq(customers.id, deals.customerId))
      .where(sql`${deals.deletedAt} is null and ${customers.deletedAt} is null`);
    expect(amounts[0]).toBe(Number(max));
  });
});

describe('deal page reads', () => {
  it("another rep's deal is null for a rep (read), and the history, quotes and timeline are empty", async () => {
    const other = await dealOf(rep2);
    expect(await getDeal(rep, other.id)).toBeNull();
    expect(await listDealHistory(rep, other.id)).toEqual([]);
    expect(await listDealActivities(rep, other.id)).toEqual({ items: [], next: null });
    expect(await listDealQuotes(rep, other.id)).toEqual([]);
    expect(await getDeal(marketer, other.id)).toBeNull();
    const seen = await getDeal(manager, other.id);
    expect(seen).toMatchObject({ id: other.id, canEdit: true });
  });

  it('an agent reads deals of customers with a case in their queue, read-only; others are null', async () => {
    const list = await listDeals(agent, { ...all, size: 100 });
    const someDeal = await dealOf(rep);
    for (const row of list.rows.slice(0, 5)) expect(await getDeal(agent, row.id)).toMatchObject({ canEdit: false });
    const visibleIds = new Set((await listDeals(agent, { ...all, size: 100 })).rows.map((r) => r.id));
    if (!visibleIds.has(someDeal.id)) expect(await getDeal(agent, someDeal.id)).toBeNull();
    const target = list.rows[0] ?? someDeal;
    const [d] = await db.select().from(deals).where(eq(deals.id, target.id));
    expect(await updateDeal(agent, editOf(d, { name: 'Agent edit' }))).toEqual({ ok: false, reason: 'forbidden' });
    expect(await logDealActivity(agent, { dealId: d.id, type: 'note', subject: 'x', body: null })).toEqual({
      ok: false,
      reason: 'forbidden',
    });
  });

  it('the stage history shows each stage with who moved it and the time spent there', async () => {
    const d = await dealOf(rep);
    const [stage] = await db
      .select({ id: pipelineStages.id, name: pipelineStages.name })
      .from(pipelineStages)
      .innerJoin(deals, eq(deals.id, d.id))
      .where(
        sql`${pipelineStages.id} <> ${deals.stageId} and not ${pipelineStages.isWon} and not ${pipelineStages.isLost}`,
      )
      .limit(1);
    const moved = await moveDeal(rep, { dealId: d.id, version: d.version, toStageId: stage.id, afterId: null });
    expect(moved.ok).toBe(true);
    const history = await listDealHistory(rep, d.id);
    expect(history[0]).toMatchObject({ toStageName: stage.name, changedByName: rep.name, current: true });
    expect(history.filter((h) => h.current)).toHaveLength(1);
    for (const h of history.slice(1)) expect(h.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("quotes are listed with their deal; another rep's deal's quotes are not", async () => {
    const d = await dealOf(rep);
    await db.insert(quotes).values({
      number: `Q-T-${d.id.slice(0, 8)}`,
      dealId: d.id,
      customerId: d.customerId,
      ownerId: rep.userId,
      subtotal: '100.00',
      total: '100.00',
      validUntil: '2026-08-01',
    });
    // The deal may have seeded quotes too.
    const listed = await listDealQuotes(rep, d.id);
    expect(listed).toContainEqual(
      expect.objectContaining({ number: `Q-T-${d.id.slice(0, 8)}`, total: '100.00', validUntil: '2026-08-01' }),
    );
    expect(await listDealQuotes(rep2, d.id)).toEqual([]);
    expect(await listDealQuotes(manager, d.id)).toEqual(listed);
  });

  it('a sent quote past its valid-until date is listed as expired, as on its own page', async () => {
    const d = await dealOf(rep);
    await db.insert(quotes).values({
      number: `Q-X-${d.id.slice(0, 8)}`,
      dealId: d.id,
      customerId: d.customerId,
      ownerId: rep.userId,
      status: 'sent',
      subtotal: '10.00',
      total: '10.00',
      validUntil: '2020-01-01',
    });
    const listed = (await listDealQuotes(rep, d.id)).find((q) => q.number === `Q-X-${d.id.slice(0, 8)}`);
    expect(listed?.status).toBe('expired');
  });
});

describe('deal edits', () => {
  it('the owner edits with the version they read; a stale version is refused and changes nothing', async () => {
    const d = await dealOf(rep);
    const saved = await updateDeal(rep, editOf(d, { name: 'Renamed deal', amount: '1234.50' }));
    expect(saved).toMatchObject({ ok: true, version: d.version + 1 });
    const [after] = await db.select().from(deals).where(eq(deals.id, d.id));
    expect(after).toMatchObject({ name: 'Renamed deal', amount: '1234.50', version: d.version + 1 });
    const stale = await updateDeal(rep, editOf(d, { name: 'Lost update' }));
    expect(stale).toEqual({ ok: false, reason: 'stale' });
    const [still] = await db.select({ name: deals.name }).from(deals).where(eq(deals.id, d.id));
    expect(still.name).toBe('Renamed deal');
    const [entry] = await db
      .select({ diff: auditLog.diff })
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'deal'), eq(auditLog.entityId, d.id), eq(auditLog.action, 'update')));
    expect(entry.diff).toMatchObject({ name: [d.name, 'Renamed deal'] });
  });

  it("a rep cannot edit another rep's deal (notFound, as if missing) nor give their own away", async () => {
    const other = await dealOf(rep2);
    expect(await updateDeal(rep, editOf(other, { name: 'Taken' }))).toEqual({ ok: false, reason: 'notFound' });
    signInAs(rep);
    const crafted = await updateDealAction(
      undefined,
      form({
        ...editOf(other),
        version: String(other.version),
        expectedCloseDate: '',
        contactId: '',
        ownerId: '',
        name: 'Taken',
      }),
    );
    expect(crafted).toMatchObject({ ok: false, reason: 'notFound' });
    const [still] = await db.select({ name: deals.name }).from(deals).where(eq(deals.id, other.id));
    expect(still.name).toBe(other.name);
    const mine = await dealOf(rep);
    const r = await updateDeal(rep, editOf(mine, { ownerId: rep2.userId }));
    expect(r.ok).toBe(true);
    const [kept] = await db.select({ ownerId: deals.ownerId }).from(deals).where(eq(deals.id, mine.id));
    expect(kept.ownerId).toBe(rep.userId);
  });

  it('a field error comes back next to the field, with the submitted values', async () => {
    const d = await dealOf(rep);
    signInAs(rep);
    const state = await updateDealAction(
      undefined,
      form({ id: d.id, version: String(d.version), name: d.name, amount: 'lots', forecastCategory: 'commit' }),
    );
    expect(state).toMatchObject({ ok: false, fieldErrors: { amount: ['amount'] }, values: { amount: 'lots' } });
  });

  it('a contact of another customer is refused; the forecast category is saved', async () => {
    const d = await dealOf(rep);
    const [foreign] = await db
      .select({ id: contacts.id })
      .from(contacts)
      .where(sql`${contacts.customerId} <> ${d.customerId}`)
      .limit(1);
    expect(await updateDeal(rep, editOf(d, { contactId: foreign.id }))).toEqual({
      ok: false,
      reason: 'contactNotOfCustomer',
    });
    expect((await updateDeal(rep, editOf(d, { forecastCategory: 'commit' }))).ok).toBe(true);
    const [after] = await db.select({ c: deals.forecastCategory }).from(deals).where(eq(deals.id, d.id));
    expect(after.c).toBe('commit');
  });

  it('creates a deal in the first open stage with a stage history row; a rep owns it whatever they send', async () => {
    const [customer] = await db
      .select({ id: customers.id })
      .from(customers)
      .where(sql`${customers.deletedAt} is null`)
      .limit(1);
    const created = await createDeal(rep, {
      customerId: customer.id,
      name: 'New rep deal',
      amount: '500',
      expectedCloseDate: '2026-09-30',
      contactId: null,
      ownerId: rep2.userId,
      forecastCategory: 'best_case',
      stageId: null,
    });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const [first] = await db
      .select({ id: pipelineStages.id })
      .from(pipelineStages)
      .where(sql`${pipelineStages.active} and not ${pipelineStages.isWon} and not ${pipelineStages.isLost}`)
      .orderBy(pipelineStages.position)
      .limit(1);
    const [d] = await db.select().from(deals).where(eq(deals.id, created.id));
    expect(d).toMatchObject({
      ownerId: rep.userId,
      stageId: first.id,
      status: 'open',
      forecastCategory: 'best_case',
      amount: '500.00',
    });
    const history = await db.select().from(dealStageHistory).where(eq(dealStageHistory.dealId, created.id));
    expect(history).toEqual([
      expect.objectContaining({ fromStageId: null, toStageId: first.id, changedBy: rep.userId }),
    ]);
  });
});

describe('bulk reassign', () => {
  it('a rep is refused, by the data function and by a crafted action call; nothing changes', async () => {
    const other = await dealOf(rep2);
    expect(await bulkReassignDeals(rep, [other.id], rep.userId)).toEqual({ ok: false, reason: 'forbidden' });
    signInAs(rep);
    expect(await bulkReassignDealsAction({ ids: [other.id], ownerId: rep.userId })).toMatchObject({
      ok: false,
      reason: 'forbidden',
    });
    const [still] = await db.select({ ownerId: deals.ownerId }).from(deals).where(eq(deals.id, other.id));
    expect(still.ownerId).toBe(rep2.userId);
  });

  it('a manager reassigns, each deal audited; a marketer cannot own deals', async () => {
    const d = await dealOf(rep2);
    signInAs(manager);
    expect(await bulkReassignDealsAction({ ids: [d.id], ownerId: rep.userId })).toMatchObject({
      ok: true,
      data: { count: 1 },
    });
    const [after] = await db.select({ ownerId: deals.ownerId }).from(deals).where(eq(deals.id, d.id));
    expect(after.ownerId).toBe(rep.userId);
    const audits = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'deal'), eq(auditLog.entityId, d.id), eq(auditLog.action, 'assign')));
    expect(audits).toHaveLength(1);
    expect(await bulkReassignDeals(admin, [d.id], marketer.userId)).toEqual({ ok: false, reason: 'ownerInactive' });
  });
});

describe('activities on a deal', () => {
  it('the owner logs a call; it is on the deal timeline and the customer timeline', async () => {
    const d = await dealOf(rep);
    signInAs(rep);
    const state = await logDealActivityAction(
      undefined,
      form({ dealId: d.id, type: 'call', subject: 'Discovery call', body: '' }),
    );
    expect(state).toMatchObject({ ok: true, message: 'activityLogged' });
    const { items } = await listDealActivities(rep, d.id);
    expect(items[0]).toMatchObject({ type: 'call', subject: 'Discovery call', ownerName: rep.name });
    const timeline = await listTimeline(rep, d.customerId, { limit: 100 });
    expect(timeline.items.map((i) => i.subject)).toContain('Discovery call');
  });

  it("a rep cannot log on another rep's deal, and does not see that deal's activities on the customer timeline", async () => {
    const other = await dealOf(rep2);
    expect(await logDealActivity(rep, { dealId: other.id, type: 'note', subject: 'Sneaky', body: null })).toEqual({
      ok: false,
      reason: 'notFound',
    });
    const logged = await logDealActivity(rep2, {
      dealId: other.id,
      type: 'note',
      subject: 'Private deal note',
      body: null,
    });
    expect(logged.ok).toBe(true);
    const count = await db.select({ id: activities.id }).from(activities).where(eq(activities.subject, 'Sneaky'));
    expect(count).toHaveLength(0);
    const seenByRep = await listTimeline(rep, other.customerId, { limit: 100 });
    expect(seenByRep.items.map((i) => i.subject)).not.toContain('Private deal note');
    const seenByOwner = await listTimeline(rep2, other.customerId, { limit: 100 });
    expect(seenByOwner.items.map((i) => i.subject)).toContain('Private deal note');
  });
});

describe('CSV export', () => {
  async function csv(viewer: Viewer, params: Record<string, string> = {}) {
    const result = await exportDeals(viewer, DealFilterSchema.parse(params));
    if (result === 'forbidden') return result;
    const text = await new Response(result.stream).text();
    const lines = text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    return { rowCount: result.rowCount, header: lines[0], ids: lines.slice(1).map((l) => l.split(',')[0]) };
  }

  it("exports the rep's own deals only, every one the list counts; a marketer is refused", async () => {
    const out = await csv(rep, { status: 'all' });
    if (out === 'forbidden') throw new Error('refused');
    const list = await listDeals(rep, all);
    expect(out.ids).toHaveLength(list.total);
    expect(out.rowCount).toBe(list.total);
    const owners = await db.selectDistinct({ o: deals.ownerId }).from(deals).where(sql`${deals.id} in ${out.ids}`);
    expect(owners).toEqual([{ o: rep.userId }]);
    expect(out.header.startsWith('id,name,customer,stage,status,amount')).toBe(true);
    expect(await csv(marketer)).toBe('forbidden');
  });

  it('follows the filter across batches and audits the export', async () => {
    const result = await exportDeals(manager, DealFilterSchema.parse({ status: 'won' }), 7);
    if (result === 'forbidden') throw new Error('refused');
    const lines = (await new Response(result.stream).text()).trim().split('\r\n').slice(1);
    const [{ n }] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(deals)
      .innerJoin(customers, eq(customers.id, deals.customerId))
      .where(sql`${deals.status} = 'won' and ${deals.deletedAt} is null and ${customers.deletedAt} is null`);
    expect(lines).toHaveLength(n);
    expect(new Set(lines.map((l) => l.split(',')[0])).size).toBe(n);
    const [entry] = await db
      .select({ diff: auditLog.diff })
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'deal'), eq(auditLog.action, 'export'), eq(auditLog.actorId, manager.userId)));
    expect(entry.diff).toMatchObject({ filter: { status: 'won' }, rows: n });
  });
});
