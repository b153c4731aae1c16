/**
 * Retention metrics: churn and retention rates for a period, repeat-purchase rate, and the monthly
 * acquisition-cohort retention matrix.
 */
import { monthIndex, monthIndexToIso, type TimeInput, toDay } from './dates';
import { type Transaction, TransactionTable, toTransactionTable } from './summary';

/** Customer retention rate over a period: (E − N) / S, customers at end, new in period, at start. */
export function retentionRate({ start, end, acquired }: { start: number; end: number; acquired: number }): number {
  if (start <= 0) throw new RangeError('start must be > 0');
  return (end - acquired) / start;
}

/** Churn rate over a period: customers lost / customers at the start. */
export function churnRate({ start, lost }: { start: number; lost: number }): number {
  if (start <= 0) throw new RangeError('start must be > 0');
  return lost / start;
}

/** Share of customers with more than one order, among customers with at least one. */
export function repeatPurchaseRate(customers: readonly { orders: number }[]): number {
  const buyers = customers.filter((c) => c.orders > 0);
  if (buyers.length === 0) return 0;
  return buyers.filter((c) => c.orders > 1).length / buyers.length;
}

export type Cohort = {
  /** Month of the customers' first purchase, 'YYYY-MM'. */
  cohort: string;
  size: number;
  /** active[m]: customers of the cohort who bought in month m after acquisition (m = 0 is the first month). */
  active: number[];
  /** active[m] / size; rates[0] is 1. */
  rates: number[];
};

/**
 * Monthly acquisition cohorts: customers grouped by the calendar month (UTC) of their first
 * purchase; for each later month up to asOf's month, the share who bought in that month.
 * Transactions after asOf are ignored. Months are calendar months, so the last column of every
 * cohort is the (possibly partial) month containing asOf.
 */
export function cohortRetention(
  input: Iterable<Transaction> | TransactionTable,
  { asOf }: { asOf: TimeInput },
): Cohort[] {
  const g = (input instanceof TransactionTable ? input : toTransactionTable(input)).group();
  const asOfDay = toDay(asOf);
  const lastMonth = monthIndex(asOfDay);
  const cohorts = new Map<number, { size: number; active: number[] }>();
  for (let c = 0; c < g.customerIds.length; c++) {
    const start = g.offsets[c];
    const end = g.offsets[c + 1];
    if (end === start || g.days[start] > asOfDay) continue;
    const first = monthIndex(g.days[start]);
    let cohort = cohorts.get(first);
    if (!cohort) {
      cohort = { size: 0, active: new Array<number>(lastMonth - first + 1).fill(0) };
      cohorts.set(first, cohort);
    }
    cohort.size++;
    let previous = -1;
    for (let i = start; i < end && g.days[i] <= asOfDay; i++) {
      const offset = monthIndex(g.days[i]) - first;
      if (offset !== previous) cohort.active[offset]++;
      previous = offset;
    }
  }
  return [...cohorts.entries()]
    .sort(([a], [b]) => a - b)
    .map(([month, { size, active }]) => ({
      cohort: monthIndexToIso(month),
      size,
      active,
      rates: active.map((v) => v / size),
    }));
}

/** One cell set of cohortRetentionBy: customers of `group` acquired in `cohort`, active per month since. */
export type GroupedCohort = { group: number; cohort: string; size: number; active: number[] };

/**
 * cohortRetention split by a group of each customer (e.g. an index into owner × country × kind):
 * the same rules (first purchase month, then one count per month with a purchase, nothing after
 * asOf), one row per (group, cohort). Summing a cohort's rows over all groups gives cohortRetention.
 * `groupOf` gets the customer id and returns a non-negative integer.
 */
export function cohortRetentionBy(
  input: Iterable<Transaction> | TransactionTable,
  { asOf, groupOf }: { asOf: TimeInput; groupOf: (customerId: string) => number },
): GroupedCohort[] {
  const g = (input instanceof TransactionTable ? input : toTransactionTable(input)).group();
  const asOfDay = toDay(asOf);
  const lastMonth = monthIndex(asOfDay);
  const cells = new Map<string, { group: number; month: number; size: number; active: number[] }>();
  for (let c = 0; c < g.customerIds.length; c++) {
    const start = g.offsets[c];
    const end = g.offsets[c + 1];
    if (end === start || g.days[start] > asOfDay) continue;
    const first = monthIndex(g.days[start]);
    const group = groupOf(g.customerIds[c]);
    const key = `${group}|${first}`;
    let cell = cells.get(key);
    if (!cell) {
      cell = { group, month: first, size: 0, active: new Array<number>(lastMonth - first + 1).fill(0) };
      cells.set(key, cell);
    }
    cell.size++;
    let previous = -1;
    for (let i = start; i < end && g.days[i] <= asOfDay; i++) {
      const offset = monthIndex(g.days[i]) - first;
      if (offset !== previous) cell.active[offset]++;
      previous = offset;
    }
  }
  return [...cells.values()]
    .sort((a, b) => a.group - b.group || a.month - b.month)
    .map(({ group, month, size, active }) => ({ group, cohort: monthIndexToIso(month), size, active }));
}
