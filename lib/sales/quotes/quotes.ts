import 'server-only';
import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { db, type Tx } from '@/db/client';
import { QUOTE_NUMBER_DIGITS, QUOTE_NUMBER_PREFIX, QUOTE_NUMBER_SEQUENCE } from '@/db/quote-numbering';
import { customers, deals, orders, products, quoteItems, quotes, users } from '@/db/schema';
import type { Result } from '@/lib/action-state';
import { audit } from '@/lib/audit/audit';
import { can, type Viewer } from '@/lib/auth/permissions';
import { likePattern } from '@/lib/customers/filters';
import { liveCustomer } from '@/lib/customers/visibility';
import { countCapped } from '@/lib/pagination';
import { visibleDeals, visibleQuotes, writableQuotes } from '@/lib/sales/visibility';
import {
  type CreateQuoteInput,
  QUOTE_PAGE_SIZE,
  type QuoteDecisionInput,
  type QuoteFilter,
  type QuoteStatus,
  type UpdateQuoteInput,
} from './schemas';
import { type OverallDiscount, quoteTotals, totalsFit } from './totals';

// Quotes are made from a deal (its customer, currency and owner) and follow it: whoever may read
// the deal reads its quotes, whoever may change it changes them (lib/sales/visibility.ts). Totals
// are computed here from the lines (./totals.ts, exact decimals) and never taken from the client.
// A sent quote whose valid-until date has passed reads as expired (effectiveStatus), whether or not
// the nightly job (./expire.ts) has written it yet; it can no longer be accepted.

/** The status a reader sees: a sent quote past its valid-until date is expired. */
export const effectiveStatus = sql<QuoteStatus>`(case when ${quotes.status} = 'sent' and ${quotes.validUntil} < current_date
  then 'expired' else ${quotes.status}::text end)`;

export type QuoteListRow = {
  id: string;
  number: string;
  title: string | null;
  status: QuoteStatus;
  customerId: string;
  customerName: string;
  dealId: string | null;
  dealName: string | null;
  ownerName: string | null;
  validUntil: string | null;
  total: string;
  currency: string;
  createdAt: Date;
};

function statusCondition(status: QuoteStatus): SQL {
  if (status === 'sent') return sql`${quotes.status} = 'sent' and not (${quotes.validUntil} < current_date)`;
  if (status === 'expired')
    return sql`(${quotes.status} = 'expired' or (${quotes.status} = 'sent' and ${quotes.validUntil} < current_date))`;
  return eq(quotes.status, status);
}

export async function listQuotes(
  viewer: Viewer,
  filter: QuoteFilter,
): Promise<{ rows: QuoteListRow[]; total: number; totalExact: boolean }> {
  if (!can(viewer, 'quotes:read')) return { rows: [], total: 0, totalExact: true };
  const conditions: SQL[] = [visibleQuotes(viewer)];
  if (filter.status) conditions.push(statusCondition(filter.status));
  const seesTeam = viewer.role === 'admin' || viewer.role === 'manager';
  if (seesTeam && filter.owner)
    conditions.push(eq(quotes.ownerId, filter.owner === 'me' ? viewer.userId : filter.owner));
  if (filter.customer) conditions.push(sql`${customers.name} ilike ${likePattern(filter.customer)}`);
  const where = and(...conditions);
  const [list, total] = await Promise.all([
    db
      .select({
        id: quotes.id,
        number: quotes.number,
        title: quotes.title,
        status: effectiveStatus,
        customerId: quotes.customerId,
        customerName: customers.name,
        dealId: quotes.dealId,
        dealName: deals.name,
        ownerName: users.name,
        validUntil: quotes.validUntil,
        total: quotes.total,
        currency: quotes.currency,
        createdAt: quotes.createdAt,
      })
      .from(quotes)
      .innerJoin(customers, eq(customers.id, quotes.customerId))
      .leftJoin(deals, eq(deals.id, quotes.dealId))
      .leftJoin(users, eq(users.id, quotes.ownerId))
      .where(where)
      .orderBy(desc(quotes.createdAt), desc(quotes.id))
      .limit(QUOTE_PAGE_SIZE)
      .offset((filter.page - 1) * QUOTE_PAGE_SIZE),
    countCapped(
      db,
      // customer_id is not null and a foreign key: the join only matters to the name filter.
      filter.customer
        ? db
            .select({ id: quotes.id })
            .from(quotes)
            .innerJoin(customers, eq(customers.id, quotes.customerId))
            .where(where)
        : db.select({ id: quotes.id }).from(quotes).where(where),
    ),
  ]);
  return { rows: list, total: total.value, totalExact: total.exact };
}

