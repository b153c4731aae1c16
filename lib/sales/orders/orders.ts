import 'server-only';
import { and, asc, desc, eq, type SQL, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { customers, deals, orderItems, orders, products, quotes, users } from '@/db/schema';
import { audit } from '@/lib/audit/audit';
import { can, type Viewer } from '@/lib/auth/permissions';
import { CSV_BOM, csvRecord } from '@/lib/csv/write';
import { likePattern } from '@/lib/customers/filters';
import { countCapped } from '@/lib/pagination';
import { visibleOrders, visibleQuotes } from '@/lib/sales/visibility';
import type { OrderFilter } from './filters';

// The orders list (the house data table: filtered, sorted and paged in SQL), its CSV export and
// the order page. Imported orders and orders made by accepting a quote are rows of the same table;
// visibleOrders decides who reads which (reps: theirs and their customers'; agents: their queue's
// customers'; marketers none).

export type OrderListRow = {
  id: string;
  number: string;
  kind: 'sale' | 'return';
  status: string;
  orderedAt: Date;
  customerId: string | null;
  customerName: string | null;
  ownerName: string | null;
  total: string;
  currency: string;
  fromQuote: boolean;
};

const SORT_COLUMNS = { orderedAt: orders.orderedAt, total: orders.total, number: orders.number } as const;

/** The list's WHERE: the viewer's visibility first (never optional), then the filters. */
export function orderWhere(viewer: Viewer, filter: Partial<OrderFilter>): SQL {
  const conditions: SQL[] = [visibleOrders(viewer)];
  if (filter.status) conditions.push(eq(orders.status, filter.status));
  if (filter.kind) conditions.push(eq(orders.kind, filter.kind));
  if (filter.from) conditions.push(sql`${orders.orderedAt} >= ${filter.from}::date`);
  if (filter.to) conditions.push(sql`${orders.orderedAt} < ${filter.to}::date + 1`);
  if (filter.customer) conditions.push(sql`${customers.name} ilike ${likePattern(filter.customer)}`);
  const seesTeam = viewer.role === 'admin' || viewer.role === 'manager';
  if (seesTeam && filter.owner === 'me') conditions.push(eq(orders.ownerId, viewer.userId));
  else if (seesTeam && filter.owner === 'none') conditions.push(sql`${orders.ownerId} is null`);
  else if (seesTeam && filter.owner) conditions.push(eq(orders.ownerId, filter.owner));
  return and(...conditions) as SQL;
}

const listColumns = {
  id: orders.id,
  number: orders.number,
  kind: orders.kind,
  status: orders.status,
  orderedAt: orders.orderedAt,
  customerId: orders.customerId,
  customerName: customers.name,
  ownerName: users.name,
  total: orders.total,
  currency: orders.currency,
  fromQuote: sql<boolean>`${orders.quoteId} is not null`,
};

export async function listOrders(
  viewer: Viewer,
  filter: OrderFilter,
): Promise<{ rows: OrderListRow[]; total: number; totalExact: boolean }> {
  if (!can(viewer, 'orders:read')) return { rows: [], total: 0, totalExact: true };
  const where = orderWhere(viewer, filter);
  const column = SORT_COLUMNS[filter.sort];
  const order = filter.dir === 'asc' ? [asc(column), asc(orders.id)] : [desc(column), desc(orders.id)];
  const base = db.select({ id: orders.id }).from(orders);
  const [list, total] = await Promise.all([
    db
      .select(listColumns)
      .from(orders)
      .leftJoin(customers, eq(customers.id, orders.customerId))
      .leftJoin(users, eq(users.id, orders.ownerId))
      .where(where)
      .orderBy(...order)
      .limit(filter.size)
      .offset((filter.page - 1) * filter.size),
    countCapped(
      db,
      filter.customer ? base.leftJoin(customers, eq(customers.id, orders.customerId)).where(where) : base.where(where),
    ),
  ]);
  return { rows: list, total: total.value, totalExact: total.exact };
}

export type OrderItemRow = {
  id: string;
  lineNo: number | null;
  productId: string | null;
  sku: string | null;
  productName: string | null;
  quantity: string;
  unitPrice: string;
  lineTotal: string;
};

export type OrderDetail = OrderListRow & {
  externalId: string | null;
  dealId: string | null;
  dealName: string | null;
  /** The quote it was made from, when the viewer may read it (number shown either way). */
  quote: { id: string; number: string; subtotal: string; discount: string; tax: string; visible: boolean } | null;
  items: OrderItemRow[];
  /** The customer's later returns of this order's products (a return is its own row, not linked to a sale). */
  returns: { id: string; number: string; orderedAt: Date; total: string }[];
};

export async function getOrder(viewer: Viewer, id: string): Promise<OrderDetail | null> {
  if (!can(viewer, 'orders:read')) return null;
  const [row] = await db
    .select({
      ...listColumns,
      externalId: orders.externalId,
      dealId: orders.dealId,
      dealName: deals.name,
      quoteId: orders.quoteId,
      quoteNumber: quotes.number,
      subtotal: quotes.subtotal,
      discount: quotes.discount,
      tax: quotes.tax,
      quoteVisible: sql<boolean>`coalesce(${visibleQuotes(viewer)}, false)`,
    })
    .from(orders)
    .leftJoin(customers, eq(customers.id, orders.customerId))
    .leftJoin(users, eq(users.id, orders.ownerId))
    .leftJoin(deals, eq(deals.id, orders.dealId))
    .leftJoin(quotes, eq(quotes.id, orders.quoteId))
    .where(and(eq(orders.id, id), visibleOrders(viewer)));
  if (!row) return null;
  const { quoteId, quoteNumber, subtotal, discount, tax, quoteVisible, ...rest } = row;
  const [items, returns] = await Promise.all([
    db
      .select({
        id: orderItems.id,
        lineNo: orderItems.lineNo,
        productId: orderItems.productId,
        sku: products.sku,
        productName: products.name,
        quantity: orderItems.quantity,
        unitPrice: orderItems.unitPrice,
        lineTotal: orderItems.lineTotal,
      })
      .from(orderItems)
      .leftJoin(products, eq(products.id, orderItems.productId))
      .where(eq(orderItems.orderId, id))
      .orderBy(asc(orderItems.lineNo), asc(orderItems.id))
      .limit(500),
    // Returns are their own rows (an import gives them their own numbers), not linked to a sale:
    // those of this customer, after this order, naming one of its products, are the likely ones.
    row.kind === 'sale' && row.customerId
      ? db
          .select({ id: orders.id, number: orders.number, orderedAt: orders.orderedAt, total: orders.total })
          .from(orders)
          .where(
            and(
              eq(orders.kind, 'return'),
              eq(orders.customerId, row.customerId),
              sql`${orders.orderedAt} >= ${row.orderedAt.toISOString()}::timestamptz`,
              sql`exists (select 1 from ${orderItems} r join ${orderItems} s on s.product_id = r.product_id
                          where r.order_id = ${orders.id} and s.order_id = ${id})`,
              visibleOrders(viewer),
            ),
          )
          .orderBy(asc(orders.orderedAt))
          .limit(20)
      : Promise.resolve([]),
  ]);
  return {
    ...rest,
    // The deal's name only for someone who may read deals (the link is checked on the deal page too).
    dealName: can(viewer, 'deals:read') ? rest.dealName : null,
    quote:
      quoteId && quoteNumber
        ? {
            id: quoteId,
            number: quoteNumber,
            subtotal: subtotal!,
            discount: discount!,
            tax: tax!,
            visible: quoteVisible,
          }
        : null,
    items,
    returns,
  };
}

export const ORDER_EXPORT_HEADERS = [
  'number',
  'kind',
  'status',
  'ordered_at',
  'customer',
  'owner',
  'currency',
  'total',
  'quote',
] as const;

/**
 * The filtered list as CSV (UTF-8 with a BOM, cells neutralised against formula injection), newest
 * first, read in keyset batches on (ordered_at, id) so a million orders never sit in memory; the
 * export is audited before the first row leaves.
 */
export async function exportOrders(
  viewer: Viewer,
  filter: OrderFilter,
  batchSize = 2000,
): Promise<ReadableStream<Uint8Array> | 'forbidden'> {
  if (!can(viewer, 'orders:read')) return 'forbidden';
  const where = orderWhere(viewer, filter);
  const { page: _p, size: _s, sort: _o, dir: _d, ...described } = filter;
  await audit(db, viewer, { action: 'export', entity: 'order', entityId: 'list', diff: { filter: described } });
  const encoder = new TextEncoder();
  let last: { at: string; id: string } | null = null;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(CSV_BOM + csvRecord(ORDER_EXPORT_HEADERS)));
    },
    async pull(controller) {
      const after = last
        ? sql`(${orders.orderedAt}, ${orders.id}) < (${last.at}::timestamptz, ${last.id}::uuid)`
        : sql`true`;
      const batch = await db
        .select({
          id: orders.id,
          at: sql<string>`${orders.orderedAt}::text`,
          number: orders.number,
          kind: orders.kind,
          status: orders.status,
          orderedAt: orders.orderedAt,
          customer: customers.name,
          owner: users.email,
          currency: orders.currency,
          total: orders.total,
          quote: quotes.number,
        })
        .from(orders)
        .leftJoin(customers, eq(customers.id, orders.customerId))
        .leftJoin(users, eq(users.id, orders.ownerId))
        .leftJoin(quotes, eq(quotes.id, orders.quoteId))
        .where(and(where, after))
        .orderBy(desc(orders.orderedAt), desc(orders.id))
        .limit(batchSize);
      if (batch.length)
        controller.enqueue(
          encoder.encode(
            batch
              .map((r) =>
                csvRecord([
                  r.number,
                  r.kind,
                  r.status,
                  r.orderedAt.toISOString(),
                  r.customer,
                  r.owner,
                  r.currency,
                  r.total,
                  r.quote,
                ]),
              )
              .join(''),
          ),
        );
      if (batch.length < batchSize) controller.close();
      else last = { at: batch[batch.length - 1].at, id: batch[batch.length - 1].id };
    },
  });
}
