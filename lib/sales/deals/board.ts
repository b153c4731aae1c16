import 'server-only';
import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { db, type Tx } from '@/db/client';
import { fromTable, rows } from '@/db/rows';
import { customers, dealStageHistory, deals, pipelineStages, users } from '@/db/schema';
import type { Result } from '@/lib/action-state';
import { audit } from '@/lib/audit/audit';
import { can, type Viewer } from '@/lib/auth/permissions';
import { likePattern } from '@/lib/customers/filters';
import { DEFAULT_LOCALE, type Locale } from '@/lib/i18n/config';
import { stageLocale, stageNameSql } from '@/lib/sales/stages/names';
import { visibleDeals } from '@/lib/sales/visibility';
import { type BoardFilter, type CardCursor, COLUMN_PAGE } from './board-filters';
import type { MoveDealInput } from './schemas';

// The pipeline board: open deals by stage. Each column's count and totals come from one grouped
// query; its cards are the first COLUMN_PAGE in board order (position, id), read through the
// partial index of open deals per stage, and "Show more" pages on from the last card. 50k open
// deals are never loaded at once.

export type BoardStage = {
  id: string;
  name: string;
  probability: number;
  rottingDays: number | null;
  isWon: boolean;
  isLost: boolean;
};

export type BoardCard = {
  id: string;
  name: string;
  customerId: string;
  customerName: string;
  ownerName: string | null;
  amount: string;
  currency: string;
  expectedCloseDate: string | null;
  stageEnteredAt: string;
  position: number;
  version: number;
  /** The viewer may move this deal (its owner, a manager or an admin). */
  canMove: boolean;
};

export type BoardColumn = {
  stage: BoardStage;
  count: number;
  /** Sums of the amounts (one currency assumed, as the forecast does) as exact decimal strings. */
  total: string;
  weighted: string;
  cards: BoardCard[];
  /** Where "Show more" continues, or null when every card is shown. */
  next: CardCursor | null;
};

export type Board = {
  columns: BoardColumn[];
  /** Drop targets that close a deal. */
  won: BoardStage | null;
  lost: BoardStage | null;
  canMove: boolean;
};

/** Open deals the viewer may see that match the filter (the customer is joined as `customers`). */
function boardWhere(viewer: Viewer, filter: BoardFilter): SQL {
  const conditions: SQL[] = [visibleDeals(viewer), sql`${deals.status} = 'open'`];
  if (filter.owner === 'me') conditions.push(eq(deals.ownerId, viewer.userId));
  else if (filter.owner === 'none') conditions.push(sql`${deals.ownerId} is null`);
  else if (filter.owner) conditions.push(eq(deals.ownerId, filter.owner));
  if (filter.close) {
    const first = `${filter.close}-01`;
    conditions.push(
      sql`${deals.expectedCloseDate} >= ${first}::date and ${deals.expectedCloseDate} < (${first}::date + interval '1 month')`,
    );
  }
  if (filter.min) conditions.push(sql`${deals.amount} >= ${filter.min}::numeric`);
  if (filter.max) conditions.push(sql`${deals.amount} <= ${filter.max}::numeric`);
  if (filter.customer) conditions.push(sql`${customers.name} ilike ${likePattern(filter.customer)}`);
  return and(...conditions) as SQL;
}

/** Whether the viewer may move (edit) this deal: reps their own, managers and admins any. */
function canMoveSql(viewer: Viewer): SQL {
  if (!can(viewer, 'deals:write')) return sql`false`;
  if (viewer.role === 'sales_rep') return sql`${deals.ownerId} = ${viewer.userId}`;
  return sql`true`;
}

type CardRow = {
  stage_id: string;
  id: string;
  name: string;
  customer_id: string;
  customer_name: string;
  owner_name: string | null;
  amount: string;
  currency: string;
  expected_close_date: string | null;
  stage_entered_at: string | Date;
  position: number;
  version: number;
  can_move: boolean;
};

