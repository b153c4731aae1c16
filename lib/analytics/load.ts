import 'server-only';
import { type SQL, sql } from 'drizzle-orm';
import { TransactionTable } from '@/analytics';
import { rows } from '@/db/rows';
import { customers, orderItems, orders, settings } from '@/db/schema';
import type { Db, Tx } from '@/db/types';
import { liveCustomer } from '@/lib/customers/visibility';
import type { AnalyticsSettings } from './compute';

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

export type OrderHistory = { table: TransactionTable; orderCount: number };

/**
 * Counted orders of live customers up to asOf (and from the window start), into the library's
 * column store. PostgreSQL packs each customer's orders into one text of `day:cents` pairs, so 1M
 * orders arrive as 100k rows and are parsed straight into typed arrays, never one object per order.
 * Customers come in id order and each one's orders sorted by day and amount, so the same history
 * always gives the same table (k-means and floating-point sums depend on the order), whatever order
 * a parallel scan delivered them in.
 */
export async function loadOrderHistory(executor: Db | Tx, range: Range, parts = 1): Promise<OrderHistory> {
  // PostgreSQL 15 cannot run string_agg in parallel workers, so the aggregate runs on one core; on
  // PostgreSQL `parts` queries over disjoint ranges of customer ids run on as many connections.
  const bounds = uuidRangeBounds(parts);
  const results = await Promise.all(bounds.map(([lo, hi]) => loadPart(executor, range, lo, hi)));
  const found = results.flat();
  const table = new TransactionTable();
  let orderCount = 0;
  let days = new Int32Array(64);
  let amounts = new Int32Array(64);
  let order = new Int32Array(64);
  for (const r of found) {
    let n = 0;
    parsePairs(r.tx, (d, c) => {
      if (n === days.length) {
        days = grow(days);
        amounts = grow(amounts);
        order = new Int32Array(days.length);
      }
      days[n] = d;
      amounts[n++] = c;
    });
    for (let i = 0; i < n; i++) order[i] = i;
    const idx = order.subarray(0, n).sort((a, b) => days[a] - days[b] || amounts[a] - amounts[b]);
    for (const i of idx) table.addDay(r.id, days[i], amounts[i] / 100);
    orderCount += n;
  }
  return { table, orderCount };
}

/** [from, to) bounds splitting the uuid space into `parts` equal ranges (null: open end). */
export function uuidRangeBounds(parts: number): [string | null, string | null][] {
  const at = (k: number) => {
    const hex = Math.floor((k * 0x100000000) / parts)
      .toString(16)
      .padStart(8, '0');
    return `${hex}-0000-0000-0000-000000000000`;
  };
  return Array.from({ length: parts }, (_, k) => [k === 0 ? null : at(k), k === parts - 1 ? null : at(k + 1)]);
}

async function loadPart(executor: Db | Tx, range: Range, lo: string | null, hi: string | null) {
  const day = orderDay(range.timeZone);
  const ids = sql.join(
    [
      lo ? sql`${orders.customerId} >= ${lo}::uuid` : sql`true`,
      hi ? sql`${orders.customerId} < ${hi}::uuid` : sql`true`,
    ],
    sql` and `,
  );
  return rows<{ id: string; tx: string }>(
    executor,
    sql`select ${customers.id}::text as id, per.tx
        from (select ${orders.customerId} as customer_id,
                     string_agg((${day} - date '1970-01-01')::text || ':' || round(${orders.total} * 100)::bigint::text, ',') as tx
              from ${orders} where ${countedOrder} and ${inRange(range)} and ${ids}
              group by ${orders.customerId}) per
        join ${customers} on ${customers.id} = per.customer_id
        where ${liveCustomer()}
        order by ${customers.id}`,
  );
}

const grow = (a: Int32Array) => {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
};

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
 * Product ids of each of the most recent counted sales of live customers in the range (one array
 * per order with at least one product line), for basket rules: a return is no basket.
 */
export async function loadBaskets(executor: Db | Tx, range: Range, limit = BASKET_ORDERS): Promise<string[][]> {
  const found = await rows<{ items: string }>(
    executor,
    sql`with recent as (
          select ${orders.id} as id from ${orders} join ${customers} on ${customers.id} = ${orders.customerId}
          where ${liveCustomer()} and ${countedOrder} and ${orders.kind} = 'sale' and ${inRange(range)}
          order by ${orders.orderedAt} desc, ${orders.id} desc
          limit ${limit})
        select string_agg(distinct ${orderItems.productId}::text, ',') as items
        from ${orderItems} join recent on recent.id = ${orderItems.orderId}
        where ${orderItems.productId} is not null
        group by ${orderItems.orderId}
        order by ${orderItems.orderId}`,
  );
  return found.map((r) => r.items.split(','));
}
