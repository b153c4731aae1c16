import { and, asc, count, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { rows } from '@/db/rows';
import {
  auditLog,
  customers,
  dealStageHistory,
  deals,
  orderItems,
  orders,
  pipelineStages,
  products,
  quotes,
} from '@/db/schema';
import { seedDatabase } from '@/db/seed';
import { countedOrder } from '@/lib/analytics/load';
import type { Viewer } from '@/lib/auth/permissions';
import { OrderFilterSchema } from '@/lib/sales/orders/filters';
import { listOrders } from '@/lib/sales/orders/orders';
import { createProduct, listProducts, setProductActive, updateProduct } from '@/lib/sales/products/products';
import { ProductFilterSchema, ProductInputSchema } from '@/lib/sales/products/schemas';
import { setupTestDatabase } from '@/lib/testing/db';
import { seededViewer } from '@/lib/testing/factories';
import { signInAs } from '@/lib/testing/session-mock';
import { acceptQuote } from './accept';
import { expireQuotes } from './expire';
import { acceptQuoteAction, createQuoteAction } from './quote-actions';
import { createQuote, decideQuote, getQuote, listQuotableDeals, listQuotes, updateQuote } from './quotes';
import { type CreateQuoteInput, QuoteFilterSchema } from './schemas';

vi.mock('@/lib/auth/auth', async () => (await import('@/lib/testing/session-mock')).authMock);
vi.mock('next/cache', async () => (await import('@/lib/testing/next-mocks')).cacheMock);
/** An audit entity whose record throws, to force a failure in the middle of a transaction. */
const failOn = vi.hoisted(() => ({ entity: null as string | null }));
vi.mock('@/lib/audit/audit', async (importOriginal) => {
  const real = await importOriginal<typeof import('@/lib/audit/audit')>();
  return {
    ...real,
    audit: async (...args: Parameters<typeof real.audit>) => {
      if (args[2].entity === failOn.entity) throw new Error('forced failure');
      return real.audit(...args);
    },
  };
});

const ctx = setupTestDatabase();
let admin: Viewer, manager: Viewer, rep: Viewer, rep2: Viewer, agent: Viewer, marketer: Viewer;
let widget: string, gadget: string;

/** A new open deal of the owner's (on a customer of theirs), in the first open stage. */
async function openDealOf(owner: Viewer): Promise<string> {
  const [stage] = await db
    .select({ id: pipelineStages.id })
    .from(pipelineStages)
    .where(and(eq(pipelineStages.isWon, false), eq(pipelineStages.isLost, false)))
    .orderBy(asc(pipelineStages.position))
    .limit(1);
  const [customer] = await db
    .select({ id: customers.id })
    .from(customers)
    .where(eq(customers.ownerId, owner.userId))
    .limit(1);
  const [deal] = await db
    .insert(deals)
    .values({ name: 'Test deal', customerId: customer.id, ownerId: owner.userId, stageId: stage.id, amount: '500' })
    .returning({ id: deals.id });
  return deal.id;
}

const twoLines = (dealId: string): CreateQuoteInput => ({
  dealId,
  title: 'Annual plan',
  notes: null,
  validUntil: '2099-12-31',
  lines: [
    { productId: widget, description: 'Widget', quantity: '3', unitPrice: '19.99', discountPct: '0' },
    { productId: gadget, description: 'Gadget', quantity: '2', unitPrice: '249.00', discountPct: '15' },
  ],
  discountKind: 'percent',
  discountValue: '5',
  taxRate: '8.875',
});

async function newQuote(owner: Viewer, input?: Partial<CreateQuoteInput>): Promise<{ id: string; dealId: string }> {
  const dealId = await openDealOf(owner);
  const r = await createQuote(owner, { ...twoLines(dealId), ...input });
  if (!r.ok) throw new Error(`createQuote: ${r.reason}`);
  return { id: r.id, dealId };
}

async function quoteRow(id: string) {
  const [q] = await db.select().from(quotes).where(eq(quotes.id, id));
  return q;
}

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
  const made = await Promise.all(
    [
      { sku: 'T-WIDGET', name: 'Test widget', unitPrice: '19.99' },
      { sku: 'T-GADGET', name: 'Test gadget', unitPrice: '249.00' },
    ].map((p) =>
      createProduct(
        manager,
        ProductInputSchema.parse({ ...p, currency: 'USD', active: 'on', description: '', category: 'Test' }),
      ),
    ),
  );
  [widget, gadget] = made.map((r) => (r.ok ? r.id : ''));
}, 120_000);

