import { and, asc, count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { GET as exportDealsGET } from '@/app/(app)/deals/export/route';
import { GET as exportOrdersGET } from '@/app/(app)/orders/export/route';
import { db } from '@/db/client';
import {
  customers,
  deals,
  orders,
  pipelineStages,
  products,
  quoteItems,
  quotes,
  salesQuotas,
  users,
} from '@/db/schema';
import { seedDatabase } from '@/db/seed';
import type { Viewer } from '@/lib/auth/permissions';
import { getSalesDashboard, SalesDashboardFilterSchema } from '@/lib/sales/dashboard';
import { bulkReassignDealsAction, logDealActivityAction, updateDealAction } from '@/lib/sales/deals/deal-actions';
import { getDeal, listDealActivities, listDealHistory, listDealQuotes } from '@/lib/sales/deals/deals';
import { ForecastFilterSchema, getForecast } from '@/lib/sales/forecast';
import { getOrder } from '@/lib/sales/orders/orders';
import { createProductAction, setProductActiveAction } from '@/lib/sales/products/product-actions';
import { setQuotaAction } from '@/lib/sales/quota-actions';
import {
  acceptQuoteAction,
  createQuoteAction,
  rejectQuoteAction,
  sendQuoteAction,
  updateQuoteAction,
} from '@/lib/sales/quotes/quote-actions';
import { getDealForQuote, getQuote, listQuotableDeals, listQuotes } from '@/lib/sales/quotes/quotes';
import { QuoteFilterSchema } from '@/lib/sales/quotes/schemas';
import { createStageAction, moveStageAction } from '@/lib/sales/stages/stage-actions';
import { setupTestDatabase } from '@/lib/testing/db';
import { createTestUser, seededViewer } from '@/lib/testing/factories';
import { signInAs } from '@/lib/testing/session-mock';

// Crafted calls of the sales actions and route handlers, as each role, with malformed bodies:
// each is refused with a reason (never a thrown error, i.e. a 500) and nothing leaks or is written.

vi.mock('@/lib/auth/auth', async () => (await import('@/lib/testing/session-mock')).authMock);
vi.mock('next/cache', async () => (await import('@/lib/testing/next-mocks')).cacheMock);

const ctx = setupTestDatabase();
let admin: Viewer, manager: Viewer, rep: Viewer, rep2: Viewer, agent: Viewer, marketer: Viewer;

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
    .values({ name: 'Attack deal', customerId: customer.id, ownerId: owner.userId, stageId: stage.id, amount: '500' })
    .returning({ id: deals.id });
  return deal.id;
}

const line = (quantity: string, unitPrice: string, discountPct = '0') => ({
  productId: null,
  description: 'Line',
  quantity,
  unitPrice,
  discountPct,
});

const body = (dealId: string, extra: Record<string, unknown> = {}) => ({
  dealId,
  title: 'Attack',
  notes: '',
  validUntil: '2099-12-31',
  lines: [line('1', '10.00')],
  discountKind: 'percent',
  discountValue: '0',
  taxRate: '0',
  ...extra,
});

async function quoteCount(): Promise<number> {
  const [{ n }] = await db.select({ n: count() }).from(quotes);
  return n;
}

/** A draft quote of the rep's, made through the action. */
async function draftOf(owner: Viewer): Promise<{ id: string; dealId: string }> {
  const dealId = await openDealOf(owner);
  signInAs(owner);
  const r = await createQuoteAction(body(dealId));
  if (!r.ok || !r.id) throw new Error(`create: ${JSON.stringify(r)}`);
  return { id: r.id, dealId };
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
}, 120_000);

