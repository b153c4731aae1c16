import 'server-only';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { columnName, rows } from '@/db/rows';
import { customers, orderImportRejections, orderItems, orders, products } from '@/db/schema';
import type { OrderImportCounts, OrderImportSettings } from '@/db/schema/order-imports';
import { auditMany } from '@/lib/audit/audit';
import type { Viewer } from '@/lib/auth/permissions';
import { canEditCustomer, liveCustomer } from '@/lib/customers/visibility';
import type { PreparedLine, Rejection } from './assemble';
import type { RowError } from './lines';
import { arrayLiteral, columnList, unnestColumns } from './sql';
import { formatScaled, MAX_MONEY_CENTS, MONEY_SCALE, orderNumberCandidates, parseScaled } from './values';

/**
 * Writes one chunk of prepared lines in the caller's transaction, with a few set-based statements
 * whatever the chunk's size: customers and products found (or created) in bulk, new orders and
 * their lines inserted from arrays (unnest), each (order, line number) written once (a re-run
 * finds its lines unchanged), and the totals of the orders it touched recomputed from their lines.
 */

export type Customer = { id: string; ownerId: string | null };

/** What earlier chunks of the same run looked up: customers and products are read once per import. */
export type ImportCaches = {
  /** Normalised external id → the live customer, or 'missing'. */
  byExternalId: Map<string, Customer | 'missing'>;
  /** Lower-cased email → the live customers with it. */
  byEmail: Map<string, Customer[]>;
  products: Map<string, string>;
};

export const emptyCaches = (): ImportCaches => ({ byExternalId: new Map(), byEmail: new Map(), products: new Map() });

export type ChunkContext = {
  importId: string;
  viewer: Viewer;
  settings: OrderImportSettings;
  caches: ImportCaches;
};

export type ChunkCounts = Omit<OrderImportCounts, 'rowsRead'>;

export const zeroCounts = (): OrderImportCounts => ({
  rowsRead: 0,
  linesCreated: 0,
  linesUpdated: 0,
  linesUnchanged: 0,
  rowsRejected: 0,
  guestRows: 0,
  guestRowsSkipped: 0,
  ordersCreated: 0,
  returnsCreated: 0,
  customersCreated: 0,
  productsCreated: 0,
});

type Line = PreparedLine & { customer: Customer | null };
type Existing = {
  id: string;
  kind: string;
  customerId: string | null;
  ownerId: string | null;
  orderedAt: Date;
  /** Cents. */
  total: bigint;
};