describe('products and the price book', () => {
  const input = (sku: string) =>
    ProductInputSchema.parse({
      sku,
      name: 'X',
      unitPrice: '1.00',
      currency: 'usd',
      active: 'on',
      description: '',
      category: '',
    });

  it('a SKU is unique (upper-cased): a second product or an edit to a taken SKU is refused as skuTaken', async () => {
    expect(await createProduct(admin, input('t-widget'))).toEqual({ ok: false, reason: 'skuTaken' });
    const other = await createProduct(admin, input('T-OTHER'));
    expect(other.ok).toBe(true);
    const [row] = await db.select().from(products).where(eq(products.sku, 'T-OTHER'));
    expect(row.currency).toBe('USD');
    const taken = await updateProduct(admin, { ...input('T-WIDGET'), id: row.id, version: row.version });
    expect(taken).toEqual({ ok: false, reason: 'skuTaken' });
    const stale = await updateProduct(admin, { ...input('T-OTHER2'), id: row.id, version: row.version + 1 });
    expect(stale).toEqual({ ok: false, reason: 'stale' });
  });

  it('reps read active products only and write none; agents and marketers read none', async () => {
    const [row] = await db.select().from(products).where(eq(products.sku, 'T-OTHER'));
    expect((await setProductActive(manager, { id: row.id, version: row.version, active: false })).ok).toBe(true);
    const all = ProductFilterSchema.parse({ status: 'all', q: 'T-OTHER' });
    expect((await listProducts(manager, all)).rows.map((p) => p.sku)).toEqual(['T-OTHER']);
    expect((await listProducts(rep, all)).rows).toEqual([]);
    expect((await listProducts(rep, ProductFilterSchema.parse({ q: 'T-WIDGET' }))).rows).toHaveLength(1);
    expect((await listProducts(agent, ProductFilterSchema.parse({}))).total).toBe(0);
    expect((await listProducts(marketer, ProductFilterSchema.parse({}))).total).toBe(0);
    expect(await createProduct(rep, input('T-REP'))).toEqual({ ok: false, reason: 'forbidden' });
  });
});