const toCard = (r: CardRow): BoardCard => ({
  id: r.id,
  name: r.name,
  customerId: r.customer_id,
  customerName: r.customer_name,
  ownerName: r.owner_name,
  amount: r.amount,
  currency: r.currency,
  expectedCloseDate: r.expected_close_date,
  stageEnteredAt: new Date(r.stage_entered_at).toISOString(),
  position: Number(r.position),
  version: r.version,
  canMove: r.can_move,
});

/** The card columns selected for a board or a column page. */
function cardColumns(viewer: Viewer): SQL {
  return sql`${deals.stageId} as stage_id, ${deals.id} as id, ${deals.name} as name, ${deals.customerId} as customer_id,
    ${customers.name} as customer_name, ${users.name} as owner_name, ${deals.amount}::text as amount,
    ${deals.currency} as currency, ${deals.expectedCloseDate}::text as expected_close_date,
    ${deals.stageEnteredAt} as stage_entered_at, ${deals.position} as position, ${deals.version} as version,
    ${canMoveSql(viewer)} as can_move`;
}

const cardFrom = sql`${deals} join ${customers} on ${customers.id} = ${deals.customerId}
  left join ${users} on ${users.id} = ${deals.ownerId}`;

/** Splits a fetched page (COLUMN_PAGE + 1 rows) into its cards and the cursor for the rest. */
function page(found: CardRow[], size: number): { cards: BoardCard[]; next: CardCursor | null } {
  const cards = found.slice(0, size).map(toCard);
  const last = cards[cards.length - 1];
  return { cards, next: found.length > size && last ? { position: last.position, id: last.id } : null };
}

export async function listStages(locale: Locale = DEFAULT_LOCALE): Promise<BoardStage[]> {
  return db
    .select({
      id: pipelineStages.id,
      name: stageNameSql(pipelineStages, locale),
      probability: pipelineStages.probability,
      rottingDays: pipelineStages.rottingDays,
      isWon: pipelineStages.isWon,
      isLost: pipelineStages.isLost,
    })
    .from(pipelineStages)
    .where(eq(pipelineStages.active, true))
    .orderBy(asc(pipelineStages.position));
}

/** The board for the viewer, or null when their role may not read deals. */
export async function getBoard(
  viewer: Viewer,
  filter: BoardFilter,
  size = COLUMN_PAGE,
  locale?: Locale,
): Promise<Board | null> {
  if (!can(viewer, 'deals:read')) return null;
  const stages = await listStages(stageLocale(viewer, locale));
  const open = stages.filter((s) => !s.isWon && !s.isLost);
  const where = boardWhere(viewer, filter);
  const openIds = open.map((s) => s.id);
  if (openIds.length === 0)
    return {
      columns: [],
      won: stages.find((s) => s.isWon) ?? null,
      lost: stages.find((s) => s.isLost) ?? null,
      canMove: can(viewer, 'deals:write'),
    };
  const [totals, cards] = await Promise.all([
    rows<{ stage_id: string; n: number; total: string; weighted: string }>(
      db,
      // Summed per stage first (an index-only scan of deals_open_stage_amount_idx for a manager's
      // 50k open deals), weighted by the stage's probability after: Σ(amount) × p = Σ(amount × p).
      sql`select t.stage_id, t.n, t.total::text as total,
                 round(t.total * ${pipelineStages.probability} / 100, 2)::text as weighted
          from (select ${deals.stageId} as stage_id, count(*)::int as n, coalesce(sum(${deals.amount}), 0) as total
                from ${deals} ${filter.customer ? sql`join ${customers} on ${customers.id} = ${deals.customerId}` : sql``}
                where ${where} group by ${deals.stageId}) t
          join ${pipelineStages} on ${pipelineStages.id} = t.stage_id`,
    ),
    // Per stage, its first cards through the open-deals index (a lateral subquery per column).
    rows<CardRow>(
      db,
      sql`select c.* from unnest(${sql.param(openIds)}::uuid[]) as s(stage_id)
          cross join lateral (
            select ${cardColumns(viewer)} from ${cardFrom}
            where ${deals.stageId} = s.stage_id and ${where}
            order by ${deals.position}, ${deals.id} limit ${size + 1}
          ) c`,
    ),
  ]);
  const totalsBy = new Map(totals.map((t) => [t.stage_id, t]));
  return {
    columns: open.map((stage) => {
      const t = totalsBy.get(stage.id);
      return {
        stage,
        count: t?.n ?? 0,
        total: t?.total ?? '0',
        weighted: t?.weighted ?? '0',
        ...page(
          cards.filter((c) => c.stage_id === stage.id),
          size,
        ),
      };
    }),
    won: stages.find((s) => s.isWon) ?? null,
    lost: stages.find((s) => s.isLost) ?? null,
    canMove: can(viewer, 'deals:write'),
  };
}

