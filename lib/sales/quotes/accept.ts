import 'server-only';
import { and, asc, eq, sql } from 'drizzle-orm';
import { db, type Tx } from '@/db/client';
import {
  customers,
  dealStageHistory,
  deals,
  orderItems,
  orders,
  pipelineStages,
  quoteItems,
  quotes,
} from '@/db/schema';
import type { Result } from '@/lib/action-state';
import { audit } from '@/lib/audit/audit';
import { can, type Viewer } from '@/lib/auth/permissions';
import { type LockedQuote, lockQuote } from './quotes';
import type { QuoteDecisionInput } from './schemas';

/** The advisory lock class of board moves (lib/sales/deals/board.ts): a deal closed here takes turns with moves. */
const STAGE_MOVE_LOCK = 7_302;

/** Orders made from quotes are numbered SO-Q000001…; a number an import already took is skipped. */
const ORDER_NUMBER = sql`'SO-Q' || lpad(nextval('order_number_seq')::text, 6, '0')`;

type AcceptReason = 'forbidden' | 'notFound' | 'stale' | 'quoteExpired' | 'dealClosed' | 'dealWon' | 'dealDeleted';
export type AcceptResult = Result<{ orderId: string; orderNumber: string }, AcceptReason>;

/**
 * Accepts a sent quote, in one transaction: the quote becomes accepted; an order (kind 'sale',
 * status 'pending': agreed, not yet paid) is created with the quote's customer, owner, deal, total
 * and its items from the quote's lines; the deal is won (moved to the won stage with a stage
 * history row, "Quote <number> accepted" as its reason, version bumped, as a board move to Won
 * does); each change is audited. Only a quote of an OPEN deal is accepted: a deal won already (by
 * another quote, named in the refusal, or on the board) keeps its one order, a lost one stays lost.
 * Accepting twice, a stale version, an expired quote, a closed deal, or a deal or customer deleted
 * meanwhile are refused before anything is written. The order counts in analytics like an imported one
 * (a sale that is neither cancelled nor refunded).
 */
export async function acceptQuote(viewer: Viewer, input: QuoteDecisionInput): Promise<AcceptResult> {
  if (!can(viewer, 'quotes:write')) return { ok: false, reason: 'forbidden' };
  return db.transaction(async (tx): Promise<AcceptResult> => {
    const quote = await lockQuote(tx, viewer, input.id);
    if (!quote) return { ok: false, reason: 'notFound' };
    if (!quote.writable) return { ok: false, reason: 'forbidden' };
    if (quote.version !== input.version || quote.status !== 'sent') return { ok: false, reason: 'stale' };
    if (quote.expired) return { ok: false, reason: 'quoteExpired' };

    const won = await winDeal(tx, viewer, quote);
    if (!won.ok) return won;

    const [accepted] = await tx
      .update(quotes)
      .set({ status: 'accepted', decidedAt: sql`now()`, updatedAt: sql`now()`, version: sql`${quotes.version} + 1` })
      .where(and(eq(quotes.id, quote.id), eq(quotes.version, input.version)))
      .returning({ id: quotes.id });
    if (!accepted) return { ok: false, reason: 'stale' };

    const order = await insertOrder(tx, quote);
    const items = await tx
      .select({
        productId: quoteItems.productId,
        quantity: quoteItems.quantity,
        unitPrice: quoteItems.unitPrice,
        lineTotal: quoteItems.lineTotal,
      })
      .from(quoteItems)
      .where(eq(quoteItems.quoteId, quote.id))
      .orderBy(asc(quoteItems.position), asc(quoteItems.id));
    if (items.length)
      await tx.insert(orderItems).values(items.map((item, k) => ({ orderId: order.id, lineNo: k + 1, ...item })));

    await audit(tx, viewer, {
      action: 'accept',
      entity: 'quote',
      entityId: quote.id,
      diff: { status: ['sent', 'accepted'], orderId: order.id },
    });
    await audit(tx, viewer, {
      action: 'create',
      entity: 'order',
      entityId: order.id,
      diff: { number: order.number, quoteId: quote.id, total: quote.total, items: items.length },
    });
    return { ok: true, orderId: order.id, orderNumber: order.number };
  });
}