describe('quotes', () => {
  it('stores exact totals: 59.97 + 423.30 = 483.27, 5 % off 24.16, tax 8.875 % 40.75, total 499.86', async () => {
    const { id, dealId } = await newQuote(rep);
    const q = await quoteRow(id);
    expect(q).toMatchObject({
      subtotal: '483.27',
      discount: '24.16',
      discountPct: '5.00',
      taxRate: '8.875',
      tax: '40.75',
      total: '499.86',
      status: 'draft',
      ownerId: rep.userId,
      dealId,
    });
    expect(q.number).toMatch(/^QT-\d{6}$/);
    const detail = (await getQuote(rep, id))!;
    expect(detail.items.map((i) => i.lineTotal)).toEqual(['59.97', '423.30']);
    expect(detail.canWrite).toBe(true);
  });

  it("the seed numbers its quotes as the app does (QT-000001…) and the app's next quote follows the seed's last", async () => {
    const seeded = await rows<{ number: string }>(db, sql`select number from quotes order by number`);
    expect(seeded.length).toBeGreaterThan(0);
    for (const q of seeded) expect(q.number).toMatch(/^QT-\d{6}$/);
    const last = Math.max(...seeded.map((q) => Number(q.number.slice(3))));
    const { id } = await newQuote(rep);
    expect(Number((await quoteRow(id)).number.slice(3))).toBe(last + 1);
  });

  it('numbers are unique and follow the sequence', async () => {
    const a = await newQuote(rep);
    const b = await newQuote(rep);
    const [qa, qb] = [await quoteRow(a.id), await quoteRow(b.id)];
    expect(Number(qb.number.slice(3))).toBe(Number(qa.number.slice(3)) + 1);
  });

  it('an amount discount above the subtotal is refused (discountTooLarge), nothing stored', async () => {
    const dealId = await openDealOf(rep);
    const before = await db.select({ n: count() }).from(quotes);
    const r = await createQuote(rep, { ...twoLines(dealId), discountKind: 'amount', discountValue: '483.28' });
    expect(r).toEqual({ ok: false, reason: 'discountTooLarge' });
    expect(await db.select({ n: count() }).from(quotes)).toEqual(before);
  });

  it("another rep cannot read, edit, send or accept a rep's quote, nor quote on their deal", async () => {
    const { id, dealId } = await newQuote(rep);
    const v = (await quoteRow(id)).version;
    expect(await getQuote(rep2, id)).toBeNull();
    expect((await listQuotes(rep2, QuoteFilterSchema.parse({}))).rows.some((q) => q.id === id)).toBe(false);
    expect(await updateQuote(rep2, { ...twoLines(dealId), id, version: v })).toEqual({ ok: false, reason: 'notFound' });
    expect(await decideQuote(rep2, { id, version: v }, 'sent')).toEqual({ ok: false, reason: 'notFound' });
    expect(await acceptQuote(rep2, { id, version: v })).toEqual({ ok: false, reason: 'notFound' });
    expect(await createQuote(rep2, twoLines(dealId))).toEqual({ ok: false, reason: 'notFound' });
    expect((await quoteRow(id)).version).toBe(v);
  });

  it('a marketer gets nothing and may do nothing; an agent reads quotes of their queue customers only, writes none', async () => {
    const { id } = await newQuote(rep);
    expect(await getQuote(marketer, id)).toBeNull();
    expect((await listQuotes(marketer, QuoteFilterSchema.parse({}))).total).toBe(0);
    signInAs(marketer);
    expect((await acceptQuoteAction({ id, version: 1 })).reason).toBe('forbidden');
    expect((await createQuoteAction(twoLines(await openDealOf(rep)))).reason).toBe('forbidden');
    const agentList = await listQuotes(agent, QuoteFilterSchema.parse({}));
    const allowed = await rows<{ id: string }>(
      db,
      sql`select q.id from quotes q join deals d on d.id = q.deal_id
          where d.deleted_at is null and exists (select 1 from cases c where c.customer_id = d.customer_id
            and (c.assignee_id is null or c.assignee_id = ${agent.userId}))`,
    );
    const allowedIds = new Set(allowed.map((r) => r.id));
    expect(agentList.rows.every((q) => allowedIds.has(q.id))).toBe(true);
    expect(agentList.rows.length).toBeGreaterThan(0);
    const visible = agentList.rows[0];
    {
      const detail = (await getQuote(agent, visible.id))!;
      expect(detail.canWrite).toBe(false);
      expect(await decideQuote(agent, { id: visible.id, version: detail.version }, 'rejected')).toEqual({
        ok: false,
        reason: 'forbidden',
      });
    }
  });

  it('a stale version is refused for edit, send and accept; a sent quote can no longer be edited', async () => {
    const { id, dealId } = await newQuote(rep);
    expect(await updateQuote(rep, { ...twoLines(dealId), id, version: 2 })).toEqual({ ok: false, reason: 'stale' });
    expect((await updateQuote(rep, { ...twoLines(dealId), taxRate: '0', id, version: 1 })).ok).toBe(true);
    expect((await quoteRow(id)).total).toBe('459.11');
    expect(await decideQuote(rep, { id, version: 1 }, 'sent')).toEqual({ ok: false, reason: 'stale' });
    expect((await decideQuote(rep, { id, version: 2 }, 'sent')).ok).toBe(true);
    expect(await updateQuote(rep, { ...twoLines(dealId), id, version: 3 })).toEqual({ ok: false, reason: 'stale' });
    expect(await acceptQuote(rep, { id, version: 2 })).toEqual({ ok: false, reason: 'stale' });
  });

  it('a sent quote past its valid-until date reads as expired and cannot be accepted', async () => {
    const { id } = await newQuote(rep, { validUntil: '2099-01-01' });
    expect((await decideQuote(rep, { id, version: 1 }, 'sent')).ok).toBe(true);
    await db.update(quotes).set({ validUntil: '2020-01-01' }).where(eq(quotes.id, id));
    expect((await getQuote(rep, id))!.status).toBe('expired');
    expect(await acceptQuote(rep, { id, version: 2 })).toEqual({ ok: false, reason: 'quoteExpired' });
    expect((await quoteRow(id)).status).toBe('sent');
    const expired = await listQuotes(rep, QuoteFilterSchema.parse({ status: 'expired' }));
    expect(expired.rows.map((q) => q.id)).toContain(id);
  });
});

