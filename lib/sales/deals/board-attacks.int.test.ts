import { and, asc, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { deals, pipelineStages } from '@/db/schema';
import { seedDatabase } from '@/db/seed';
import type { Viewer } from '@/lib/auth/permissions';
import { firstValues } from '@/lib/search-params';
import { setupTestDatabase } from '@/lib/testing/db';
import { giveOpenDeals, seededViewer } from '@/lib/testing/factories';
import { signInAs } from '@/lib/testing/session-mock';
import { getBoard, moveDeal } from './board';
import { loadColumnCardsAction, moveDealAction } from './board-actions';
import { BoardFilterSchema } from './board-filters';

// Crafted calls of the board's server actions and crafted board URLs, for every role: nothing may
// throw (a 500), show a deal the viewer may not see, or change a row it should not.

vi.mock('@/lib/auth/auth', async () => (await import('@/lib/testing/session-mock')).authMock);
vi.mock('next/cache', async () => (await import('@/lib/testing/next-mocks')).cacheMock);

const ctx = setupTestDatabase();

let admin: Viewer, manager: Viewer, rep: Viewer, rep2: Viewer, agent: Viewer, marketer: Viewer;
let open: { id: string }[];
let won: { id: string };
let inactiveStageId: string;

async function column(stageId: string, ownerId: string) {
  return db
    .select({ id: deals.id, version: deals.version, position: deals.position, stageId: deals.stageId })
    .from(deals)
    .where(
      and(
        eq(deals.stageId, stageId),
        eq(deals.ownerId, ownerId),
        eq(deals.status, 'open'),
        sql`${deals.deletedAt} is null`,
      ),
    )
    .orderBy(asc(deals.position), asc(deals.id));
}

/** Every deal's mutable state, to prove a refused call changed nothing. */
const snapshot = () =>
  db
    .select({
      id: deals.id,
      stageId: deals.stageId,
      status: deals.status,
      position: deals.position,
      version: deals.version,
      lostReason: deals.lostReason,
      wonReason: deals.wonReason,
    })
    .from(deals)
    .orderBy(asc(deals.id));

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
  await giveOpenDeals([rep.userId, rep2.userId]);
  const stages = await db
    .select({ id: pipelineStages.id, isWon: pipelineStages.isWon, isLost: pipelineStages.isLost })
    .from(pipelineStages)
    .orderBy(asc(pipelineStages.position));
  open = stages.filter((s) => !s.isWon && !s.isLost);
  won = stages.find((s) => s.isWon)!;
  const [inactive] = await db
    .insert(pipelineStages)
    .values({ name: 'Retired', position: 99, probability: 50, active: false })
    .returning({ id: pipelineStages.id });
  inactiveStageId = inactive.id;
}, 120_000);