describe('quote money at the edges', () => {
  it('100 % line discounts, a 100 % overall discount and tax 0 give zero totals, stored', async () => {
    const dealId = await openDealOf(rep);
    signInAs(rep);
    const r = await createQuoteAction(
      body(dealId, { lines: [line('3', '19.99', '100'), line('1', '5.00')], discountValue: '100', taxRate: '0' }),
    );
    expect(r.ok).toBe(true);
    const [q] = await db
      .select()
      .from(quotes)
      .where(eq(quotes.id, r.id as string));
    expect([q.subtotal, q.discount, q.tax, q.total]).toEqual(['5.00', '5.00', '0.00', '0.00']);
  });

  it('100 lines of 0.1 × 0.03 and 0.2 × 0.07 add up exactly (no float drift)', async () => {
    const dealId = await openDealOf(rep);
    signInAs(rep);
    const lines = Array.from({ length: 100 }, (_, k) => (k % 2 ? line('0.1', '0.10') : line('0.2', '0.15')));
    // 0.1 × 0.10 = 0.01; 0.2 × 0.15 = 0.03: 50 × 0.01 + 50 × 0.03 = 2.00
    const r = await createQuoteAction(body(dealId, { lines, taxRate: '8.875' }));
    expect(r.ok).toBe(true);
    const [q] = await db
      .select()
      .from(quotes)
      .where(eq(quotes.id, r.id as string));
    expect([q.subtotal, q.tax, q.total]).toEqual(['2.00', '0.18', '2.18']);
    const [{ n }] = await db.select({ n: count() }).from(quoteItems).where(eq(quoteItems.quoteId, q.id));
    expect(n).toBe(100);
  });

  it('the largest total that fits numeric(14,2) is stored to the cent', async () => {
    const dealId = await openDealOf(rep);
    signInAs(rep);
    const r = await createQuoteAction(body(dealId, { lines: [line('1', '999999999999.99')] }));
    expect(r.ok).toBe(true);
    const [q] = await db
      .select()
      .from(quotes)
      .where(eq(quotes.id, r.id as string));
    expect(q.total).toBe('999999999999.99');
  });

  it.each([
    ['one line beyond numeric(14,2)', { lines: [line('9999999999.99', '999999999999.99')] }],
    ['a line just over the limit', { lines: [line('2', '500000000000.00')] }],
    [
      'lines that fit but a subtotal that does not',
      { lines: Array.from({ length: 100 }, () => line('1', '99999999999.99')) },
    ],
    ['a total over the limit through tax', { lines: [line('1', '900000000000.00')], taxRate: '100' }],
  ])('%s: a field error, not a 500, and nothing written', async (_label, extra) => {
    const dealId = await openDealOf(rep);
    signInAs(rep);
    const before = await quoteCount();
    const r = await createQuoteAction(body(dealId, extra));
    expect(r.ok).toBe(false);
    expect(r.reason).toBe('amountTooLarge');
    expect(r.fieldErrors?.lines).toEqual(['amountTooLarge']);
    expect(await quoteCount()).toBe(before);
  });

  it('an edit of a draft to a total beyond numeric(14,2) is refused the same way, the draft unchanged', async () => {
    const { id } = await draftOf(rep);
    const r = await updateQuoteAction({
      ...body('x', { lines: [line('9999999999', '999999999999')] }),
      dealId: undefined,
      id,
      version: 1,
    });
    expect(r.reason).toBe('amountTooLarge');
    const [q] = await db.select().from(quotes).where(eq(quotes.id, id));
    expect([q.total, q.version]).toEqual(['10.00', 1]);
  });
});