describe('accepting a quote', () => {
  it('accepts, creates the order with its items and wins the deal, in one go; a second accept is refused', async () => {
    const { id, dealId } = await newQuote(rep);
    expect((await decideQuote(rep, { id, version: 1 }, 'sent')).ok).toBe(true);
    const [dealBefore] = await db.select().from(deals).where(eq(deals.id, dealId));
    const result = await acceptQuote(rep, { id, version: 2 });
    if (!result.ok) throw new Error(result.reason);
    expect(result.orderNumber).toMatch(/^SO-Q\d{6}$/);
    const q = await quoteRow(id);
    expect(q.status).toBe('accepted');
    expect(q.decidedAt).not.toBeNull();
    const [order] = await db.select().from(orders).where(eq(orders.id, result.orderId));
    expect(order).toMatchObject({
      kind: 'sale',
      status: 'pending',
      customerId: q.customerId,
      ownerId: rep.userId,
      dealId,
      quoteId: id,
      total: '499.86',
      currency: 'USD',
    });
    const items = await db
      .select({
        productId: orderItems.productId,
        quantity: orderItems.quantity,
        unitPrice: orderItems.unitPrice,
        lineTotal: orderItems.lineTotal,
        lineNo: orderItems.lineNo,
      })
      .from(orderItems)
      .where(eq(orderItems.orderId, order.id))
      .orderBy(asc(orderItems.lineNo));
    expect(items).toEqual([
      { productId: widget, quantity: '3.00', unitPrice: '19.99', lineTotal: '59.97', lineNo: 1 },
      { productId: gadget, quantity: '2.00', unitPrice: '249.00', lineTotal: '423.30', lineNo: 2 },
    ]);
    const [deal] = await db.select().from(deals).where(eq(deals.id, dealId));
    const [wonStage] = await db.select().from(pipelineStages).where(eq(pipelineStages.isWon, true));
    expect(deal).toMatchObject({ status: 'won', stageId: wonStage.id, wonReason: `Quote ${q.number} accepted` });
    expect(deal.closedAt).not.toBeNull();
    expect(deal.version).toBe(dealBefore.version + 1);
    const history = await db
      .select()
      .from(dealStageHistory)
      .where(and(eq(dealStageHistory.dealId, dealId), eq(dealStageHistory.toStageId, wonStage.id)));
    expect(history).toHaveLength(1);
    expect(history[0].fromStageId).toBe(dealBefore.stageId);
    const audits = await db
      .select({ entity: auditLog.entity, action: auditLog.action })
      .from(auditLog)
      .where(sql`${auditLog.entityId} in (${id}, ${order.id}, ${dealId})`);
    expect(audits).toEqual(
      expect.arrayContaining([
        { entity: 'quote', action: 'accept' },
        { entity: 'order', action: 'create' },
        { entity: 'deal', action: 'win' },
      ]),
    );

    // Twice: the same version, and the new one, are both refused; still one order.
    expect(await acceptQuote(rep, { id, version: 2 })).toEqual({ ok: false, reason: 'stale' });
    expect(await acceptQuote(rep, { id, version: 3 })).toEqual({ ok: false, reason: 'stale' });
    expect(await db.select({ n: count() }).from(orders).where(eq(orders.quoteId, id))).toEqual([{ n: 1 }]);

    // The order is on the rep's orders list and counts in analytics like an imported one.
    const listed = await listOrders(rep, OrderFilterSchema.parse({ customer: '' }));
    expect(listed.rows.map((o) => o.id)).toContain(order.id);
    expect((await listOrders(rep2, OrderFilterSchema.parse({}))).rows.map((o) => o.id)).not.toContain(order.id);
    expect((await listOrders(marketer, OrderFilterSchema.parse({}))).total).toBe(0);
    const [counted] = await db
      .select({ n: count() })
      .from(orders)
      .where(and(eq(orders.id, order.id), eq(orders.kind, 'sale'), countedOrder));
    expect(counted.n).toBe(1);
  });

  it('two acceptances at once make one order', async () => {
    const { id } = await newQuote(rep);
    await decideQuote(rep, { id, version: 1 }, 'sent');
    const results = await Promise.all([acceptQuote(rep, { id, version: 2 }), acceptQuote(manager, { id, version: 2 })]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, reason: 'stale' });
    expect(await db.select({ n: count() }).from(orders).where(eq(orders.quoteId, id))).toEqual([{ n: 1 }]);
  });

  it('is atomic: a failure at the last step leaves the quote sent, no order or items, the deal open', async () => {
    const { id, dealId } = await newQuote(rep);
    await decideQuote(rep, { id, version: 1 }, 'sent');
    const [dealBefore] = await db.select().from(deals).where(eq(deals.id, dealId));
    const ordersBefore = await db.select({ n: count() }).from(orders);
    const itemsBefore = await db.select({ n: count() }).from(orderItems);
    const historyBefore = await db.select({ n: count() }).from(dealStageHistory);
    failOn.entity = 'order'; // the order's audit row is written last
    try {
      await expect(acceptQuote(rep, { id, version: 2 })).rejects.toThrow('forced failure');
    } finally {
      failOn.entity = null;
    }
    expect((await quoteRow(id)).status).toBe('sent');
    expect((await quoteRow(id)).version).toBe(2);
    expect(await db.select({ n: count() }).from(orders)).toEqual(ordersBefore);
    expect(await db.select({ n: count() }).from(orderItems)).toEqual(itemsBefore);
    expect(await db.select({ n: count() }).from(dealStageHistory)).toEqual(historyBefore);
    const [dealAfter] = await db.select().from(deals).where(eq(deals.id, dealId));
    expect(dealAfter).toMatchObject({ status: 'open', stageId: dealBefore.stageId, version: dealBefore.version });
    // And it still works afterwards.
    expect((await acceptQuote(rep, { id, version: 2 })).ok).toBe(true);
  });

  it('a deal lost meanwhile refuses the acceptance (dealClosed)', async () => {
    const { id, dealId } = await newQuote(rep);
    await decideQuote(rep, { id, version: 1 }, 'sent');
    const [lost] = await db.select().from(pipelineStages).where(eq(pipelineStages.isLost, true));
    await db
      .update(deals)
      .set({ status: 'lost', stageId: lost.id, closedAt: sql`now()`, lostReason: 'Budget' })
      .where(eq(deals.id, dealId));
    expect(await acceptQuote(rep, { id, version: 2 })).toEqual({ ok: false, reason: 'dealClosed' });
    expect((await quoteRow(id)).status).toBe('sent');
  });

  it('a second quote of a deal already won is refused, naming the quote that won it; the deal keeps one order', async () => {
    const { id: first, dealId } = await newQuote(rep);
    const second = await createQuote(rep, twoLines(dealId));
    if (!second.ok) throw new Error(second.reason);
    await decideQuote(rep, { id: first, version: 1 }, 'sent');
    await decideQuote(rep, { id: second.id, version: 1 }, 'sent');
    expect((await acceptQuote(rep, { id: first, version: 2 })).ok).toBe(true);
    const winner = (await quoteRow(first)).number;
    expect(await acceptQuote(rep, { id: second.id, version: 2 })).toEqual({
      ok: false,
      reason: 'dealWon',
      params: { quote: winner },
    });
    signInAs(rep);
    expect(await acceptQuoteAction({ id: second.id, version: 2 })).toMatchObject({
      ok: false,
      reason: 'dealWon',
      message: 'dealWon',
      messageParams: { quote: winner },
    });
    expect((await quoteRow(second.id)).status).toBe('sent');
    expect(await db.select({ n: count() }).from(orders).where(eq(orders.dealId, dealId))).toEqual([{ n: 1 }]);
  });

  it('a quote of a deal won on the board (no accepted quote) is refused as dealWon with no quote to name', async () => {
    const { id, dealId } = await newQuote(rep);
    await decideQuote(rep, { id, version: 1 }, 'sent');
    const [won] = await db.select().from(pipelineStages).where(eq(pipelineStages.isWon, true)).limit(1);
    await db.update(deals).set({ status: 'won', stageId: won.id, closedAt: sql`now()` }).where(eq(deals.id, dealId));
    expect(await acceptQuote(rep, { id, version: 2 })).toEqual({
      ok: false,
      reason: 'dealWon',
      params: { quote: 'none' },
    });
    expect(await db.select({ n: count() }).from(orders).where(eq(orders.quoteId, id))).toEqual([{ n: 0 }]);
  });

  /** Counts of what an acceptance writes, to check a refusal wrote none of it. */
  async function written(dealId: string) {
    const [[o], [i], [h], [a], [d]] = await Promise.all([
      db.select({ n: count() }).from(orders),
      db.select({ n: count() }).from(orderItems),
      db.select({ n: count() }).from(dealStageHistory),
      db.select({ n: count() }).from(auditLog),
      db.select({ status: deals.status, version: deals.version }).from(deals).where(eq(deals.id, dealId)),
    ]);
    return { orders: o.n, items: i.n, history: h.n, audit: a.n, deal: d };
  }

  it('a quote whose deal was deleted (soft) is gone with it (notFound) and nothing is written', async () => {
    const { id, dealId } = await newQuote(rep);
    await decideQuote(rep, { id, version: 1 }, 'sent');
    await db.update(deals).set({ deletedAt: sql`now()` }).where(eq(deals.id, dealId));
    const before = await written(dealId);
    expect(await acceptQuote(rep, { id, version: 2 })).toEqual({ ok: false, reason: 'notFound' });
    expect(await written(dealId)).toEqual(before);
    expect(await quoteRow(id)).toMatchObject({ status: 'sent', version: 2 });
  });

  it('lists: a deleted deal takes its quotes out of every list; a quote without a deal is for managers and admins only', async () => {
    const { id, dealId } = await newQuote(rep);
    const listed = async (v: Viewer) =>
      (await listQuotes(v, QuoteFilterSchema.parse({ customer: undefined }))).rows.some((q) => q.id === id);
    expect([await listed(rep), await listed(manager), await listed(admin)]).toEqual([true, true, true]);
    await db.update(deals).set({ deletedAt: sql`now()` }).where(eq(deals.id, dealId));
    expect([await listed(rep), await listed(manager), await listed(admin)]).toEqual([false, false, false]);
    expect(await getQuote(manager, id)).toBeNull();
    // The deal hard-deleted (deal_id set null by the foreign key): a quote of no deal.
    await db.update(deals).set({ deletedAt: null }).where(eq(deals.id, dealId));
    await db.update(quotes).set({ dealId: null }).where(eq(quotes.id, id));
    expect([await listed(rep), await listed(manager), await listed(admin)]).toEqual([false, true, true]);
    expect((await getQuote(manager, id))?.id).toBe(id);
    expect(await getQuote(rep, id)).toBeNull();
  });

  it('a quote whose customer was deleted (soft) is refused as dealDeleted and nothing is written', async () => {
    const { id, dealId } = await newQuote(rep);
    await decideQuote(rep, { id, version: 1 }, 'sent');
    const q = await quoteRow(id);
    await db.update(customers).set({ deletedAt: sql`now()` }).where(eq(customers.id, q.customerId));
    try {
      const before = await written(dealId);
      expect(await acceptQuote(rep, { id, version: 2 })).toEqual({ ok: false, reason: 'dealDeleted' });
      expect(await written(dealId)).toEqual(before);
      expect(await quoteRow(id)).toMatchObject({ status: 'sent', version: 2 });
    } finally {
      // Other tests take this rep's first customer for their deals.
      await db.update(customers).set({ deletedAt: null }).where(eq(customers.id, q.customerId));
    }
  });
});