describe('crafted moveDealAction calls', () => {
  it('malformed bodies are refused as invalid for every role and change no row', async () => {
    const [mine] = await column(open[0].id, rep.userId);
    const good = { dealId: mine.id, version: mine.version, toStageId: open[1].id, afterId: null };
    const bodies: unknown[] = [
      undefined,
      null,
      'x',
      42,
      [],
      [good],
      { ...good, version: 'x' },
      { ...good, version: Number.NaN },
      { ...good, version: Number.POSITIVE_INFINITY },
      { ...good, version: 1e20 },
      { ...good, version: 2 ** 31 },
      { ...good, version: 0 },
      { ...good, version: -1 },
      { ...good, version: 1.5 },
      { ...good, dealId: 'x' },
      { ...good, dealId: 123 },
      { ...good, dealId: null },
      { ...good, dealId: `${mine.id}' or '1'='1` },
      { ...good, toStageId: '' },
      { ...good, toStageId: ['a'] },
      { ...good, afterId: 'x' },
      { ...good, afterId: { id: mine.id } },
      { ...good, reason: 'x'.repeat(10_000) },
      { ...good, reason: 'a\u0000b' },
      { ...good, reason: '\uD800' },
      { ...good, reason: null },
      { ...good, reason: 7 },
      { ...good, dealId: `${mine.id}\u0000` },
    ];
    const before = await snapshot();
    for (const viewer of [admin, manager, rep, rep2]) {
      signInAs(viewer);
      for (const body of bodies) {
        const result = await moveDealAction(body);
        expect(result, JSON.stringify(body)?.slice(0, 80)).toMatchObject({ ok: false, reason: 'invalid' });
      }
    }
    for (const viewer of [agent, marketer]) {
      signInAs(viewer);
      for (const body of bodies) expect(await moveDealAction(body)).toMatchObject({ ok: false, reason: 'forbidden' });
    }
    expect(await snapshot()).toEqual(before);
  });

  it('unknown or inactive stages, unknown deals, stale versions and fields the schema does not know change nothing', async () => {
    const [mine] = await column(open[0].id, rep.userId);
    const good = { dealId: mine.id, version: mine.version, toStageId: open[1].id, afterId: null };
    const before = await snapshot();
    signInAs(rep);
    const unknown = '7f3c1c2e-1d3b-4c5a-9e6f-0a1b2c3d4e5f';
    expect(await moveDealAction({ ...good, toStageId: inactiveStageId })).toMatchObject({ reason: 'notFound' });
    expect(await moveDealAction({ ...good, toStageId: unknown })).toMatchObject({ reason: 'notFound' });
    expect(await moveDealAction({ ...good, dealId: unknown })).toMatchObject({ reason: 'notFound' });
    expect(await moveDealAction({ ...good, version: mine.version + 1 })).toMatchObject({ reason: 'stale' });
    expect(await moveDealAction({ ...good, version: 2_147_483_647 })).toMatchObject({ reason: 'stale' });
    expect(await moveDealAction({ ...good, afterId: unknown })).toMatchObject({ reason: 'stale' });
    expect(await moveDealAction({ ...good, toStageId: won.id })).toMatchObject({ reason: 'reasonRequired' });
    expect(await moveDealAction({ ...good, toStageId: won.id, reason: '   ' })).toMatchObject({
      reason: 'reasonRequired',
    });
    expect(await snapshot()).toEqual(before);
    // Extra fields are ignored, not written: the move happens, nothing else.
    const result = await moveDealAction({
      ...good,
      ownerId: rep2.userId,
      status: 'won',
      position: Number.NaN,
      version: mine.version,
    });
    expect(result).toMatchObject({ ok: true, data: { status: 'open' } });
    const [row] = await db.select().from(deals).where(eq(deals.id, mine.id));
    expect(row).toMatchObject({ ownerId: rep.userId, status: 'open', stageId: open[1].id });
    expect(Number.isFinite(row.position)).toBe(true);
  });

  it("another rep's deal is never moved, by id or by landing after it, and its position is not disclosed", async () => {
    const [theirs] = await column(open[2].id, rep2.userId);
    const [mine] = await column(open[0].id, rep.userId);
    const before = await snapshot();
    signInAs(rep);
    expect(
      await moveDealAction({ dealId: theirs.id, version: theirs.version, toStageId: open[1].id, afterId: null }),
    ).toMatchObject({ ok: false, reason: 'notFound' });
    // Landing "after" a card the rep cannot see must read as a card that is not there (an unknown
    // id), or the answer tells which stage that deal is in and where.
    const after = await moveDealAction({
      dealId: mine.id,
      version: mine.version,
      toStageId: open[2].id,
      afterId: theirs.id,
    });
    expect(after).toMatchObject({ ok: false, reason: 'stale' });
    expect(await snapshot()).toEqual(before);
  });
});