describe('malformed quote bodies are invalid, never a 500', () => {
  const cases: [string, (dealId: string) => unknown][] = [
    ['quantity 1e309 as a number', (d) => body(d, { lines: [{ ...line('1', '1'), quantity: Number('1e309') }] })],
    ['quantity "1e309"', (d) => body(d, { lines: [line('1e309', '1')] })],
    ['a negative quantity', (d) => body(d, { lines: [line('-1', '1')] })],
    ['a zero quantity', (d) => body(d, { lines: [line('0', '1')] })],
    ['a negative price', (d) => body(d, { lines: [line('1', '-5')] })],
    ['a discount of 100.01 %', (d) => body(d, { lines: [line('1', '1', '100.01')] })],
    ['a tax rate as an array', (d) => body(d, { taxRate: ['8', '9'] })],
    ['lines as an object', (d) => body(d, { lines: { 0: line('1', '1') } })],
    ['no lines', (d) => body(d, { lines: [] })],
    ['101 lines', (d) => body(d, { lines: Array.from({ length: 101 }, () => line('1', '1')) })],
    ['NUL in a description', (d) => body(d, { lines: [{ ...line('1', '1'), description: 'a\u0000b' }] })],
    ['the deal id as an array', (d) => body(d, { dealId: [d] })],
    ['a string body', () => 'dealId=1'],
    ['null', () => null],
    ['an unknown product id', (d) => body(d, { lines: [{ ...line('1', '1'), productId: crypto.randomUUID() }] })],
  ];
  it.each(cases)('%s', async (_label, make) => {
    const dealId = await openDealOf(rep);
    signInAs(rep);
    const before = await quoteCount();
    const r = await createQuoteAction(make(dealId));
    expect(r.ok).toBe(false);
    expect(r.reason).toBe('invalid');
    expect(await quoteCount()).toBe(before);
  });

  it('extra fields (a total, an owner, a status) are ignored: totals are computed, the deal owner owns it', async () => {
    const dealId = await openDealOf(rep);
    signInAs(rep);
    const r = await createQuoteAction(
      body(dealId, { total: '0.01', ownerId: rep2.userId, status: 'accepted', customerId: crypto.randomUUID() }),
    );
    expect(r.ok).toBe(true);
    const [q] = await db
      .select()
      .from(quotes)
      .where(eq(quotes.id, r.id as string));
    expect([q.total, q.ownerId, q.status]).toEqual(['10.00', rep.userId, 'draft']);
  });
});

describe("another rep's quote and roles without quote rights", () => {
  it("rep2 can neither read, quote on, edit, send, reject nor accept rep's quote", async () => {
    const { id, dealId } = await draftOf(rep);
    expect(await getQuote(rep2, id)).toBeNull();
    signInAs(rep2);
    expect((await createQuoteAction(body(dealId))).reason).toBe('notFound');
    expect((await updateQuoteAction({ ...body(dealId), dealId: undefined, id, version: 1 })).reason).toBe('notFound');
    expect((await sendQuoteAction({ id, version: 1 })).reason).toBe('notFound');
    signInAs(rep);
    expect((await sendQuoteAction({ id, version: 1 })).ok).toBe(true);
    signInAs(rep2);
    expect((await rejectQuoteAction({ id, version: 2 })).reason).toBe('notFound');
    expect((await acceptQuoteAction({ id, version: 2 })).reason).toBe('notFound');
    const [q] = await db.select().from(quotes).where(eq(quotes.id, id));
    expect([q.status, q.version]).toEqual(['sent', 2]);
    expect(await db.select().from(orders).where(eq(orders.quoteId, id))).toEqual([]);
  });

  it('an agent and a marketer are forbidden every quote write', async () => {
    const { id, dealId } = await draftOf(rep);
    for (const who of [agent, marketer]) {
      signInAs(who);
      expect((await createQuoteAction(body(dealId))).reason).toBe('forbidden');
      expect((await sendQuoteAction({ id, version: 1 })).reason).toBe('forbidden');
      expect((await acceptQuoteAction({ id, version: 1 })).reason).toBe('forbidden');
    }
    const [q] = await db.select().from(quotes).where(eq(quotes.id, id));
    expect(q.status).toBe('draft');
  });

  it('a stale version is refused for send, accept and edit', async () => {
    const { id, dealId } = await draftOf(rep);
    signInAs(rep);
    expect((await sendQuoteAction({ id, version: 2 })).reason).toBe('stale');
    expect((await sendQuoteAction({ id, version: 1 })).ok).toBe(true);
    expect((await sendQuoteAction({ id, version: 2 })).reason).toBe('stale');
    expect((await acceptQuoteAction({ id, version: 1 })).reason).toBe('stale');
    expect((await updateQuoteAction({ ...body(dealId), dealId: undefined, id, version: 2 })).reason).toBe('stale');
    expect((await sendQuoteAction({ id, version: '2' })).reason).toBe('invalid');
    expect((await sendQuoteAction({ id, version: Number('1e309') })).reason).toBe('invalid');
  });
});