describe('finding a deal to quote on (/quotes/new)', () => {
  it("finds the viewer's open deals by deal or customer name, in SQL, never another rep's, and escapes wildcards", async () => {
    const mine = await openDealOf(rep);
    const theirs = await openDealOf(rep2);
    await db.update(deals).set({ name: 'Zephyr rollout 100%' }).where(eq(deals.id, mine));
    await db.update(deals).set({ name: 'Zephyr rollout (rep2)' }).where(eq(deals.id, theirs));
    expect((await listQuotableDeals(rep, { q: 'zephyr' })).map((d) => d.id)).toEqual([mine]);
    expect((await listQuotableDeals(rep2, { q: 'ZEPHYR' })).map((d) => d.id)).toEqual([theirs]);
    expect((await listQuotableDeals(manager, { q: 'zephyr rollout' })).map((d) => d.id).sort()).toEqual(
      [mine, theirs].sort(),
    );
    // By the customer's name too.
    const [c] = await db
      .select({ name: customers.name })
      .from(customers)
      .innerJoin(deals, eq(deals.customerId, customers.id))
      .where(eq(deals.id, mine));
    expect((await listQuotableDeals(rep, { q: c.name })).map((d) => d.id)).toContain(mine);
    // '%' is a character, not a wildcard; closed deals are not offered.
    expect((await listQuotableDeals(rep, { q: '100%' })).map((d) => d.id)).toEqual([mine]);
    expect(await listQuotableDeals(rep, { q: '%' })).toEqual([expect.objectContaining({ id: mine })]);
    await db.update(deals).set({ status: 'lost', closedAt: sql`now()` }).where(eq(deals.id, mine));
    expect(await listQuotableDeals(rep, { q: 'zephyr' })).toEqual([]);
    expect(await listQuotableDeals(agent, { q: 'zephyr' })).toEqual([]);
  });
});

