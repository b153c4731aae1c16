import 'server-only';
import { getTableName, type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import { type GroupedTransactions, TransactionTable } from '@/analytics';
import { rows } from '@/db/rows';
import { customers, orderItems, orders, settings } from '@/db/schema';
import type { Db, Tx } from '@/db/types';
import { customerNotDeleted } from '@/lib/customers/visibility';
import type { AnalyticsSettings } from './compute';
import { copyOut } from './copy-out';
import { BinaryOrderReader, DayCalendar, OrderRows } from './order-rows';
import type { BasketText } from './tasks';

/** Basket rules read this many of the most recent orders: plenty for pair statistics, cheap to load. */
export const BASKET_ORDERS = 50_000;
/** The seed of k-means (and anything else random): fixed, so an unchanged history gives the same snapshot. */
const SEED = 1;

/**
 * Orders that count: cancelled and refunded orders do not, as on the Customer 360 page (a sale
 * refunded in full is left out entirely). A return (kind 'return', from the order-line import) has
 * a negative total and counts: the library nets it against the purchases before it, so spend is
 * net of returns and a return is never a purchase.
 */
export const countedOrder: SQL = sql`${orders.status} not in ('cancelled', 'refunded')`;

/** The analytics settings and the company time zone (days are calendar days there). */
export async function readAnalyticsSettings(
  executor: Db | Tx,
): Promise<{ settings: AnalyticsSettings; timeZone: string }> {
  const [row] = await executor
    .select({
      margin: settings.clvMargin,
      annual: settings.clvAnnualDiscountRate,
      horizonMonths: settings.clvHorizonMonths,
      acquisitionCost: settings.clvAcquisitionCost,
      unit: settings.analyticsTimeUnit,
      windowMonths: settings.rfmWindowMonths,
      timeZone: settings.timeZone,
    })
    .from(settings);
  const annual = Number(row?.annual ?? 0.1);
  return {
    timeZone: row?.timeZone ?? 'UTC',
    settings: {
      margin: Number(row?.margin ?? 1),
      // Settings hold the annual rate people quote; the model discounts monthly.
      monthlyDiscountRate: (1 + annual) ** (1 / 12) - 1,
      horizonMonths: row?.horizonMonths ?? 12,
      unit: row?.unit === 'week' ? 'week' : 'day',
      windowMonths: row?.windowMonths ?? null,
      acquisitionCost: Number(row?.acquisitionCost ?? 0),
      seed: SEED,
    },
  };
}

/** First day (inclusive, 'YYYY-MM-DD') of a window of `months` calendar months ending on asOf. */
export function windowStart(asOf: string, months: number | null): string | null {
  if (months === null) return null;
  const [y, m, d] = asOf.split('-').map(Number);
  // The same day `months` earlier (the month's last day if it has no such day), then the day after.
  const lastOfMonth = new Date(Date.UTC(y, m - months, 0)).getUTCDate();
  const start = new Date(Date.UTC(y, m - 1 - months, Math.min(d, lastOfMonth) + 1));
  return start.toISOString().slice(0, 10);
}

type Range = { asOf: string; from: string | null; timeZone: string };

/** The order's calendar day in the company time zone, as a SQL date. */
const orderDay = (timeZone: string) => sql`(${orders.orderedAt} at time zone ${timeZone})::date`;

function inRange({ asOf, from, timeZone }: Range): SQL {
  const day = orderDay(timeZone);
  return from ? sql`${day} <= ${asOf}::date and ${day} >= ${from}::date` : sql`${day} <= ${asOf}::date`;
}

export type OrderHistory = {
  table: TransactionTable;
  /** The table's grouped arrays (in SharedArrayBuffers when loaded for another thread too). */
  grouped: GroupedTransactions;
  orderCount: number;
};

const customerOrder = sql`${orders.customerId} is not null and ${customerNotDeleted(orders.customerId)}`;

/**
 * Counted orders of live customers in the range (the one rule both loaders apply). A guest order
 * (no customer) is no customer's history; "live" is checked against the few deleted customers.
 */
function historyFilter(range: Range): SQL {
  return sql`${countedOrder} and ${inRange(range)} and ${customerOrder}`;
}

/**
 * Counted orders of live customers up to asOf (and from the window start), into the library's
 * column store, on PostgreSQL: one binary `COPY (select customer, ordered_at, total …) TO STDOUT`
 * per connection, each over its share of the table's pages in one shared snapshot, read straight into typed arrays as the
 * bytes arrive (copy-out.ts, OrderRows), never one object or string per order. The server only
 * filters and sends the stored values: the day of each order (in the company's time zone, from the
 * day boundaries PostgreSQL computes for it once, see dayCalendar) and its cents are worked out
 * here, which halves the server's time. Customers are put in id order and each one's orders by
 * day and amount, so the same history always gives the same table (k-means and floating-point
 * sums depend on the order) whatever order the scans delivered rows in.
 */
export async function copyOrderHistory(
  executor: Db | Tx,
  connections: pg.Client | pg.Client[],
  range: Range,
  { shared = false, lockTimeout = LOAD_LOCK_TIMEOUT }: { shared?: boolean; lockTimeout?: string } = {},
): Promise<OrderHistory> {
  if (!/^\d+(ms|s)$/.test(lockTimeout)) throw new Error(`not a lock timeout: ${lockTimeout}`);
  const clients = Array.isArray(connections) ? connections : [connections];
  const [calendar, expected] = await Promise.all([dayCalendar(executor, range), plannerEstimates(executor)]);
  const asOfDay = Date.parse(`${range.asOf}T00:00:00Z`) / 86_400_000;
  // Instants as literals: microseconds since 1970 (exact), the ends of the range of local days.
  const instant = (micros: number) => sql`(timestamptz 'epoch' + ${micros} * interval '1 microsecond')`;
  const inWindow = sql.join(
    [
      sql`${orders.orderedAt} < ${instant(calendar.start(asOfDay + 1))}`,
      range.from
        ? sql`${orders.orderedAt} >= ${instant(calendar.start(Date.parse(`${range.from}T00:00:00Z`) / 86_400_000))}`
        : sql`true`,
    ],
    sql` and `,
  );
  const rows = new OrderRows(expected);
  // One snapshot for every connection: the first exports its snapshot and the others take it, so
  // the shares add up to the history of one moment (an order moved to another page by an update
  // in between is read once, not twice or never).
  const [first, ...others] = clients;
  // Each share holds its lock on orders until all are read (the transactions end together). A
  // schema change queued on orders after one share's first read and before another's would wait
  // for the first, and the second for it, while the first waits, idle, for the second: for ever,
  // as the server sees no cycle. lock_timeout ends that wait, failing the run (the previous
  // snapshot stays current) instead of holding orders and the refresh lock.
  const begin = async (client: pg.Client) => {
    await client.query('begin isolation level repeatable read read only');
    await client.query(`set local lock_timeout = '${lockTimeout}'`);
  };
  await begin(first);
  try {
    if (others.length > 0) {
      const id = (await first.query<{ id: string }>('select pg_export_snapshot() as id')).rows[0].id;
      if (!/^[0-9A-F-]+$/i.test(id)) throw new Error(`unexpected snapshot id ${id}`);
      await Promise.all(
        others.map(async (client) => {
          await begin(client);
          await client.query(`set transaction snapshot '${id}'`);
        }),
      );
    }
    // Each connection scans its share of the table's pages (a TID range scan reads only those),
    // the last share open-ended: the server's work is split, not repeated with a filter.
    const pages = (
      await first.query<{ pages: string }>(
        `select (pg_relation_size('${getTableName(orders)}') / current_setting('block_size')::int)::text as pages`,
      )
    ).rows[0].pages;
    const bounds = pageRangeBounds(Number(pages), clients.length);
    // Every share settled before the transactions end (a rollback queued behind a running COPY
    // would wait for it anyway), then the first failure, if any.
    const shares = await Promise.allSettled(
      clients.map(async (client, k) => {
        const [lo, hi] = bounds[k];
        const share = sql.join(
          [
            lo !== null ? sql.raw(`ctid >= '(${lo},0)'::tid`) : sql`true`,
            hi !== null ? sql.raw(`ctid < '(${hi},0)'::tid`) : sql`true`,
          ],
          sql` and `,
        );
        // COPY takes no parameters: the bounds go in as literals.
        const query = inlineQuery(
          sql`copy (select ${orders.customerId}, ${orders.orderedAt}, ${orders.total} from ${orders}
                    where ${share} and ${countedOrder} and ${inWindow} and ${customerOrder})
              to stdout (format binary)`,
        );
        const reader = new BinaryOrderReader(rows, calendar);
        await copyOut(client, query, (buffer, start, end) => reader.push(buffer, start, end));
        reader.end();
      }),
    );
    for (const share of shares) if (share.status === 'rejected') throw share.reason;
  } finally {
    // Read only: commit and rollback are the same (and a failed transaction rolls back either way).
    await Promise.all(clients.map((client) => client.query('rollback').catch(() => {})));
  }
  const grouped = rows.group({ shared });
  return { table: TransactionTable.fromGrouped(grouped), grouped, orderCount: rows.rows };
}

/** How long a share of the history's load waits for a lock on the tables it reads. */
export const LOAD_LOCK_TIMEOUT = '10s';

/** The planner's row estimates of orders and customers (no scan): room to reserve for the history. */
async function plannerEstimates(executor: Db | Tx): Promise<{ rows: number; customers: number }> {
  const [row] = await rows<{ orders: number; customers: number }>(
    executor,
    sql`select greatest((select reltuples from pg_class where oid = to_regclass(${getTableName(orders)})), 0)::float8 as orders,
               greatest((select reltuples from pg_class where oid = to_regclass(${getTableName(customers)})), 0)::float8 as customers`,
  );
  // Capped (the whole table's rows, of every kind and date, may be far more than the history's):
  // an estimate is a guess, and the arrays grow when it was low.
  return { rows: Math.min(row?.orders ?? 0, 8_000_000), customers: Math.min(row?.customers ?? 0, 2_000_000) };
}

/**
 * When each local day of the company's time zone begins, as PostgreSQL has it (`day::timestamp at
 * time zone tz`), from the day before the first order (or the window start) to the day after asOf:
 * a thousand-odd rows that turn every order's instant into its day as the server would.
 */
export async function dayCalendar(executor: Db | Tx, { asOf, from, timeZone }: Range): Promise<DayCalendar> {
  const first = sql`least((select (min(${orders.orderedAt}) at time zone ${timeZone})::date from ${orders}), ${from ?? asOf}::date, ${asOf}::date) - 1`;
  const found = await rows<{ day: number; start: string }>(
    executor,
    sql`select (d::date - date '1970-01-01')::int4 as day,
               (extract(epoch from (d::date::timestamp at time zone ${timeZone})) * 1000000)::int8::text as start
        from generate_series((${first})::timestamp, (${asOf}::date + 1)::timestamp, interval '1 day') d
        order by 1`,
  );
  return new DayCalendar(
    found[0].day,
    Float64Array.from(found, (r) => Number(r.start)),
  );
}

const dialect = new PgDialect();
/** SQL text with every parameter inlined as an escaped literal (for COPY, which takes none). */
function inlineQuery(query: SQL): string {
  const { sql: text, params } = dialect.sqlToQuery(query.inlineParams());
  if (params.length > 0) throw new Error('inlineQuery: a parameter was left');
  return text;
}

/**
 * The same history on PGlite (or any executor): one aggregate packs each customer's orders into a
 * text of `day:cents` pairs, customers in id order, parsed into the same arrays as copyOrderHistory.
 */
export async function loadOrderHistory(executor: Db | Tx, range: Range): Promise<OrderHistory> {
  const day = orderDay(range.timeZone);
  const found = await rows<{ id: string; tx: string }>(
    executor,
    sql`select ${orders.customerId}::text as id,
               string_agg((${day} - date '1970-01-01')::text || ':' || round(${orders.total} * 100)::bigint::text, ',') as tx
        from ${orders} where ${historyFilter(range)}
        group by ${orders.customerId}
        order by ${orders.customerId}`,
  );
  const loaded = new OrderRows();
  for (const r of found) {
    const hex = r.id.replace(/-/g, '');
    const c = loaded.customerOf(
      Number.parseInt(hex.slice(0, 8), 16),
      Number.parseInt(hex.slice(8, 16), 16),
      Number.parseInt(hex.slice(16, 24), 16),
      Number.parseInt(hex.slice(24), 16),
    );
    parsePairs(r.tx, (d, cents) => loaded.add(c, d, cents));
  }
  const grouped = loaded.group();
  return { table: TransactionTable.fromGrouped(grouped), grouped, orderCount: loaded.rows };
}

/**
 * [from, to) page numbers splitting a table of `pages` pages into `parts` shares as equal as can be
 * (null: open end, so pages added since they were counted fall in the last share).
 */
export function pageRangeBounds(pages: number, parts: number): [number | null, number | null][] {
  const at = (k: number) => Math.floor((k * pages) / parts);
  return Array.from({ length: parts }, (_, k) => [k === 0 ? null : at(k), k === parts - 1 ? null : at(k + 1)]);
}

/** Parses "day:cents,day:cents,…" (integers, cents may be negative) without building strings. */
export function parsePairs(text: string, add: (day: number, cents: number) => void): number {
  let n = 0;
  let value = 0;
  let sign = 1;
  let day = 0;
  for (let i = 0; i <= text.length; i++) {
    const ch = i < text.length ? text.charCodeAt(i) : 44;
    if (ch >= 48 && ch <= 57) value = value * 10 + (ch - 48);
    else if (ch === 45) sign = -1;
    else if (ch === 58) {
      day = sign * value;
      value = 0;
      sign = 1;
    } else if (ch === 44) {
      add(day, sign * value);
      n++;
      value = 0;
      sign = 1;
    }
  }
  return n;
}

/**
 * The product ids of each of the most recent counted sales of live customers in the range (orders
 * with at least one product line), for basket rules: a return is no basket. As one text, a line per
 * order (in order id order) of its distinct product ids separated by commas: one string for the
 * worker thread that reads it (basketLists), not an object, a string and an array per order here.
 * The recent orders come off the ordered_at index, and their lines off the order_items index in one
 * scan for the whole array of ids (a third of the time of hashing them against a scan of every
 * order line); both are index-only (migration 0035).
 */
export async function loadBaskets(executor: Db | Tx, range: Range, limit = BASKET_ORDERS): Promise<BasketText> {
  const [found] = await rows<{ orders: number; text: string }>(
    executor,
    sql`with recent as (
          select ${orders.id} as id from ${orders}
          where ${historyFilter(range)} and ${orders.kind} = 'sale'
          order by ${orders.orderedAt} desc, ${orders.id} desc
          limit ${limit}),
        baskets as (
          select ${orderItems.orderId} as order_id, string_agg(distinct ${orderItems.productId}::text, ',') as items
          from ${orderItems}
          where ${orderItems.orderId} = any(array(select id from recent)) and ${orderItems.productId} is not null
          group by ${orderItems.orderId})
        select count(*)::int as orders, coalesce(string_agg(items, E'\n' order by order_id), '') as text from baskets`,
  );
  return { orders: found?.orders ?? 0, text: found?.text ?? '' };
}