describe('quotas', () => {
  const month = '2026-09';
  it('a quota for a deactivated rep is refused (they own no deals any more)', async () => {
    const gone = await createTestUser('sales_rep', { active: false });
    signInAs(manager);
    const r = await setQuotaAction(null, form({ userId: gone.userId, month, amount: '1000', version: '0' }));
    expect(r.ok).toBe(false);
    expect(r.reason).toBe('notFound');
    expect(await db.select().from(salesQuotas).where(eq(salesQuotas.userId, gone.userId))).toEqual([]);
  });

  it('a quota set before the rep was deactivated can still be cleared, not changed', async () => {
    const leaving = await createTestUser('sales_rep');
    signInAs(manager);
    expect((await setQuotaAction(null, form({ userId: leaving.userId, month, amount: '500', version: '0' }))).ok).toBe(
      true,
    );
    await db.update(users).set({ active: false }).where(eq(users.id, leaving.userId));
    expect(
      (await setQuotaAction(null, form({ userId: leaving.userId, month, amount: '900', version: '1' }))).reason,
    ).toBe('notFound');
    expect((await setQuotaAction(null, form({ userId: leaving.userId, month, amount: '', version: '1' }))).ok).toBe(
      true,
    );
    expect(await db.select().from(salesQuotas).where(eq(salesQuotas.userId, leaving.userId))).toEqual([]);
  });

  it('a quota for an agent or a marketer is refused; a rep may not set one', async () => {
    signInAs(manager);
    for (const who of [agent, marketer])
      expect((await setQuotaAction(null, form({ userId: who.userId, month, amount: '1', version: '0' }))).reason).toBe(
        'notFound',
      );
    signInAs(rep);
    expect((await setQuotaAction(null, form({ userId: rep.userId, month, amount: '1', version: '0' }))).reason).toBe(
      'forbidden',
    );
  });

  it.each([['1e309'], ['-1'], ['1000000000000'], ['12.345']])('amount %s is a field error', async (amount) => {
    signInAs(manager);
    const r = await setQuotaAction(null, form({ userId: rep.userId, month, amount, version: '0' }));
    expect(r.ok).toBe(false);
    expect(r.fieldErrors?.amount).toBeDefined();
  });

  it('a month 2026-13, an array body or a NUL is invalid', async () => {
    signInAs(manager);
    expect(
      (await setQuotaAction(null, form({ userId: rep.userId, month: '2026-13', amount: '1', version: '0' }))).ok,
    ).toBe(false);
    const f = form({ userId: rep.userId, month, amount: '1', version: '0' });
    f.append('amount', '2');
    expect((await setQuotaAction(null, f)).ok).toBe(false);
    expect((await setQuotaAction(null, form({ userId: rep.userId, month, amount: '1\u0000', version: '0' }))).ok).toBe(
      false,
    );
    expect((await setQuotaAction(null, { userId: rep.userId })).reason).toBe('invalid');
  });
});

function form(values: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(values)) f.append(k, v);
  return f;
}