describe('the expiry job', () => {
  it('writes expired on sent quotes past their date only, audited, and is idempotent', async () => {
    const past = await newQuote(rep);
    const future = await newQuote(rep);
    const draft = await newQuote(rep, { validUntil: '2020-01-01' });
    await decideQuote(rep, { id: past.id, version: 1 }, 'sent');
    await decideQuote(rep, { id: future.id, version: 1 }, 'sent');
    await db.update(quotes).set({ validUntil: '2020-01-01' }).where(eq(quotes.id, past.id));
    expect(await expireQuotes()).toBeGreaterThanOrEqual(1);
    expect((await quoteRow(past.id)).status).toBe('expired');
    expect((await quoteRow(future.id)).status).toBe('sent');
    expect((await quoteRow(draft.id)).status).toBe('draft');
    expect(await expireQuotes()).toBe(0);
    expect(await acceptQuote(rep, { id: past.id, version: 3 })).toEqual({ ok: false, reason: 'stale' });
    const [a] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, past.id), eq(auditLog.action, 'expire')));
    expect(a).toBeDefined();
  });
});

describe('crafted requests to the quote actions', () => {
  it('malformed bodies are refused as invalid and write nothing', async () => {
    signInAs(rep);
    const dealId = await openDealOf(rep);
    const base = twoLines(dealId);
    const line = base.lines[0];
    const before = await db.select({ n: count() }).from(quotes);
    const bodies: unknown[] = [
      'not an object',
      null,
      { ...base, lines: [] },
      { ...base, lines: Array.from({ length: 101 }, () => line) },
      { ...base, lines: [{ ...line, unitPrice: '-1.00' }] },
      { ...base, lines: [{ ...line, unitPrice: '1e3' }] },
      { ...base, lines: [{ ...line, unitPrice: '0.001' }] },
      { ...base, lines: [{ ...line, quantity: '0' }] },
      { ...base, lines: [{ ...line, discountPct: '100.01' }] },
      { ...base, lines: [{ ...line, description: 'bad\u0000text' }] },
      { ...base, taxRate: '8.8755' },
      { ...base, discountKind: 'percent', discountValue: '150' },
      { ...base, validUntil: '2026-02-30' },
      { ...base, dealId: 'not-a-uuid' },
      { ...base, lines: [{ ...line, productId: crypto.randomUUID() }] },
    ];
    for (const body of bodies) {
      const result = await createQuoteAction(body);
      expect(result.ok, JSON.stringify(body)?.slice(0, 80)).toBe(false);
      expect(result.reason).toBe('invalid');
    }
    expect(await db.select({ n: count() }).from(quotes)).toEqual(before);
  });

  it("another rep's crafted update or accept of a rep's quote is not found, and a stale accept through the action says stale", async () => {
    const { id } = await newQuote(rep);
    await decideQuote(rep, { id, version: 1 }, 'sent');
    signInAs(rep2);
    expect((await acceptQuoteAction({ id, version: 2 })).reason).toBe('notFound');
    signInAs(rep);
    const stale = await acceptQuoteAction({ id, version: 1 });
    expect(stale).toMatchObject({ ok: false, reason: 'stale', message: 'stale' });
    const ok = await acceptQuoteAction({ id, version: 2 });
    expect(ok).toMatchObject({ ok: true, message: 'quoteAccepted' });
    expect(ok.id).toMatch(/^[0-9a-f-]{36}$/);
  });
});
