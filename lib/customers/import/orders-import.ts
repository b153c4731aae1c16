import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import { db, type Tx } from '@/db/client';
import { customers, orderItems, orders, products, settings } from '@/db/schema';
import type { Result } from '@/lib/action-state';
import { prepareRefreshQueue, refreshAfterOrderChanges } from '@/lib/analytics/refresh-request';
import { audit } from '@/lib/audit/audit';
import { can, type Viewer } from '@/lib/auth/permissions';
import { canEditCustomer, liveCustomer } from '@/lib/customers/visibility';
import { type ChunkResult, IMPORT_LOCK } from './customers-import';
import type { ImportRow } from './read-file';
import { assertUniqueLines, type OrderRowData, type RowError, validateOrderRow } from './schemas';
import { anyText, setFromValues, valuesColumn, valuesTable } from './sql-values';
import { lineTotal, orderNumberCandidates } from './values';

type Valid = { line: number; data: OrderRowData };
type Customer = { id: string; ownerId: string | null; externalId: string | null; email: string | null };
type Item = { productId: string; quantity: string; unitPrice: string; lineTotal: string };

/**
 * Imports one chunk of order rows, each keyed by its external id (orders.external_id is unique).
 * The customer must exist and be one the viewer may edit: a sales rep imports orders only for
 * customers they own. An optional single item line names a product by SKU. Unchanged orders are
 * not written; changed ones are updated in one statement and their item line replaced.
 */