async function insertOrder(tx: Tx, quote: LockedQuote): Promise<{ id: string; number: string }> {
  // An imported order may hold a number of the sequence's form: try the next one (a handful at most).
  for (let attempt = 0; attempt < 20; attempt++) {
    const [order] = await tx
      .insert(orders)
      .values({
        number: ORDER_NUMBER,
        kind: 'sale',
        status: 'pending',
        customerId: quote.customerId,
        ownerId: quote.ownerId,
        dealId: quote.dealId,
        quoteId: quote.id,
        orderedAt: sql`now()`,
        currency: quote.currency,
        total: quote.total,
      })
      .onConflictDoNothing({ target: orders.number })
      .returning({ id: orders.id, number: orders.number });
    if (order) return order;
  }
  throw new Error('No free order number after 20 tries');
}

/** Marks the quote's deal won (if it is still open); a deal lost meanwhile refuses the acceptance. */
async function winDeal(
  tx: Tx,
  viewer: Viewer,
  quote: LockedQuote,
): Promise<Result<object, 'notFound' | 'dealClosed' | 'dealWon' | 'dealDeleted'>> {
  // The customer row is held (for share) so a delete cannot slip in between this check and the order.
  const [customer] = await tx
    .select({ deletedAt: customers.deletedAt })
    .from(customers)
    .where(eq(customers.id, quote.customerId))
    .for('share');
  if (!customer || customer.deletedAt) return { ok: false, reason: 'dealDeleted' };
  if (!quote.dealId) return { ok: true };
  const [stage] = await tx
    .select({ id: pipelineStages.id })
    .from(pipelineStages)
    .where(and(eq(pipelineStages.isWon, true), eq(pipelineStages.active, true)))
    .orderBy(asc(pipelineStages.position))
    .limit(1);
  if (!stage) return { ok: false, reason: 'notFound' };
  await tx.execute(sql`select pg_advisory_xact_lock(${STAGE_MOVE_LOCK}::int, hashtext(${stage.id}))`);
  const [deal] = await tx
    .select({ id: deals.id, status: deals.status, stageId: deals.stageId, deletedAt: deals.deletedAt })
    .from(deals)
    .where(eq(deals.id, quote.dealId))
    .for('update');
  if (!deal || deal.deletedAt) return { ok: false, reason: 'dealDeleted' };
  if (deal.status === 'lost') return { ok: false, reason: 'dealClosed' };
  if (deal.status === 'won') {
    // Name the quote that won it, if one did (a deal may also be won on the board).
    const [winner] = await tx
      .select({ number: quotes.number })
      .from(quotes)
      .where(and(eq(quotes.dealId, deal.id), eq(quotes.status, 'accepted')))
      .orderBy(asc(quotes.decidedAt))
      .limit(1);
    return { ok: false, reason: 'dealWon', params: { quote: winner?.number ?? 'none' } };
  }
  const reason = `Quote ${quote.number} accepted`;
  await tx
    .update(deals)
    .set({
      stageId: stage.id,
      status: 'won',
      closedAt: sql`now()`,
      wonReason: reason,
      lostReason: null,
      ...(stage.id !== deal.stageId ? { stageEnteredAt: sql`now()` } : {}),
      version: sql`${deals.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(eq(deals.id, deal.id));
  if (stage.id !== deal.stageId)
    await tx
      .insert(dealStageHistory)
      .values({ dealId: deal.id, fromStageId: deal.stageId, toStageId: stage.id, changedBy: viewer.userId });
  await audit(tx, viewer, {
    action: 'win',
    entity: 'deal',
    entityId: deal.id,
    diff: { stageId: [deal.stageId, stage.id], status: ['open', 'won'], reason, quoteId: quote.id },
  });
  return { ok: true };
}