export type QuoteItemRow = {
  id: string;
  productId: string | null;
  sku: string | null;
  description: string;
  quantity: string;
  unitPrice: string;
  discountPct: string;
  lineTotal: string;
};

export type QuoteDetail = QuoteListRow & {
  notes: string | null;
  subtotal: string;
  discount: string;
  discountPct: string | null;
  taxRate: string;
  tax: string;
  sentAt: Date | null;
  decidedAt: Date | null;
  version: number;
  customerEmail: string | null;
  customerAddress: string[];
  items: QuoteItemRow[];
  /** The viewer may edit (a draft), send, accept or reject it. */
  canWrite: boolean;
  /** The order its acceptance created. */
  order: { id: string; number: string } | null;
};

export async function getQuote(viewer: Viewer, id: string): Promise<QuoteDetail | null> {
  if (!can(viewer, 'quotes:read')) return null;
  const [row] = await db
    .select({
      id: quotes.id,
      number: quotes.number,
      title: quotes.title,
      status: effectiveStatus,
      customerId: quotes.customerId,
      customerName: customers.name,
      customerEmail: customers.email,
      street: customers.street,
      city: customers.city,
      postalCode: customers.postalCode,
      region: customers.region,
      country: customers.country,
      dealId: quotes.dealId,
      dealName: deals.name,
      ownerName: users.name,
      validUntil: quotes.validUntil,
      total: quotes.total,
      currency: quotes.currency,
      createdAt: quotes.createdAt,
      notes: quotes.notes,
      subtotal: quotes.subtotal,
      discount: quotes.discount,
      discountPct: quotes.discountPct,
      taxRate: quotes.taxRate,
      tax: quotes.tax,
      sentAt: quotes.sentAt,
      decidedAt: quotes.decidedAt,
      version: quotes.version,
      canWrite: sql<boolean>`${writableQuotes(viewer)}`,
    })
    .from(quotes)
    .innerJoin(customers, eq(customers.id, quotes.customerId))
    .leftJoin(deals, eq(deals.id, quotes.dealId))
    .leftJoin(users, eq(users.id, quotes.ownerId))
    .where(and(eq(quotes.id, id), visibleQuotes(viewer)));
  if (!row) return null;
  const [items, [order]] = await Promise.all([
    db
      .select({
        id: quoteItems.id,
        productId: quoteItems.productId,
        sku: products.sku,
        description: quoteItems.description,
        quantity: quoteItems.quantity,
        unitPrice: quoteItems.unitPrice,
        discountPct: quoteItems.discountPct,
        lineTotal: quoteItems.lineTotal,
      })
      .from(quoteItems)
      .leftJoin(products, eq(products.id, quoteItems.productId))
      .where(eq(quoteItems.quoteId, id))
      .orderBy(asc(quoteItems.position), asc(quoteItems.id)),
    db.select({ id: orders.id, number: orders.number }).from(orders).where(eq(orders.quoteId, id)),
  ]);
  const { street, city, postalCode, region, country, ...rest } = row;
  const place = [postalCode, city].filter(Boolean).join(' ');
  return {
    ...rest,
    customerAddress: [street, place, region, country].filter((s): s is string => Boolean(s)),
    items,
    order: order ?? null,
  };
}

export type QuoteDeal = {
  id: string;
  name: string;
  customerId: string;
  customerName: string;
  currency: string;
  ownerName: string | null;
};

