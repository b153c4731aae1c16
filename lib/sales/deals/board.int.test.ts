import { and, asc, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { rows } from '@/db/rows';
import { auditLog, dealStageHistory, deals, pipelineStages } from '@/db/schema';
import { seedDatabase } from '@/db/seed';
import type { Viewer } from '@/lib/auth/permissions';
import { setupTestDatabase } from '@/lib/testing/db';
import { giveOpenDeals, seededViewer } from '@/lib/testing/factories';
import { signInAs } from '@/lib/testing/session-mock';
import { getBoard, listColumnCards, moveDeal } from './board';
import { loadColumnCardsAction, moveDealAction } from './board-actions';
import { BoardFilterSchema, COLUMN_PAGE } from './board-filters';

vi.mock('@/lib/auth/auth', async () => (await import('@/lib/testing/session-mock')).authMock);
vi.mock('next/cache', async () => (await import('@/lib/testing/next-mocks')).cacheMock);

const ctx = setupTestDatabase();

let manager: Viewer, rep: Viewer, rep2: Viewer, agent: Viewer, marketer: Viewer;
let stages: { id: string; name: string; isWon: boolean; isLost: boolean; probability: number }[];
const none = BoardFilterSchema.parse({});

/** Open deals of a stage (everyone's), in board order. */
async function column(stageId: string, ownerId?: string) {
  return db
    .select({ id: deals.id, position: deals.position, version: deals.version, ownerId: deals.ownerId })
    .from(deals)
    .where(
      and(
        eq(deals.stageId, stageId),
        eq(deals.status, 'open'),
        sql`${deals.deletedAt} is null`,
        ownerId ? eq(deals.ownerId, ownerId) : sql`true`,
      ),
    )
    .orderBy(asc(deals.position), asc(deals.id));
}

const openStages = () => stages.filter((s) => !s.isWon && !s.isLost);

beforeAll(async () => {
  await seedDatabase(ctx.handle, { scale: 'test', anchor: new Date('2026-06-30T00:00:00Z') });
  [manager, rep, rep2, agent, marketer] = await Promise.all([
    seededViewer('manager@lodestar.test'),
    seededViewer('rep@lodestar.test'),
    seededViewer('rep2@lodestar.test'),
    seededViewer('agent@lodestar.test'),
    seededViewer('marketer@lodestar.test'),
  ]);
  await giveOpenDeals([rep.userId, rep2.userId]);
  stages = await db
    .select({
      id: pipelineStages.id,
      name: pipelineStages.name,
      isWon: pipelineStages.isWon,
      isLost: pipelineStages.isLost,
      probability: pipelineStages.probability,
    })
    .from(pipelineStages)
    .orderBy(asc(pipelineStages.position));
}, 120_000);

describe('pipeline board', () => {
  it("columns count and total every open deal the viewer may see, weighted by the stage's probability", async () => {
    const board = (await getBoard(manager, none))!;
    expect(board.columns.map((c) => c.stage.id)).toEqual(openStages().map((s) => s.id));
    const expected = await rows<{ stage_id: string; n: number; total: string; weighted: string }>(
      db,
      sql`select d.stage_id, count(*)::int as n, sum(d.amount)::text as total,
                 round(sum(d.amount * s.probability) / 100, 2)::text as weighted
          from deals d join pipeline_stages s on s.id = d.stage_id
          where d.status = 'open' and d.deleted_at is null group by d.stage_id`,
    );
    for (const col of board.columns) {
      const e = expected.find((x) => x.stage_id === col.stage.id);
      expect(col.count).toBe(e?.n ?? 0);
      expect(Number(col.total)).toBeCloseTo(Number(e?.total ?? 0), 2);
      expect(Number(col.weighted)).toBeCloseTo(Number(e?.weighted ?? 0), 2);
      expect(col.cards.length).toBe(Math.min(COLUMN_PAGE, col.count));
    }
  });

  it("a rep's board holds only their own deals; an agent's only deals of their queue's customers; a marketer gets none", async () => {
    const board = (await getBoard(rep, none))!;
    const mine = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(deals)
      .where(and(eq(deals.ownerId, rep.userId), eq(deals.status, 'open'), sql`${deals.deletedAt} is null`));
    expect(board.columns.reduce((n, c) => n + c.count, 0)).toBe(mine[0].n);
    const ids = board.columns.flatMap((c) => c.cards.map((d) => d.id));
    const owners = await db.select({ ownerId: deals.ownerId }).from(deals).where(sql`${deals.id} in ${ids}`);
    expect(owners.every((o) => o.ownerId === rep.userId)).toBe(true);
    expect(board.columns.flatMap((c) => c.cards).every((c) => c.canMove)).toBe(true);
    const agentBoard = (await getBoard(agent, none))!;
    expect(agentBoard.canMove).toBe(false);
    expect(agentBoard.columns.flatMap((c) => c.cards).every((c) => !c.canMove)).toBe(true);
    expect(await getBoard(marketer, none)).toBeNull();
  });

  it('"Show more" pages a column to its end without repeating or skipping a card', async () => {
    const size = 3;
    const biggest = [...(await getBoard(manager, none, size))!.columns].sort((a, b) => b.count - a.count)[0];
    expect(biggest.count).toBeGreaterThan(size * 2);
    const seen = biggest.cards.map((c) => c.id);
    let next = biggest.next;
    while (next) {
      const more = await listColumnCards(manager, biggest.stage.id, none, next, size);
      seen.push(...more.cards.map((c) => c.id));
      next = more.next;
    }
    expect(seen).toEqual((await column(biggest.stage.id)).map((d) => d.id));
  });

  it('filters by owner, close month, amount and customer name', async () => {
    const board = (await getBoard(
      manager,
      BoardFilterSchema.parse({ owner: rep2.userId, min: '1000', max: '20000' }),
    ))!;
    const cards = board.columns.flatMap((c) => c.cards);
    expect(cards.length).toBeGreaterThan(0);
    expect(cards.every((c) => Number(c.amount) >= 1000 && Number(c.amount) <= 20000)).toBe(true);
    const month = cards[0].expectedCloseDate!.slice(0, 7);
    const byMonth = (await getBoard(manager, BoardFilterSchema.parse({ close: month })))!;
    const monthCards = byMonth.columns.flatMap((c) => c.cards);
    expect(monthCards.length).toBeGreaterThan(0);
    expect(monthCards.every((c) => c.expectedCloseDate?.startsWith(month))).toBe(true);
    const name = cards[0].customerName.slice(0, 6);
    const byName = (await getBoard(manager, BoardFilterSchema.parse({ customer: name })))!;
    expect(
      byName.columns.flatMap((c) => c.cards).every((c) => c.customerName.toLowerCase().includes(name.toLowerCase())),
    ).toBe(true);
    // Unusable values are dropped, not errors.
    expect(BoardFilterSchema.parse({ close: '2026-13', min: '-5', owner: 'x' })).toEqual({});
  });
});

describe('moving deals', () => {
  it('a move to another stage lands after the given card, bumps the version and records history and audit', async () => {
    const [from, to] = openStages();
    const [deal] = await column(from.id, rep.userId);
    // The rep's board shows only their own cards, so the card it lands after is one of theirs.
    const target = await column(to.id, rep.userId);
    const result = await moveDeal(rep, {
      dealId: deal.id,
      version: deal.version,
      toStageId: to.id,
      afterId: target[0].id,
      reason: undefined,
    });
    expect(result).toMatchObject({ ok: true, version: deal.version + 1, status: 'open' });
    const after = (await column(to.id, rep.userId)).map((d) => d.id);
    expect(after.slice(0, 3)).toEqual([target[0].id, deal.id, target[1].id].filter(Boolean));
    const history = await db.select().from(dealStageHistory).where(eq(dealStageHistory.dealId, deal.id));
    expect(history.at(-1)).toMatchObject({ fromStageId: from.id, toStageId: to.id, changedBy: rep.userId });
    const [row] = await db.select().from(deals).where(eq(deals.id, deal.id));
    expect(Date.now() - row.stageEnteredAt.getTime()).toBeLessThan(60_000);
    const logged = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, deal.id), eq(auditLog.action, 'move')));
    expect(logged).toHaveLength(1);
  });

  it('a move within a column to the top and between two cards keeps every other card in order', async () => {
    const stage = openStages()[1];
    const before = await column(stage.id);
    const moved = before[5];
    const r1 = await moveDeal(manager, {
      dealId: moved.id,
      version: moved.version,
      toStageId: stage.id,
      afterId: null,
    });
    expect(r1.ok).toBe(true);
    const top = (await column(stage.id)).map((d) => d.id);
    expect(top).toEqual([moved.id, ...before.filter((d) => d.id !== moved.id).map((d) => d.id)]);
    // Many moves into the same gap: positions stay distinct and in order (renumbering when needed).
    let version = moved.version + 1;
    for (let i = 0; i < 60; i++) {
      const order = await column(stage.id);
      const a = order[i % 2 === 0 ? 1 : 2];
      const self = order.find((d) => d.id === moved.id)!;
      const r = await moveDeal(manager, {
        dealId: moved.id,
        version: self.version,
        toStageId: stage.id,
        afterId: a.id,
      });
      expect(r.ok).toBe(true);
      version++;
    }
    const final = await column(stage.id);
    expect(new Set(final.map((d) => d.position)).size).toBe(final.length);
    expect(final.find((d) => d.id === moved.id)!.version).toBe(version);
  });

  it('of two moves of one deal made from the same version, one wins and the other is told the deal changed', async () => {
    const [a, b, c] = openStages();
    const [deal] = await column(a.id, rep2.userId);
    const results = await Promise.all([
      moveDeal(rep2, { dealId: deal.id, version: deal.version, toStageId: b.id, afterId: null }),
      moveDeal(rep2, { dealId: deal.id, version: deal.version, toStageId: c.id, afterId: null }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, reason: 'stale' });
    const history = await db.select().from(dealStageHistory).where(eq(dealStageHistory.dealId, deal.id));
    expect(history.filter((h) => h.fromStageId === a.id && h.changedAt > new Date(Date.now() - 60_000))).toHaveLength(
      1,
    );
  });

  it('closing asks for a reason; won and lost close the deal with it', async () => {
    const won = stages.find((s) => s.isWon)!;
    const lost = stages.find((s) => s.isLost)!;
    const [d1, d2] = await column(openStages()[2].id, rep.userId);
    expect(await moveDeal(rep, { dealId: d1.id, version: d1.version, toStageId: lost.id, afterId: null })).toEqual({
      ok: false,
      reason: 'reasonRequired',
    });
    expect(
      await moveDeal(rep, { dealId: d1.id, version: d1.version, toStageId: lost.id, afterId: null, reason: 'Price' }),
    ).toMatchObject({ ok: true, status: 'lost' });
    expect(
      await moveDeal(rep, { dealId: d2.id, version: d2.version, toStageId: won.id, afterId: null, reason: 'Fit' }),
    ).toMatchObject({ ok: true, status: 'won' });
    const closed = await db
      .select()
      .from(deals)
      .where(sql`${deals.id} in ${[d1.id, d2.id]}`);
    expect(closed.find((d) => d.id === d1.id)).toMatchObject({ status: 'lost', lostReason: 'Price', wonReason: null });
    expect(closed.find((d) => d.id === d2.id)).toMatchObject({ status: 'won', wonReason: 'Fit' });
    expect(closed.every((d) => d.closedAt !== null)).toBe(true);
    // A closed deal is no longer on the board and cannot be moved again from a stale card.
    expect(
      await moveDeal(rep, { dealId: d2.id, version: d2.version + 1, toStageId: openStages()[0].id, afterId: null }),
    ).toEqual({ ok: false, reason: 'stale' });
  });

  it("nobody moves a deal they may not: another rep's (not found), an agent's or marketer's request (forbidden)", async () => {
    const stage = openStages()[0];
    const [theirs] = await column(stage.id, rep2.userId);
    const to = openStages()[1].id;
    const move = { dealId: theirs.id, version: theirs.version, toStageId: to, afterId: null };
    expect(await moveDeal(rep, move)).toEqual({ ok: false, reason: 'notFound' });
    expect(await moveDeal(agent, move)).toEqual({ ok: false, reason: 'forbidden' });
    expect(await moveDeal(marketer, move)).toEqual({ ok: false, reason: 'forbidden' });
    // Through the action too, and with crafted bodies.
    signInAs(rep);
    expect(await moveDealAction(move)).toMatchObject({ ok: false, reason: 'notFound' });
    expect(await moveDealAction({ ...move, version: 'x' })).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await moveDealAction('not an object')).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await moveDealAction({ ...move, toStageId: theirs.id })).toMatchObject({ ok: false, reason: 'notFound' });
    signInAs(agent);
    expect(await moveDealAction(move)).toMatchObject({ ok: false, reason: 'forbidden' });
    const [unchanged] = await db.select().from(deals).where(eq(deals.id, theirs.id));
    expect(unchanged).toMatchObject({ stageId: stage.id, version: theirs.version });
    // A rep's "Show more" of a column holds only their own deals, whatever the filter says.
    signInAs(rep);
    const page = await loadColumnCardsAction({
      stageId: stage.id,
      filter: { owner: rep2.userId },
      after: { position: -1e12, id: '00000000-0000-0000-0000-000000000000' },
    });
    expect(page).toMatchObject({ ok: true, data: { cards: [] } });
  });
});