describe('deals: crafted calls', () => {
  async function dealRow(id: string) {
    const [d] = await db.select().from(deals).where(eq(deals.id, id));
    return d;
  }
  const edit = (id: string, extra: Record<string, string> = {}) =>
    form({
      id,
      version: '1',
      name: 'Renamed',
      amount: '10',
      expectedCloseDate: '',
      contactId: '',
      ownerId: '',
      forecastCategory: 'commit',
      ...extra,
    });

  it("rep2 cannot edit, reassign or log on rep's deal; an agent and a marketer are forbidden", async () => {
    const id = await openDealOf(rep);
    signInAs(rep2);
    expect((await updateDealAction(null, edit(id, { ownerId: rep2.userId }))).reason).toBe('notFound');
    expect((await bulkReassignDealsAction({ ids: [id], ownerId: rep2.userId })).reason).toBe('forbidden');
    expect((await logDealActivityAction(null, form({ dealId: id, type: 'note', subject: 'x' }))).reason).toBe(
      'notFound',
    );
    for (const who of [agent, marketer]) {
      signInAs(who);
      expect((await updateDealAction(null, edit(id))).reason).toBe('forbidden');
    }
    const d = await dealRow(id);
    expect([d.name, d.ownerId, d.version]).toEqual(['Attack deal', rep.userId, 1]);
  });

  it('a rep cannot give their own deal away through the ownerId field', async () => {
    const id = await openDealOf(rep);
    signInAs(rep);
    expect((await updateDealAction(null, edit(id, { ownerId: rep2.userId }))).ok).toBe(true);
    expect((await dealRow(id)).ownerId).toBe(rep.userId);
  });

  it.each([['1e309'], ['-5'], ['1000000000000'], ['0x10'], ['Infinity']])(
    'amount %s is a field error',
    async (amount) => {
      const id = await openDealOf(rep);
      signInAs(rep);
      const r = await updateDealAction(null, edit(id, { amount }));
      expect(r.ok).toBe(false);
      expect(r.fieldErrors?.amount).toBeDefined();
    },
  );

  it('the largest amount that fits is stored exactly; a stale version is refused', async () => {
    const id = await openDealOf(rep);
    signInAs(rep);
    expect((await updateDealAction(null, edit(id, { amount: '999,999,999,999.99' }))).ok).toBe(true);
    expect((await dealRow(id)).amount).toBe('999999999999.99');
    expect((await updateDealAction(null, edit(id, { amount: '1' }))).reason).toBe('stale');
  });

  it('bulk reassign to a deactivated user or a marketer is refused; a manager reassigns', async () => {
    const id = await openDealOf(rep);
    const gone = await createTestUser('sales_rep', { active: false });
    signInAs(manager);
    expect((await bulkReassignDealsAction({ ids: [id], ownerId: gone.userId })).reason).toBe('ownerInactive');
    expect((await bulkReassignDealsAction({ ids: [id], ownerId: marketer.userId })).reason).toBe('ownerInactive');
    expect((await bulkReassignDealsAction({ ids: id, ownerId: rep2.userId })).reason).toBe('invalid');
    expect((await dealRow(id)).ownerId).toBe(rep.userId);
  });
});

describe('products and stages: crafted calls by roles without the right', () => {
  it('a rep, an agent and a marketer cannot switch a product off or move a stage', async () => {
    const [stage] = await db.select({ id: pipelineStages.id }).from(pipelineStages).limit(1);
    for (const who of [rep, agent, marketer]) {
      signInAs(who);
      expect((await setProductActiveAction({ id: crypto.randomUUID(), active: false })).reason).toBe('forbidden');
      expect((await moveStageAction({ id: stage.id, direction: 'up' })).reason).toBe('forbidden');
    }
  });
});