export async function writeChunk(
  tx: Tx,
  ctx: ChunkContext,
  prepared: readonly PreparedLine[],
  rejectedBefore: readonly Rejection[],
): Promise<ChunkCounts> {
  const counts: ChunkCounts = { ...zeroCounts() };
  const rejections = new Map<number, Rejection>();
  for (const r of rejectedBefore) rejections.set(r.row, r);
  const reject = (l: PreparedLine, field: RowError['field'], reason: string, skipped = false) => {
    if (!rejections.has(l.row))
      rejections.set(l.row, { row: l.row, skipped, reasons: [{ field, reason }], cells: l.cells });
  };
  const live = () => prepared.filter((l) => !rejections.has(l.row));

  // 1. Orders of these numbers already in the CRM (an earlier chunk, run or file): lines that leave
  //    the date or customer empty take them from there.
  const existing = await loadExisting(tx, [...new Set(prepared.map((l) => l.orderNo))]);
  const known = new Map<PreparedLine, Customer | null>();
  for (const l of prepared) {
    const found =
      existing.get(`${l.kind}:${l.orderNo}`) ?? existing.get(`${l.kind === 'sale' ? 'return' : 'sale'}:${l.orderNo}`);
    if (!found) continue;
    if (l.orderedAt === null) l.orderedAt = found.orderedAt;
    if (l.customerId === null && l.customerEmail === null)
      known.set(l, found.customerId ? { id: found.customerId, ownerId: found.ownerId } : null);
  }
  for (const l of prepared) if (l.orderedAt === null) reject(l, 'orderedAt', 'required');

  // 2. Customers: by external id, else email; created when the user chose so.
  await resolveCustomers(tx, ctx, live(), counts);
  const lines: Line[] = [];
  for (const l of live()) {
    let customer: Customer | null;
    if (known.has(l)) customer = known.get(l)!;
    else if (l.customerId === null && l.customerEmail === null) customer = null;
    else {
      const found = customerOf(ctx.caches, l);
      if (found === 'missing') {
        reject(l, l.customerId !== null ? 'customerId' : 'customerEmail', 'customerNotFound');
        continue;
      }
      if (found === 'ambiguous') {
        reject(l, 'customerEmail', 'ambiguousEmail');
        continue;
      }
      customer = found;
    }
    if (customer === null) {
      if (l.lineNo !== 0) counts.guestRows++;
      if (!ctx.settings.guestOrders) {
        if (l.lineNo !== 0) counts.guestRowsSkipped++;
        reject(l, 'customerId', 'noCustomer', true);
        continue;
      }
    } else if (!canEditCustomer(ctx.viewer, customer)) {
      reject(l, l.customerId !== null ? 'customerId' : 'customerEmail', 'customerNotYours');
      continue;
    }
    lines.push({ ...l, customer });
  }

  // 3. Each line joins its order (kind + number): an existing one, or a new one headed by its first line.
  const heads = new Map<string, Line>();
  const accepted: Line[] = [];
  for (const l of lines) {
    const key = `${l.kind}:${l.orderNo}`;
    const stored = existing.get(key);
    const customerId = stored ? stored.customerId : (heads.get(key)?.customer?.id ?? null);
    const head = heads.get(key);
    if ((stored || head) && customerId !== (l.customer?.id ?? null)) {
      reject(l, 'customerId', 'orderCustomerMismatch');
      continue;
    }
    if (!stored && !head) heads.set(key, l);
    accepted.push(l);
  }

  // 3b. An order's total must fit its money column: a line that would push it over is rejected.
  const fitting = await withinOrderLimit(tx, existing, accepted, (l) => reject(l, 'orderNo', 'orderTooLarge'));
  accepted.length = 0;
  accepted.push(...fitting);

  // 4. Products by SKU, created from the line's description when new.
  await resolveProducts(tx, ctx, accepted, counts);

  // 5. New orders, with numbers nobody has.
  const orderIds = new Map<string, string>();
  for (const [key, stored] of existing) orderIds.set(key, stored.id);
  const storedIds = new Set([...existing.values()].map((o) => o.id));
  const fresh = [...heads.entries()].filter(([key]) => !existing.has(key));
  if (fresh.length) {
    const totals = new Map<string, bigint>();
    for (const l of accepted) {
      const key = `${l.kind}:${l.orderNo}`;
      if (!existing.has(key)) totals.set(key, (totals.get(key) ?? 0n) + l.cents);
    }
    const created = await insertOrders(tx, ctx, fresh, totals);
    for (const [key, id] of created.ids) orderIds.set(key, id);
    for (const key of created.noNumber)
      for (const l of accepted) if (`${l.kind}:${l.orderNo}` === key) reject(l, 'orderNo', 'numberTaken');
    counts.ordersCreated += created.sales;
    counts.returnsCreated += created.returns;
  }

  // 6. The lines: each (order, line number) once; a re-run finds them unchanged.
  const written = accepted.filter((l) => orderIds.has(`${l.kind}:${l.orderNo}`));
  if (written.length) {
    const cols = [
      orderItems.orderId,
      orderItems.lineNo,
      orderItems.productId,
      orderItems.quantity,
      orderItems.unitPrice,
      orderItems.lineTotal,
    ];
    const set = cols.slice(2);
    // One row back per order (not per line): how many of its lines were inserted or changed.
    const result = await rows<{ order_id: string; inserted: number; changed: number }>(
      tx,
      sql`with written as (
            insert into ${orderItems} ${columnList(cols)}
            ${unnestColumns(cols, [
              written.map((l) => orderIds.get(`${l.kind}:${l.orderNo}`)),
              written.map((l) => l.lineNo),
              written.map((l) => (l.sku ? (ctx.caches.products.get(l.sku) ?? null) : null)),
              written.map((l) => l.quantity),
              written.map((l) => l.unitPrice),
              written.map((l) => l.lineTotal),
            ])}
            on conflict (${columnName(orderItems.orderId)}, ${columnName(orderItems.lineNo)}) do update set
              ${sql.join(
                set.map((c) => sql`${columnName(c)} = excluded.${columnName(c)}`),
                sql`, `,
              )}
            where (${sql.join(
              set.map((c) => sql`${c}`),
              sql`, `,
            )}) is distinct from (${sql.join(
              set.map((c) => sql`excluded.${columnName(c)}`),
              sql`, `,
            )})
            returning ${columnName(orderItems.orderId)} as order_id, (xmax = 0) as inserted)
          select order_id, count(*) filter (where inserted)::int as inserted, count(*)::int as changed
          from written group by order_id`,
    );
    let changed = 0;
    const recompute: string[] = [];
    for (const r of result) {
      counts.linesCreated += r.inserted;
      counts.linesUpdated += r.changed - r.inserted;
      changed += r.changed;
      if (storedIds.has(r.order_id)) recompute.push(r.order_id);
    }
    counts.linesUnchanged += written.length - changed;
    // 7. Totals. A new order was inserted with the sum of its lines; an order that existed before
    //    (an earlier chunk or run) and got new or changed lines is summed again from all its lines.
    //    A return's lines are negative, so its total is too, and a customer's summed totals are
    //    revenue net of returns.
    if (recompute.length)
      await tx.execute(sql`
        update ${orders} set ${columnName(orders.total)} = s.total
        from (select ${orderItems.orderId} as order_id, sum(${orderItems.lineTotal}) as total from ${orderItems}
              where ${orderItems.orderId} = any(${sql.param(recompute)}::uuid[]) group by ${orderItems.orderId}) s
        where ${orders.id} = s.order_id and ${orders.total} <> s.total`);
  }

  // 8. The report's rows, and the audit of what changed.
  const report = [...rejections.values()];
  counts.rowsRejected += report.filter((r) => !r.skipped).length;
  if (report.length) {
    const cols = [
      orderImportRejections.importId,
      orderImportRejections.row,
      orderImportRejections.skipped,
      orderImportRejections.reasons,
      orderImportRejections.cells,
    ];
    await tx.execute(sql`insert into ${orderImportRejections} ${columnList(cols)}
      ${unnestColumns(cols, [
        report.map(() => ctx.importId),
        report.map((r) => r.row),
        report.map((r) => r.skipped),
        report.map((r) => JSON.stringify(r.reasons)),
        // PostgreSQL text holds no NUL (a UTF-16 file sent as UTF-8 is full of them): shown as U+FFFD.
        report.map((r) => arrayLiteral(r.cells.map((c) => c.replaceAll('\u0000', '\uFFFD')))),
      ])}
      on conflict do nothing`);
  }
  return counts;
}