/** The next cards of one column after `after`, with the same filter. */
export async function listColumnCards(
  viewer: Viewer,
  stageId: string,
  filter: BoardFilter,
  after: CardCursor,
  size = COLUMN_PAGE,
): Promise<{ cards: BoardCard[]; next: CardCursor | null }> {
  if (!can(viewer, 'deals:read')) return { cards: [], next: null };
  const found = await rows<CardRow>(
    db,
    sql`select ${cardColumns(viewer)} from ${cardFrom}
        where ${deals.stageId} = ${stageId} and ${boardWhere(viewer, filter)}
          and (${deals.position}, ${deals.id}) > (${after.position}::float8, ${after.id}::uuid)
        order by ${deals.position}, ${deals.id} limit ${size + 1}`,
  );
  return page(found, size);
}

/** The card after the one a moved card lands behind. */
const neighbour = alias(deals, 'neighbour');

/** Gap between neighbouring cards when a deal goes to the end of a column. */
const STEP = 1024;

/**
 * The position for a card put after `afterId` (null: at the top) in a stage's open deals, the moved
 * deal left out. When two neighbours are too close for a number between them, the stage is
 * renumbered first (rare: after about fifty moves into the same gap). The card it lands after must
 * be one the viewer may see: one they may not reads as a card that is gone (null), or the answer
 * would tell a rep which stage another rep's deal is in and where.
 */
async function positionIn(
  tx: Tx,
  viewer: Viewer,
  stageId: string,
  dealId: string,
  afterId: string | null,
): Promise<number | null> {
  const inStage = sql`${deals.stageId} = ${stageId} and ${deals.status} = 'open' and ${deals.deletedAt} is null and ${deals.id} <> ${dealId}`;
  for (let attempt = 0; attempt < 2; attempt++) {
    if (afterId === null) {
      const [first] = await rows<{ p: number | null }>(
        tx,
        sql`select min(${deals.position}) as p from ${deals} where ${inStage}`,
      );
      return first.p === null ? STEP : Number(first.p) - STEP;
    }
    const [pair] = await rows<{ p1: number; p2: number | null }>(
      tx,
      sql`select ${deals.position} as p1,
                 (select ${neighbour.position} from ${fromTable(neighbour)}
                  where ${neighbour.stageId} = ${stageId} and ${neighbour.status} = 'open' and ${neighbour.deletedAt} is null
                    and ${neighbour.id} <> ${dealId} and (${neighbour.position}, ${neighbour.id}) > (${deals.position}, ${deals.id})
                  order by ${neighbour.position}, ${neighbour.id} limit 1) as p2
          from ${deals} where ${deals.id} = ${afterId} and ${deals.stageId} = ${stageId} and ${deals.status} = 'open'
            and ${visibleDeals(viewer)}`,
    );
    if (!pair) return null;
    const p1 = Number(pair.p1);
    if (pair.p2 === null) return p1 + STEP;
    const p2 = Number(pair.p2);
    const mid = (p1 + p2) / 2;
    if (mid > p1 && mid < p2) return mid;
    await tx.execute(sql`update ${deals} set position = r.n * ${STEP}
      from (select ${deals.id} as id, row_number() over (order by ${deals.position}, ${deals.id}) as n from ${deals} where ${inStage}) r
      where ${deals.id} = r.id`);
  }
  return null;
}