export async function importOrderChunk(
  viewer: Viewer,
  input: readonly ImportRow[],
): Promise<Result<{ chunk: ChunkResult }, 'forbidden'>> {
  if (!can(viewer, 'customers:import')) return { ok: false, reason: 'forbidden' };
  assertUniqueLines(input);
  const rejected = new Map<number, RowError[]>();
  const valid: Valid[] = [];
  const seen = new Set<string>();
  for (const row of input) {
    const result = validateOrderRow(row.values);
    if (!result.ok) rejected.set(row.line, result.errors);
    else if (seen.has(result.data.externalId)) rejected.set(row.line, [{ field: 'externalId', reason: 'duplicate' }]);
    else {
      seen.add(result.data.externalId);
      valid.push({ line: row.line, data: result.data });
    }
  }
  const counts = { created: 0, updated: 0, unchanged: 0 };

  await prepareRefreshQueue();
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${IMPORT_LOCK})`);
    const reject = (r: Valid, field: string, reason: string) => rejected.set(r.line, [{ field, reason }]);
    const customerOf = await resolveCustomers(tx, viewer, valid, reject);
    const withCustomer = valid.filter((r) => !rejected.has(r.line));
    // Sequential on purpose: one transaction is one connection (and PGlite runs one query at a time).
    const productBySku = await loadProducts(tx, withCustomer);
    const existing = await loadOrders(tx, withCustomer);
    const defaultCurrency = withCustomer.some((r) => !r.data.currency)
      ? ((await tx.select({ currency: settings.currency }).from(settings).where(eq(settings.id, 1)))[0]?.currency ??
        'USD')
      : 'USD';

    const fresh: { row: Valid; customer: Customer; item: Item | null }[] = [];
    const changed: { id: string; values: unknown[]; item: Item | null }[] = [];
    for (const r of withCustomer) {
      const customer = customerOf.get(r.line)!;
      let item: Item | null = null;
      if (r.data.sku) {
        const product = productBySku.get(r.data.sku);
        if (!product) {
          reject(r, 'sku', 'unknownSku');
          continue;
        }
        const quantity = r.data.quantity ?? '1.00';
        const unitPrice = r.data.unitPrice ?? product.unitPrice;
        item = { productId: product.id, quantity, unitPrice, lineTotal: lineTotal(quantity, unitPrice) };
        if (item.lineTotal.length > 15) {
          reject(r, 'quantity', 'amount');
          continue;
        }
      }
      const stored = existing.get(r.data.externalId);
      if (!stored) {
        fresh.push({ row: r, customer, item });
        continue;
      }
      if (stored.customerId !== customer.id) {
        reject(r, 'externalId', 'orderCustomerMismatch');
        continue;
      }
      const next = {
        orderedAt: r.data.orderedAt,
        total: r.data.total,
        currency: r.data.currency ?? stored.currency,
        status: r.data.status ?? stored.status,
      };
      const sameOrder =
        next.orderedAt.getTime() === stored.orderedAt.getTime() &&
        next.total === stored.total &&
        next.currency === stored.currency &&
        next.status === stored.status;
      const sameItem =
        !item ||
        (stored.items.length === 1 &&
          stored.items[0].productId === item.productId &&
          stored.items[0].quantity === item.quantity &&
          stored.items[0].unitPrice === item.unitPrice);
      if (sameOrder && sameItem) {
        counts.unchanged++;
        continue;
      }
      changed.push({
        id: stored.id,
        values: [stored.id, next.orderedAt.toISOString(), next.total, next.currency, next.status],
        item: sameItem ? null : item,
      });
      counts.updated++;
    }

    const numbers = await pickNumbers(
      tx,
      fresh.map((f) => f.row.data.externalId),
    );
    const newOrders: (typeof orders.$inferInsert)[] = [];
    const newItems: (typeof orderItems.$inferInsert)[] = [];
    for (const f of fresh) {
      const number = numbers.get(f.row.data.externalId);
      if (!number) {
        reject(f.row, 'externalId', 'numberTaken');
        continue;
      }
      const id = randomUUID();
      const d = f.row.data;
      newOrders.push({
        id,
        number,
        externalId: d.externalId,
        customerId: f.customer.id,
        ownerId: f.customer.ownerId ?? viewer.userId,
        orderedAt: d.orderedAt,
        total: d.total,
        currency: d.currency ?? defaultCurrency,
        status: d.status ?? 'paid',
      });
      if (f.item) newItems.push({ orderId: id, ...f.item });
      counts.created++;
    }
    const replaced = changed.filter((c) => c.item);
    for (const c of replaced) newItems.push({ orderId: c.id, ...c.item! });

    if (newOrders.length) await tx.insert(orders).values(newOrders);
    if (changed.length) {
      const columns = [orders.id, orders.orderedAt, orders.total, orders.currency, orders.status];
      await tx.execute(
        sql`update ${orders} set ${setFromValues('v', columns.slice(1))}
            from ${valuesTable(
              'v',
              columns,
              changed.map((c) => c.values),
            )} where ${orders.id} = ${valuesColumn('v', orders.id)}`,
      );
    }
    if (replaced.length)
      await tx.delete(orderItems).where(
        inArray(
          orderItems.orderId,
          replaced.map((c) => c.id),
        ),
      );
    if (newItems.length) await tx.insert(orderItems).values(newItems);
    // New or changed purchase history: the analytics snapshot is refreshed shortly after.
    if (counts.created + counts.updated > 0) await refreshAfterOrderChanges(tx);
    await audit(tx, viewer, {
      action: 'import',
      entity: 'order',
      entityId: 'import',
      diff: { ...counts, rejected: rejected.size, rows: input.length, lines: [input[0]?.line, input.at(-1)?.line] },
    });
  });

  const chunk: ChunkResult = {
    ...counts,
    rejected: [...rejected].map(([line, errors]) => ({ line, errors })).sort((a, b) => a.line - b.line),
  };
  return { ok: true, chunk };
}

/** Each row's customer by external id, else email, in one query; rows naming a missing, ambiguous or not-yours customer are rejected. */
async function resolveCustomers(
  tx: Tx,
  viewer: Viewer,
  rows: Valid[],
  reject: (r: Valid, field: string, reason: string) => void,
): Promise<Map<number, Customer>> {
  const externalIds = [...new Set(rows.map((r) => r.data.customerExternalId).filter((v): v is string => Boolean(v)))];
  const emails = [...new Set(rows.filter((r) => !r.data.customerExternalId).map((r) => r.data.customerEmail!))];
  const conditions: SQL[] = [];
  if (externalIds.length) conditions.push(anyText(customers.externalId, externalIds));
  if (emails.length) conditions.push(anyText(sql`lower(${customers.email})`, emails));
  const found = conditions.length
    ? await tx
        .select({
          id: customers.id,
          ownerId: customers.ownerId,
          externalId: customers.externalId,
          email: customers.email,
        })
        .from(customers)
        .where(and(liveCustomer(), or(...conditions)))
    : [];
  const byExternalId = new Map(found.filter((c) => c.externalId).map((c) => [c.externalId!, c]));
  const byEmail = new Map<string, Customer[]>();
  for (const c of found)
    if (c.email) byEmail.set(c.email.toLowerCase(), [...(byEmail.get(c.email.toLowerCase()) ?? []), c]);

  const result = new Map<number, Customer>();
  for (const r of rows) {
    const field = r.data.customerExternalId ? 'customerExternalId' : 'customerEmail';
    const matches = r.data.customerExternalId
      ? [byExternalId.get(r.data.customerExternalId)].filter((c): c is Customer => Boolean(c))
      : (byEmail.get(r.data.customerEmail!) ?? []);
    if (matches.length === 0) reject(r, field, 'customerNotFound');
    else if (matches.length > 1) reject(r, field, 'ambiguousEmail');
    else if (!canEditCustomer(viewer, matches[0])) reject(r, field, 'customerNotYours');
    else result.set(r.line, matches[0]);
  }
  return result;
}

async function loadProducts(tx: Tx, rows: Valid[]): Promise<Map<string, { id: string; unitPrice: string }>> {
  const skus = [...new Set(rows.map((r) => r.data.sku).filter((s): s is string => Boolean(s)))];
  if (skus.length === 0) return new Map();
  const found = await tx
    .select({ id: products.id, sku: products.sku, unitPrice: products.unitPrice })
    .from(products)
    .where(inArray(products.sku, skus));
  return new Map(found.map((p) => [p.sku, p]));
}

/** Stored orders of the chunk's external ids with their item lines: two queries. */
async function loadOrders(tx: Tx, rows: Valid[]) {
  const externalIds = rows.map((r) => r.data.externalId);
  const found = externalIds.length
    ? await tx
        .select({
          id: orders.id,
          externalId: orders.externalId,
          customerId: orders.customerId,
          orderedAt: orders.orderedAt,
          total: orders.total,
          currency: orders.currency,
          status: orders.status,
        })
        .from(orders)
        // This import writes sales; a return with the same order number (the order-line import) is another row.
        .where(and(anyText(orders.externalId, externalIds), eq(orders.kind, 'sale')))
        .for('update')
    : [];
  const items = found.length
    ? await tx
        .select({
          orderId: orderItems.orderId,
          productId: orderItems.productId,
          quantity: orderItems.quantity,
          unitPrice: orderItems.unitPrice,
        })
        .from(orderItems)
        .where(
          inArray(
            orderItems.orderId,
            found.map((o) => o.id),
          ),
        )
    : [];
  const itemsByOrder = new Map<string, typeof items>();
  for (const i of items) itemsByOrder.set(i.orderId, [...(itemsByOrder.get(i.orderId) ?? []), i]);
  return new Map(found.map((o) => [o.externalId!, { ...o, items: itemsByOrder.get(o.id) ?? [] }]));
}

/** A free order number per new external id: the candidates of all of them checked in one query. */
async function pickNumbers(tx: Tx, externalIds: string[]): Promise<Map<string, string>> {
  const candidates = new Map(externalIds.map((e) => [e, orderNumberCandidates(e)]));
  const all = [...new Set([...candidates.values()].flat())];
  const taken = new Set(
    all.length
      ? (await tx.select({ number: orders.number }).from(orders).where(anyText(orders.number, all))).map(
          (o) => o.number,
        )
      : [],
  );
  const picked = new Map<string, string>();
  for (const [externalId, options] of candidates) {
    const number = options.find((n) => !taken.has(n));
    if (number) {
      taken.add(number);
      picked.set(externalId, number);
    }
  }
  return picked;
}