/** The deal a new quote is made from, if the viewer may change it and it is open. */
export async function getDealForQuote(viewer: Viewer, dealId: string): Promise<QuoteDeal | null> {
  if (!can(viewer, 'quotes:write')) return null;
  const [row] = await db
    .select({
      id: deals.id,
      name: deals.name,
      customerId: deals.customerId,
      customerName: customers.name,
      currency: deals.currency,
      ownerName: users.name,
    })
    .from(deals)
    .innerJoin(customers, eq(customers.id, deals.customerId))
    .leftJoin(users, eq(users.id, deals.ownerId))
    .where(and(eq(deals.id, dealId), writableDeal(viewer), eq(deals.status, 'open'), liveCustomer()));
  return row ?? null;
}

/** Deals the viewer may quote on: visible and theirs to change (reps their own; managers and admins any). */
function writableDeal(viewer: Viewer): SQL {
  if (!can(viewer, 'quotes:write')) return sql`false`;
  const visible = visibleDeals(viewer);
  return viewer.role === 'sales_rep' ? (and(visible, eq(deals.ownerId, viewer.userId)) as SQL) : visible;
}

type Computed = {
  values: {
    subtotal: string;
    discount: string;
    discountPct: string | null;
    tax: string;
    taxRate: string;
    total: string;
  };
  lines: (typeof quoteItems.$inferInsert)[];
};

/**
 * The stored numbers of a quote from what the editor sent, or why they cannot be stored: the
 * discount exceeds the subtotal, or a line or total is beyond numeric(14,2).
 */
function compute(
  quoteId: string,
  input: CreateQuoteInput | UpdateQuoteInput,
): Computed | 'discountTooLarge' | 'amountTooLarge' {
  const discount: OverallDiscount = { kind: input.discountKind, value: input.discountValue };
  let totals: ReturnType<typeof quoteTotals>;
  try {
    totals = quoteTotals(input.lines, discount, input.taxRate);
  } catch (e) {
    if (e instanceof RangeError) return 'discountTooLarge';
    throw e;
  }
  if (!totalsFit(totals)) return 'amountTooLarge';
  return {
    values: {
      subtotal: totals.subtotal,
      discount: totals.discount,
      discountPct: input.discountKind === 'percent' ? input.discountValue : null,
      tax: totals.tax,
      taxRate: input.taxRate,
      total: totals.total,
    },
    lines: input.lines.map((l, k) => ({
      quoteId,
      productId: l.productId,
      description: l.description,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      discountPct: l.discountPct,
      lineTotal: totals.lines[k],
      position: k,
    })),
  };
}

/** Every product a quote names exists (the editor offers active ones; a removed one is refused). */
async function productsExist(tx: Tx, input: CreateQuoteInput | UpdateQuoteInput): Promise<boolean> {
  const ids = [...new Set(input.lines.map((l) => l.productId).filter((id): id is string => id !== null))];
  if (ids.length === 0) return true;
  const found = await tx.select({ id: products.id }).from(products).where(inArray(products.id, ids));
  return found.length === ids.length;
}

type SaveReason = 'forbidden' | 'notFound' | 'stale' | 'invalid' | 'discountTooLarge' | 'amountTooLarge' | 'dealClosed';