async function loadExisting(tx: Tx, numbers: string[]): Promise<Map<string, Existing>> {
  if (numbers.length === 0) return new Map();
  const found = await rows<{
    id: string;
    kind: string;
    external_id: string;
    customer_id: string | null;
    owner_id: string | null;
    ordered_at: string | Date;
    total: string;
  }>(
    tx,
    sql`select ${orders.id} as id, ${orders.kind} as kind, ${orders.externalId} as external_id,
               ${orders.customerId} as customer_id, ${customers.ownerId} as owner_id, ${orders.orderedAt} as ordered_at,
               ${orders.total}::text as total
        from ${orders} left join ${customers} on ${customers.id} = ${orders.customerId}
        where ${orders.externalId} = any(${sql.param(numbers)}::text[])`,
  );
  return new Map(
    found.map((o) => [
      `${o.kind}:${o.external_id}`,
      {
        id: o.id,
        kind: o.kind,
        customerId: o.customer_id,
        ownerId: o.owner_id,
        orderedAt: new Date(o.ordered_at),
        total: parseScaled(o.total, MONEY_SCALE) ?? 0n,
      },
    ]),
  );
}

const abs = (v: bigint) => (v < 0n ? -v : v);

/**
 * The lines whose order total stays within numeric(14,2), in file order; `reject` gets the others.
 * A sale's lines are all positive and a return's all negative, so |stored total| + Σ|lines| bounds
 * the new total: only an order past that bound (a rare, huge one) costs a query for the exact sum
 * of its lines that this chunk does not rewrite.
 */