/** The advisory lock class of board moves (the second key is the target stage). */
export const STAGE_MOVE_LOCK = 7_302;

export type MoveResult = Result<
  { version: number; position: number; status: 'open' | 'won' | 'lost' },
  'forbidden' | 'notFound' | 'stale' | 'invalid' | 'reasonRequired'
>;

/**
 * Moves a deal on the board: to another open stage (or within its own) after a given card, or to a
 * won or lost stage, which closes it (a reason is required). Checked against the version the user
 * saw, recorded in the stage history and the audit log, all in one transaction.
 */
export async function moveDeal(viewer: Viewer, input: MoveDealInput): Promise<MoveResult> {
  if (!can(viewer, 'deals:write')) return { ok: false, reason: 'forbidden' };
  return db.transaction(async (tx): Promise<MoveResult> => {
    // Moves into one stage take turns: each locks its own deal, and a renumbering of the stage
    // (positionIn) updates every other open deal there, so two at once would deadlock.
    await tx.execute(sql`select pg_advisory_xact_lock(${STAGE_MOVE_LOCK}::int, hashtext(${input.toStageId}))`);
    const [deal] = await tx
      .select({
        id: deals.id,
        stageId: deals.stageId,
        status: deals.status,
        version: deals.version,
        ownerId: deals.ownerId,
        position: deals.position,
      })
      .from(deals)
      .where(and(eq(deals.id, input.dealId), visibleDeals(viewer)))
      .for('update');
    if (!deal) return { ok: false, reason: 'notFound' };
    if (viewer.role === 'sales_rep' && deal.ownerId !== viewer.userId) return { ok: false, reason: 'forbidden' };
    if (deal.version !== input.version || deal.status !== 'open') return { ok: false, reason: 'stale' };
    const [stage] = await tx
      .select({ id: pipelineStages.id, isWon: pipelineStages.isWon, isLost: pipelineStages.isLost })
      .from(pipelineStages)
      .where(and(eq(pipelineStages.id, input.toStageId), eq(pipelineStages.active, true)));
    if (!stage) return { ok: false, reason: 'notFound' };
    const closing = stage.isWon || stage.isLost;
    if (closing && !input.reason) return { ok: false, reason: 'reasonRequired' };
    const status = stage.isWon ? 'won' : stage.isLost ? 'lost' : 'open';
    const position = closing ? deal.position : await positionIn(tx, viewer, stage.id, deal.id, input.afterId);
    if (position === null) return { ok: false, reason: 'stale' };
    const stageChanged = stage.id !== deal.stageId;
    const [updated] = await tx
      .update(deals)
      .set({
        stageId: stage.id,
        position,
        status,
        closedAt: closing ? sql`now()` : null,
        lostReason: stage.isLost ? input.reason : null,
        wonReason: stage.isWon ? input.reason : null,
        ...(stageChanged ? { stageEnteredAt: sql`now()` } : {}),
        version: sql`${deals.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(deals.id, deal.id), eq(deals.version, input.version)))
      .returning({ version: deals.version });
    if (!updated) return { ok: false, reason: 'stale' };
    if (stageChanged) {
      await tx
        .insert(dealStageHistory)
        .values({ dealId: deal.id, fromStageId: deal.stageId, toStageId: stage.id, changedBy: viewer.userId });
    }
    await audit(tx, viewer, {
      action: closing ? (stage.isWon ? 'win' : 'lose') : 'move',
      entity: 'deal',
      entityId: deal.id,
      diff: {
        stageId: [deal.stageId, stage.id],
        ...(closing ? { status: ['open', status], reason: input.reason } : {}),
      },
    });
    return { ok: true, version: updated.version, position, status };
  });
}