describe('CSV exports with crafted URLs', () => {
  async function csv(res: Response): Promise<string[]> {
    return (await res.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
  }

  it("a rep's owner filter naming another rep is ignored: the rep's own orders only", async () => {
    signInAs(rep);
    const mine = await csv(await exportOrdersGET(new Request('http://localhost/orders/export')));
    const crafted = await csv(
      await exportOrdersGET(new Request(`http://localhost/orders/export?owner=${rep2.userId}`)),
    );
    expect(crafted).toEqual(mine);
    const [{ n }] = await db.select({ n: count() }).from(orders).where(eq(orders.ownerId, rep2.userId));
    expect(n).toBeGreaterThan(0);
  });

  it('a marketer gets 403 from both exports; signed out 401; garbage filters do not fail', async () => {
    signInAs(marketer);
    expect((await exportOrdersGET(new Request('http://localhost/orders/export'))).status).toBe(403);
    expect((await exportDealsGET(new Request('http://localhost/deals/export'))).status).toBe(403);
    signInAs(null);
    expect((await exportOrdersGET(new Request('http://localhost/orders/export'))).status).toBe(401);
    signInAs(manager);
    const res = await exportOrdersGET(
      new Request('http://localhost/orders/export?from=2026-99-99&to=x&size=1e309&page=-1&owner=%00&sort=__proto__'),
    );
    expect(res.status).toBe(200);
    const res2 = await exportDealsGET(new Request('http://localhost/deals/export?amountMin=1e309&owner=[]&page=NaN'));
    expect(res2.status).toBe(200);
  });

  it("a rep's deal export holds only their deals, whatever owner the URL names", async () => {
    signInAs(rep);
    const res = await exportDealsGET(new Request(`http://localhost/deals/export?owner=${rep2.userId}`));
    expect(res.status).toBe(200);
    const [{ n }] = await db
      .select({ n: count() })
      .from(deals)
      .innerJoin(users, eq(users.id, deals.ownerId))
      .where(eq(deals.ownerId, rep.userId));
    expect(Number(res.headers.get('X-Row-Count'))).toBeLessThanOrEqual(n);
    const body = await res.text();
    const [rep2Row] = await db.select({ name: users.name }).from(users).where(eq(users.id, rep2.userId));
    expect(body).not.toContain(rep2Row.name);
  });
});

describe('a deal reassigned with its quotes', () => {
  it("the new owner accepts the quote: the order is the new owner's, and the quote is listed under them", async () => {
    const { id, dealId } = await draftOf(rep);
    signInAs(rep);
    expect((await sendQuoteAction({ id, version: 1 })).ok).toBe(true);
    signInAs(manager);
    expect((await bulkReassignDealsAction({ ids: [dealId], ownerId: rep2.userId })).ok).toBe(true);
    const listed = await listQuotes(manager, QuoteFilterSchema.parse({ owner: rep2.userId }));
    expect(listed.rows.map((q) => q.id)).toContain(id);
    signInAs(rep2);
    const accepted = await acceptQuoteAction({ id, version: 2 });
    expect(accepted.ok).toBe(true);
    const [order] = await db.select().from(orders).where(eq(orders.quoteId, id));
    expect(order.ownerId).toBe(rep2.userId);
  });

  it('an owner changed on the deal form moves its draft quotes too', async () => {
    const { id, dealId } = await draftOf(rep);
    const [deal] = await db.select().from(deals).where(eq(deals.id, dealId));
    signInAs(manager);
    const r = await updateDealAction(
      null,
      form({
        id: dealId,
        version: String(deal.version),
        name: deal.name,
        amount: deal.amount,
        expectedCloseDate: '',
        contactId: '',
        ownerId: rep2.userId,
        forecastCategory: 'pipeline',
      }),
    );
    expect(r.ok).toBe(true);
    const [q] = await db.select().from(quotes).where(eq(quotes.id, id));
    expect(q.ownerId).toBe(rep2.userId);
  });
});

describe('dashboard and forecast: a rep naming another owner in the URL', () => {
  it("sees their own numbers only (the owner filter is ignored), never the team's", async () => {
    const own = await getSalesDashboard(rep, SalesDashboardFilterSchema.parse({}));
    const crafted = await getSalesDashboard(rep, SalesDashboardFilterSchema.parse({ owner: rep2.userId }));
    expect(crafted?.people).toBeNull();
    expect(crafted?.open).toEqual(own?.open);
    const f = await getForecast(rep, ForecastFilterSchema.parse({ owner: rep2.userId }));
    expect(f?.people.map((p) => p.id)).toEqual([rep.userId]);
    expect(await getSalesDashboard(marketer, SalesDashboardFilterSchema.parse({}))).toBeNull();
    expect(await getForecast(agent, ForecastFilterSchema.parse({}))).toBeNull();
  });
});

describe("reads of another rep's deal, its history, timeline, quotes and order", () => {
  it('rep2 and a marketer get nothing; the manager sees it all', async () => {
    const { id, dealId } = await draftOf(rep);
    signInAs(rep);
    await logDealActivityAction(null, form({ dealId, type: 'note', subject: 'Secret pricing note' }));
    expect((await sendQuoteAction({ id, version: 1 })).ok).toBe(true);
    const accepted = await acceptQuoteAction({ id, version: 2 });
    expect(accepted.ok).toBe(true);
    const orderId = accepted.id as string;
    // rep2 must own neither the order nor its customer for this to be a leak test.
    const [order] = await db.select().from(orders).where(eq(orders.id, orderId));
    const [customer] = await db
      .select()
      .from(customers)
      .where(eq(customers.id, order.customerId as string));
    expect([order.ownerId, customer.ownerId]).not.toContain(rep2.userId);
    for (const who of [rep2, marketer]) {
      expect(await getDeal(who, dealId)).toBeNull();
      expect(await listDealHistory(who, dealId)).toEqual([]);
      expect((await listDealActivities(who, dealId)).items).toEqual([]);
      expect(await listDealQuotes(who, dealId)).toEqual([]);
      expect(await getOrder(who, orderId)).toBeNull();
      expect(await getQuote(who, id)).toBeNull();
    }
    expect(await getDeal(manager, dealId)).not.toBeNull();
    expect((await listDealHistory(manager, dealId)).length).toBeGreaterThan(0);
    expect((await listDealActivities(manager, dealId)).items.map((a) => a.subject)).toContain('Secret pricing note');
    expect(await getOrder(manager, orderId)).not.toBeNull();
  });
});

describe('products and stages: malformed values', () => {
  const product = (extra: Record<string, string>) =>
    form({
      sku: `ATK-${crypto.randomUUID().slice(0, 8)}`,
      name: 'Attack',
      description: '',
      category: '',
      unitPrice: '1',
      currency: 'USD',
      active: 'on',
      ...extra,
    });

  it.each([['1e309'], ['-1'], ['1000000000000'], ['1.234'], ['NaN']])(
    'a product price %s is a field error',
    async (unitPrice) => {
      signInAs(manager);
      const before = await db.select({ n: count() }).from(products);
      const r = await createProductAction(null, product({ unitPrice }));
      expect(r.ok).toBe(false);
      expect(r.fieldErrors?.unitPrice).toBeDefined();
      expect(await db.select({ n: count() }).from(products)).toEqual(before);
    },
  );

  it('the largest price is stored to the cent; a rep and an agent are forbidden', async () => {
    signInAs(manager);
    const r = await createProductAction(null, product({ unitPrice: '999999999999.99' }));
    expect(r.ok).toBe(true);
    const [row] = await db
      .select()
      .from(products)
      .where(eq(products.id, r.id as string));
    expect(row.unitPrice).toBe('999999999999.99');
    for (const who of [rep, agent, marketer]) {
      signInAs(who);
      expect((await createProductAction(null, product({}))).reason).toBe('forbidden');
    }
  });

  it.each([['1e309'], ['101'], ['-1'], ['50.5'], ['abc'], [''], ['  ']])(
    'a stage probability "%s" is a field error',
    async (probability) => {
      signInAs(admin);
      const r = await createStageAction(
        null,
        form({ name: 'Attack stage', probability, kind: 'open', rottingDays: '' }),
      );
      expect(r.ok).toBe(false);
      expect(r.fieldErrors?.probability).toBeDefined();
    },
  );

  it('a stage name with NUL or a formula, or rotting days of 1e309, is refused', async () => {
    signInAs(admin);
    for (const extra of [{ name: 'a\u0000b' }, { name: '=HYPERLINK(1)' }, { rottingDays: '1e309' }]) {
      const r = await createStageAction(
        null,
        form({ name: 'Attack stage', probability: '10', kind: 'open', rottingDays: '', ...extra }),
      );
      expect(r.ok).toBe(false);
    }
  });
});

describe('a deal whose customer was deleted', () => {
  it('cannot be quoted on (as the deal page hides it), nor offered on /quotes/new', async () => {
    const dealId = await openDealOf(rep);
    const [deal] = await db.select().from(deals).where(eq(deals.id, dealId));
    await db.update(customers).set({ deletedAt: new Date() }).where(eq(customers.id, deal.customerId));
    try {
      signInAs(rep);
      const before = await quoteCount();
      expect((await createQuoteAction(body(dealId))).reason).toBe('notFound');
      expect(await quoteCount()).toBe(before);
      expect(await getDealForQuote(rep, dealId)).toBeNull();
      expect((await listQuotableDeals(rep, { limit: 1000 })).map((d) => d.id)).not.toContain(dealId);
    } finally {
      await db.update(customers).set({ deletedAt: null }).where(eq(customers.id, deal.customerId));
    }
  });
});