/** A draft quote for a deal the viewer may change: the deal's customer, currency and owner; a new number. */
export async function createQuote(
  viewer: Viewer,
  input: CreateQuoteInput,
): Promise<Result<{ id: string }, SaveReason>> {
  if (!can(viewer, 'quotes:write')) return { ok: false, reason: 'forbidden' };
  return db.transaction(async (tx) => {
    const [deal] = await tx
      .select({
        id: deals.id,
        customerId: deals.customerId,
        ownerId: deals.ownerId,
        currency: deals.currency,
        status: deals.status,
      })
      .from(deals)
      .innerJoin(customers, eq(customers.id, deals.customerId))
      .where(and(eq(deals.id, input.dealId), visibleDeals(viewer), liveCustomer()));
    if (!deal) return { ok: false, reason: 'notFound' } as const;
    if (viewer.role === 'sales_rep' && deal.ownerId !== viewer.userId)
      return { ok: false, reason: 'forbidden' } as const;
    if (deal.status !== 'open') return { ok: false, reason: 'dealClosed' } as const;
    if (!(await productsExist(tx, input))) return { ok: false, reason: 'invalid' } as const;
    const id = crypto.randomUUID();
    const computed = compute(id, input);
    if (typeof computed === 'string') return { ok: false, reason: computed } as const;
    const [created] = await tx
      .insert(quotes)
      .values({
        id,
        number: sql`${QUOTE_NUMBER_PREFIX}::text || lpad(nextval(${QUOTE_NUMBER_SEQUENCE}::regclass)::text, ${QUOTE_NUMBER_DIGITS}::int, '0')`,
        dealId: deal.id,
        customerId: deal.customerId,
        ownerId: deal.ownerId ?? viewer.userId,
        currency: deal.currency,
        title: input.title,
        notes: input.notes,
        validUntil: input.validUntil,
        ...computed.values,
      })
      .returning({ id: quotes.id, number: quotes.number });
    await tx.insert(quoteItems).values(computed.lines);
    await audit(tx, viewer, {
      action: 'create',
      entity: 'quote',
      entityId: created.id,
      diff: { number: created.number, dealId: deal.id, total: computed.values.total },
    });
    return { ok: true, id: created.id } as const;
  });
}

/** Locks a quote the viewer may see, for a change; null when missing or hidden. */
async function lockQuote(tx: Tx, viewer: Viewer, id: string) {
  const [row] = await tx
    .select({
      id: quotes.id,
      number: quotes.number,
      status: quotes.status,
      version: quotes.version,
      dealId: quotes.dealId,
      customerId: quotes.customerId,
      ownerId: quotes.ownerId,
      currency: quotes.currency,
      total: quotes.total,
      expired: sql<boolean>`coalesce(${quotes.validUntil} < current_date, false)`,
      writable: sql<boolean>`${writableQuotes(viewer)}`,
    })
    .from(quotes)
    .where(and(eq(quotes.id, id), visibleQuotes(viewer)))
    .for('update', { of: quotes });
  return row ?? null;
}
export type LockedQuote = NonNullable<Awaited<ReturnType<typeof lockQuote>>>;
export { lockQuote };

/** Saves a draft's fields and lines (replacing them), checked against the version the user saw. */
export async function updateQuote(
  viewer: Viewer,
  input: UpdateQuoteInput,
): Promise<Result<{ id: string }, SaveReason>> {
  if (!can(viewer, 'quotes:write')) return { ok: false, reason: 'forbidden' };
  return db.transaction(async (tx) => {
    const quote = await lockQuote(tx, viewer, input.id);
    if (!quote) return { ok: false, reason: 'notFound' } as const;
    if (!quote.writable) return { ok: false, reason: 'forbidden' } as const;
    if (quote.version !== input.version || quote.status !== 'draft') return { ok: false, reason: 'stale' } as const;
    if (!(await productsExist(tx, input))) return { ok: false, reason: 'invalid' } as const;
    const computed = compute(quote.id, input);
    if (typeof computed === 'string') return { ok: false, reason: computed } as const;
    await tx
      .update(quotes)
      .set({
        title: input.title,
        notes: input.notes,
        validUntil: input.validUntil,
        ...computed.values,
        updatedAt: sql`now()`,
        version: sql`${quotes.version} + 1`,
      })
      .where(and(eq(quotes.id, quote.id), eq(quotes.version, input.version)));
    await tx.delete(quoteItems).where(eq(quoteItems.quoteId, quote.id));
    await tx.insert(quoteItems).values(computed.lines);
    await audit(tx, viewer, {
      action: 'update',
      entity: 'quote',
      entityId: quote.id,
      diff: { total: [quote.total, computed.values.total], lines: input.lines.length },
    });
    return { ok: true, id: quote.id } as const;
  });
}