async function withinOrderLimit(
  tx: Tx,
  existing: Map<string, Existing>,
  lines: readonly Line[],
  reject: (l: Line) => void,
): Promise<Line[]> {
  const bound = new Map<string, bigint>();
  for (const l of lines) {
    const key = `${l.kind}:${l.orderNo}`;
    bound.set(key, (bound.get(key) ?? abs(existing.get(key)?.total ?? 0n)) + abs(l.cents));
  }
  const over = [...bound].filter(([, b]) => b > MAX_MONEY_CENTS).map(([key]) => key);
  if (over.length === 0) return [...lines];
  const base = new Map<string, bigint>();
  const stored = over.filter((key) => existing.has(key));
  if (stored.length) {
    const rewritten = lines.filter((l) => stored.includes(`${l.kind}:${l.orderNo}`));
    const kept = await rows<{ order_id: string; total: string }>(
      tx,
      sql`select ${orderItems.orderId} as order_id, sum(${orderItems.lineTotal})::text as total from ${orderItems}
          where ${orderItems.orderId} = any(${sql.param(stored.map((k) => existing.get(k)!.id))}::uuid[])
            and not exists (select 1 from unnest(${sql.param(rewritten.map((l) => existing.get(`${l.kind}:${l.orderNo}`)!.id))}::uuid[],
                                                 ${sql.param(rewritten.map((l) => l.lineNo))}::int[]) as w(order_id, line_no)
                            where w.order_id = ${orderItems.orderId} and w.line_no = ${orderItems.lineNo})
          group by ${orderItems.orderId}`,
    );
    const byId = new Map(kept.map((r) => [r.order_id, parseScaled(r.total, MONEY_SCALE) ?? 0n]));
    for (const key of stored) base.set(key, byId.get(existing.get(key)!.id) ?? 0n);
  }
  const running = new Map<string, bigint>();
  const out: Line[] = [];
  for (const l of lines) {
    const key = `${l.kind}:${l.orderNo}`;
    if (!over.includes(key)) {
      out.push(l);
      continue;
    }
    const next = (running.get(key) ?? base.get(key) ?? 0n) + l.cents;
    if (abs(next) > MAX_MONEY_CENTS) {
      reject(l);
      continue;
    }
    running.set(key, next);
    out.push(l);
  }
  return out;
}

function customerOf(caches: ImportCaches, l: PreparedLine): Customer | 'missing' | 'ambiguous' {
  if (l.customerId !== null) {
    const byId = caches.byExternalId.get(l.customerId);
    if (byId && byId !== 'missing') return byId;
    if (l.customerEmail === null) return 'missing';
  }
  const byEmail = caches.byEmail.get(l.customerEmail!) ?? [];
  if (byEmail.length > 1) return 'ambiguous';
  return byEmail[0] ?? 'missing';
}