describe('crafted loadColumnCardsAction calls', () => {
  const zero = '00000000-0000-0000-0000-000000000000';

  it('malformed cursors and filters are refused or dropped, never a 500', async () => {
    const stageId = open[0].id;
    const bodies: unknown[] = [
      undefined,
      null,
      'x',
      { stageId, filter: {}, after: { position: Number.NaN, id: zero } },
      { stageId, filter: {}, after: { position: Number.POSITIVE_INFINITY, id: zero } },
      { stageId, filter: {}, after: { position: '1', id: zero } },
      { stageId, filter: {}, after: { position: 1, id: 'x' } },
      { stageId, filter: null, after: { position: 1, id: zero } },
      { stageId, filter: [], after: { position: 1, id: zero } },
      { stageId: 'x', filter: {}, after: { position: 1, id: zero } },
      { stageId, filter: { customer: 'a\u0000' }, after: { position: 1, id: zero } },
    ];
    for (const viewer of [admin, manager, rep, agent]) {
      signInAs(viewer);
      for (const body of bodies)
        expect(await loadColumnCardsAction(body), JSON.stringify(body)).toMatchObject({ ok: false, reason: 'invalid' });
    }
    signInAs(marketer);
    for (const body of bodies) expect(await loadColumnCardsAction(body)).toMatchObject({ reason: 'forbidden' });
  });

  it('odd but well-formed values read nothing a viewer may not see: a rep gets only their own deals', async () => {
    const filters: unknown[] = [
      {},
      { owner: rep2.userId },
      { owner: 'none' },
      { owner: [rep2.userId] },
      { close: '2026-99', min: '-1', max: '1e309' },
      { customer: 'x'.repeat(5_000) },
      { customer: '%' },
      { customer: "_'\\" },
      { min: '999999999999.99', max: '0' },
      { close: '2200-12' },
    ];
    const cursors = [
      { position: -1e308, id: zero },
      { position: 1e308, id: zero },
      { position: -Number.MAX_VALUE, id: 'ffffffff-ffff-ffff-ffff-ffffffffffff' },
      { position: 5e-324, id: zero },
    ];
    const stageIds = [...open.map((s) => s.id), won.id, inactiveStageId, '7f3c1c2e-1d3b-4c5a-9e6f-0a1b2c3d4e5f'];
    signInAs(rep);
    const seen = new Set<string>();
    for (const filter of filters)
      for (const after of cursors)
        for (const stageId of stageIds) {
          const result = await loadColumnCardsAction({ stageId, filter, after });
          expect(result.ok, JSON.stringify({ filter, after, stageId }).slice(0, 120)).toBe(true);
          for (const card of result.data?.cards ?? []) seen.add(card.id);
        }
    expect(seen.size).toBeGreaterThan(0);
    const owners = await db
      .select({ ownerId: deals.ownerId, status: deals.status })
      .from(deals)
      .where(sql`${deals.id} in ${[...seen]}`);
    expect(owners.every((o) => o.ownerId === rep.userId && o.status === 'open')).toBe(true);
  });
});

describe('crafted /pipeline query strings', () => {
  it('unusable values are dropped; a rep asking for another rep sees nothing of theirs', async () => {
    const parse = (q: Record<string, string | string[]>) => BoardFilterSchema.parse(firstValues(q));
    expect(
      parse({
        owner: 'x'.repeat(5_000),
        close: '2026-99',
        min: '-1',
        max: ['1', '2'],
        customer: 'y'.repeat(5_000),
      }),
    ).toEqual({ max: '1' });
    expect(parse({ close: ['2026-99', '2026-01'], min: 'NaN', max: 'Infinity' })).toEqual({});
    expect(parse({ customer: 'a\u0000b', owner: 'me\u0000' })).toEqual({});
    const board = (await getBoard(rep, parse({ owner: rep2.userId })))!;
    expect(board.columns.every((c) => c.count === 0 && c.cards.length === 0)).toBe(true);
    const agentBoard = (await getBoard(agent, parse({ owner: rep2.userId })))!;
    expect(agentBoard.columns.flatMap((c) => c.cards).every((c) => !c.canMove)).toBe(true);
    expect(await getBoard(marketer, parse({}))).toBeNull();
  });
});

describe('concurrent moves into one tight gap', () => {
  it('two moves that both renumber the same column both answer (one may be stale), neither throws', async () => {
    const stageId = open[3].id;
    const inStage = await db
      .select({ id: deals.id })
      .from(deals)
      .where(and(eq(deals.stageId, stageId), eq(deals.status, 'open'), sql`${deals.deletedAt} is null`))
      .orderBy(asc(deals.position), asc(deals.id));
    expect(inStage.length).toBeGreaterThanOrEqual(4);
    const [a, b, c, d] = inStage;
    // No number lies between a and b: a move after a renumbers the column first.
    await db.update(deals).set({ position: 1 }).where(eq(deals.id, a.id));
    await db
      .update(deals)
      .set({ position: 1 + Number.EPSILON })
      .where(eq(deals.id, b.id));
    const versions = await db
      .select({ id: deals.id, version: deals.version })
      .from(deals)
      .where(sql`${deals.id} in ${[c.id, d.id]}`);
    const versionOf = (id: string) => versions.find((v) => v.id === id)!.version;
    const results = await Promise.allSettled(
      [c, d].map((x) =>
        moveDeal(manager, { dealId: x.id, version: versionOf(x.id), toStageId: stageId, afterId: a.id }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    const order = await db
      .select({ id: deals.id, position: deals.position })
      .from(deals)
      .where(and(eq(deals.stageId, stageId), eq(deals.status, 'open'), sql`${deals.deletedAt} is null`))
      .orderBy(asc(deals.position), asc(deals.id));
    expect(new Set(order.map((o) => o.position)).size).toBe(order.length);
    expect(order[0].id).toBe(a.id);
  }, 30_000);
});