type DecisionReason = 'forbidden' | 'notFound' | 'stale' | 'quoteExpired';

/** draft → sent, or sent → rejected: one status step, checked against the version the user saw. */
export async function decideQuote(
  viewer: Viewer,
  input: QuoteDecisionInput,
  to: 'sent' | 'rejected',
): Promise<Result<{ id: string }, DecisionReason>> {
  if (!can(viewer, 'quotes:write')) return { ok: false, reason: 'forbidden' };
  return db.transaction(async (tx) => {
    const quote = await lockQuote(tx, viewer, input.id);
    if (!quote) return { ok: false, reason: 'notFound' } as const;
    if (!quote.writable) return { ok: false, reason: 'forbidden' } as const;
    const from = to === 'sent' ? 'draft' : 'sent';
    if (quote.version !== input.version || quote.status !== from) return { ok: false, reason: 'stale' } as const;
    // A quote cannot go out already expired; an expired one may still be marked rejected.
    if (to === 'sent' && quote.expired) return { ok: false, reason: 'quoteExpired' } as const;
    await tx
      .update(quotes)
      .set({
        status: to,
        ...(to === 'sent' ? { sentAt: sql`now()` } : { decidedAt: sql`now()` }),
        updatedAt: sql`now()`,
        version: sql`${quotes.version} + 1`,
      })
      .where(and(eq(quotes.id, quote.id), eq(quotes.version, input.version)));
    await audit(tx, viewer, {
      action: to === 'sent' ? 'send' : 'reject',
      entity: 'quote',
      entityId: quote.id,
      diff: { status: [from, to] },
    });
    return { ok: true, id: quote.id } as const;
  });
}

/** Quotes of a deal, for the deal page (another helper's): number, status, total. */
export async function listDealQuotes(viewer: Viewer, dealId: string): Promise<QuoteListRow[]> {
  if (!can(viewer, 'quotes:read')) return [];
  return db
    .select({
      id: quotes.id,
      number: quotes.number,
      title: quotes.title,
      status: effectiveStatus,
      customerId: quotes.customerId,
      customerName: customers.name,
      dealId: quotes.dealId,
      dealName: deals.name,
      ownerName: users.name,
      validUntil: quotes.validUntil,
      total: quotes.total,
      currency: quotes.currency,
      createdAt: quotes.createdAt,
    })
    .from(quotes)
    .innerJoin(customers, eq(customers.id, quotes.customerId))
    .leftJoin(deals, eq(deals.id, quotes.dealId))
    .leftJoin(users, eq(users.id, quotes.ownerId))
    .where(and(eq(quotes.dealId, dealId), visibleQuotes(viewer)))
    .orderBy(desc(quotes.createdAt))
    .limit(100);
}

/**
 * A few open deals the viewer may quote on (for /quotes/new without a deal), most recently changed
 * first; with `q`, only those whose name or customer's name contains it.
 */
export async function listQuotableDeals(
  viewer: Viewer,
  { q, limit = 20 }: { q?: string; limit?: number } = {},
): Promise<QuoteDeal[]> {
  if (!can(viewer, 'quotes:write')) return [];
  const pattern = q ? likePattern(q) : null;
  return db
    .select({
      id: deals.id,
      name: deals.name,
      customerId: deals.customerId,
      customerName: customers.name,
      currency: deals.currency,
      ownerName: users.name,
    })
    .from(deals)
    .innerJoin(customers, eq(customers.id, deals.customerId))
    .leftJoin(users, eq(users.id, deals.ownerId))
    .where(
      and(
        writableDeal(viewer),
        eq(deals.status, 'open'),
        liveCustomer(),
        pattern ? sql`(${deals.name} ilike ${pattern} or ${customers.name} ilike ${pattern})` : sql`true`,
      ),
    )
    .orderBy(desc(deals.updatedAt), desc(deals.id))
    .limit(limit);
}