/** Fills the caches for the lines' customers (one query for all not seen before), creating missing ones if chosen. */
async function resolveCustomers(tx: Tx, ctx: ChunkContext, lines: readonly PreparedLine[], counts: ChunkCounts) {
  const { byExternalId, byEmail } = ctx.caches;
  const ids = [
    ...new Set(lines.map((l) => l.customerId).filter((v): v is string => v !== null && !byExternalId.has(v))),
  ];
  const emails = [
    ...new Set(lines.map((l) => l.customerEmail).filter((v): v is string => v !== null && !byEmail.has(v))),
  ];
  if (ids.length || emails.length) {
    // "17850" in the file also finds a customer stored as "17850.0" (an earlier import of the float).
    const forms = ids.flatMap((id) => (/^\d+$/.test(id) ? [id, `${id}.0`] : [id]));
    const found = await rows<{ id: string; owner_id: string | null; external_id: string | null; email: string | null }>(
      tx,
      sql`select ${customers.id} as id, ${customers.ownerId} as owner_id, ${customers.externalId} as external_id,
                 lower(${customers.email}) as email
          from ${customers}
          where ${liveCustomer()} and (${customers.externalId} = any(${sql.param(forms)}::text[])
                or lower(${customers.email}) = any(${sql.param(emails)}::text[]))`,
    );
    for (const id of ids) byExternalId.set(id, 'missing');
    for (const e of emails) byEmail.set(e, []);
    for (const c of found) {
      const customer = { id: c.id, ownerId: c.owner_id };
      if (c.external_id !== null) {
        const key = c.external_id.replace(/^(\d+)\.0+$/, '$1');
        // An exact match wins over a float-looking twin.
        if (ids.includes(key) && (byExternalId.get(key) === 'missing' || c.external_id === key))
          byExternalId.set(key, customer);
      }
      if (c.email !== null && emails.includes(c.email)) byEmail.get(c.email)!.push(customer);
    }
  }
  if (!ctx.settings.createCustomers) return;

  // Customers the file names and the CRM has not: one per external id (else email), named from the file.
  const wanted = new Map<string, PreparedLine>();
  for (const l of lines) {
    if (l.customerId === null && l.customerEmail === null) continue;
    if (customerOf(ctx.caches, l) !== 'missing') continue;
    const key = l.customerId !== null ? `id:${l.customerId}` : `email:${l.customerEmail}`;
    if (!wanted.has(key)) wanted.set(key, l);
  }
  if (wanted.size === 0) return;
  const news = [...wanted.values()];
  const cols = [
    customers.id,
    customers.kind,
    customers.name,
    customers.email,
    customers.externalId,
    customers.country,
    customers.ownerId,
  ];
  const idsNew = news.map(() => randomUUID());
  const names = news.map((l) => (l.customerName ?? l.customerEmail ?? `Customer ${l.customerId}`).slice(0, 200));
  const created = await rows<{ id: string }>(
    tx,
    sql`insert into ${customers} ${columnList(cols)}
        ${unnestColumns(cols, [
          idsNew,
          news.map(() => 'company'),
          names,
          news.map((l) => l.customerEmail),
          news.map((l) => l.customerId),
          news.map((l) => l.country),
          news.map(() => ctx.viewer.userId),
        ])}
        on conflict (${columnName(customers.externalId)}) do nothing
        returning ${columnName(customers.id)} as id`,
  );
  const createdIds = new Set(created.map((c) => c.id));
  const entries = [];
  for (const [i, l] of news.entries()) {
    // Not created: a deleted or merged customer holds the external id; its rows stay "not found".
    if (!createdIds.has(idsNew[i])) continue;
    const customer = { id: idsNew[i], ownerId: ctx.viewer.userId };
    if (l.customerId !== null) byExternalId.set(l.customerId, customer);
    else byEmail.set(l.customerEmail!, [customer]);
    entries.push({
      action: 'create',
      entity: 'customer',
      entityId: idsNew[i],
      diff: {
        name: names[i],
        externalId: l.customerId,
        email: l.customerEmail,
        country: l.country,
        orderImport: ctx.importId,
        row: l.row,
      },
    });
  }
  counts.customersCreated += entries.length;
  await auditMany(tx, ctx.viewer, entries);
}

/** Fills the product cache for the lines' SKUs; a SKU the CRM has not becomes a product named from the line. */
async function resolveProducts(tx: Tx, ctx: ChunkContext, lines: readonly PreparedLine[], counts: ChunkCounts) {
  const cache = ctx.caches.products;
  const firstOf = new Map<string, PreparedLine>();
  for (const l of lines) if (l.sku !== null && !cache.has(l.sku) && !firstOf.has(l.sku)) firstOf.set(l.sku, l);
  if (firstOf.size === 0) return;
  const skus = [...firstOf.keys()];
  const lookup = async () => {
    const found = await rows<{ id: string; sku: string }>(
      tx,
      sql`select ${products.id} as id, ${products.sku} as sku from ${products}
          where ${products.sku} = any(${sql.param(skus)}::text[])`,
    );
    for (const p of found) cache.set(p.sku, p.id);
  };
  await lookup();
  const missing = skus.filter((s) => !cache.has(s)).map((s) => firstOf.get(s)!);
  if (missing.length === 0) return;
  const cols = [products.sku, products.name, products.unitPrice, products.currency];
  const created = await rows<{ id: string; sku: string }>(
    tx,
    sql`insert into ${products} ${columnList(cols)}
        ${unnestColumns(cols, [
          missing.map((l) => l.sku),
          missing.map((l) => l.description ?? l.sku),
          missing.map((l) => l.unitPrice),
          missing.map((l) => l.currency ?? ctx.settings.currency),
        ])}
        on conflict (${columnName(products.sku)}) do nothing
        returning ${columnName(products.id)} as id, ${columnName(products.sku)} as sku`,
  );
  for (const p of created) cache.set(p.sku, p.id);
  counts.productsCreated += created.length;
  if (created.length < missing.length) await lookup(); // created meanwhile by another import
}

/** Inserts the new orders, each with the total of its lines in this chunk, with free numbers; returns their ids by key. */
async function insertOrders(
  tx: Tx,
  ctx: ChunkContext,
  fresh: [string, Line][],
  totals: Map<string, bigint>,
): Promise<{ ids: Map<string, string>; noNumber: string[]; sales: number; returns: number }> {
  const candidates = fresh.map(([, l]) => orderNumberCandidates(l.kind, l.orderNo));
  const taken = new Set(
    (
      await rows<{ number: string }>(
        tx,
        sql`select ${orders.number} as number from ${orders} where ${orders.number} = any(${sql.param(candidates.flat())}::text[])`,
      )
    ).map((r) => r.number),
  );
  const ids = new Map<string, string>();
  const noNumber: string[] = [];
  const values: { key: string; id: string; number: string; l: Line }[] = [];
  fresh.forEach(([key, l], i) => {
    const number = candidates[i].find((n) => !taken.has(n));
    if (!number) {
      noNumber.push(key);
      return;
    }
    taken.add(number);
    values.push({ key, id: randomUUID(), number, l });
  });
  if (values.length === 0) return { ids, noNumber, sales: 0, returns: 0 };
  const cols = [
    orders.id,
    orders.number,
    orders.kind,
    orders.externalId,
    orders.customerId,
    orders.ownerId,
    orders.status,
    orders.orderedAt,
    orders.currency,
    orders.total,
  ];
  const inserted = await rows<{ id: string }>(
    tx,
    sql`insert into ${orders} ${columnList(cols)}
        ${unnestColumns(cols, [
          values.map((v) => v.id),
          values.map((v) => v.number),
          values.map((v) => v.l.kind),
          values.map((v) => v.l.orderNo),
          values.map((v) => v.l.customer?.id ?? null),
          values.map((v) => v.l.customer?.ownerId ?? ctx.viewer.userId),
          values.map((v) => orderStatus(v.l)),
          values.map((v) => v.l.orderedAt!.toISOString()),
          values.map((v) => v.l.currency ?? ctx.settings.currency),
          values.map((v) => formatScaled(totals.get(v.key) ?? 0n, MONEY_SCALE)),
        ])}
        on conflict (${columnName(orders.kind)}, ${columnName(orders.externalId)}) do nothing
        returning ${columnName(orders.id)} as id`,
  );
  const insertedIds = new Set(inserted.map((r) => r.id));
  let sales = 0;
  let returns = 0;
  for (const v of values) {
    if (!insertedIds.has(v.id)) continue; // another import wrote it meanwhile: its lines wait for a re-run
    ids.set(v.key, v.id);
    if (v.l.kind === 'sale') sales++;
    else returns++;
  }
  return { ids, noNumber, sales, returns };
}

/**
 * A sale keeps the file's status (paid when it has none). A return is 'paid' (the money went back),
 * so it counts wherever order totals are summed and nets revenue; a voided one is 'cancelled'.
 */
function orderStatus(l: Line): string {
  if (l.kind === 'return') return l.status === 'cancelled' ? 'cancelled' : 'paid';
  return l.status ?? 'paid';
}
