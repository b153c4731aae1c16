/**
 * Per-customer summaries of plain transactions: the order/revenue summary behind RFM, and the
 * BTYD summary (x, t_x, T) behind BG/NBD and Gamma-Gamma.
 *
 * Conventions:
 * - Amounts are plain numbers (the caller converts numeric(14,2) strings); nothing is rounded here.
 * - Days are UTC calendar days. Transactions dated after `asOf` are ignored.
 * - Returns are negative amounts. Rows of one day are netted; a day whose net is ≤ 0 is not a
 *   purchase, and what it takes back comes off the customer's latest earlier purchase day (off the
 *   one before too if that drops to ≤ 0: the purchase is undone). See PurchaseDays.
 * - BTYD: all purchases on the same day count as one purchase with their amounts summed;
 *   x = purchase days − 1 (repeat purchases); t_x = last − first purchase day and
 *   T = asOf − first purchase day, both in `unit` (days, or weeks = days / 7);
 *   meanRepeatValue = mean of the repeat purchase-day totals, excluding the first day (0 when x = 0).
 */
import { daysPerUnit, dayToIso, type TimeInput, type TimeUnit, toDay } from './dates';

export type Transaction = { customerId: string; date: TimeInput; amount: number };

/** The three numbers the BG/NBD model needs, in one time unit. */
export type BtydCustomer = { x: number; tx: number; T: number };

export type CustomerSummary = BtydCustomer & {
  customerId: string;
  /** 'YYYY-MM-DD' (UTC). */
  firstPurchase: string;
  lastPurchase: string;
  /** Transaction rows with a positive amount (the RFM frequency); returns are not orders. */
  orders: number;
  /** Spend net of returns: the sum of the purchase-day totals (the RFM monetary value). */
  revenue: number;
  /** Whole days from the last purchase to asOf. */
  recencyDays: number;
  /** Purchase days (= x + 1). */
  purchaseDays: number;
  /** Mean repeat purchase-day value (Gamma-Gamma input); 0 when x = 0. */
  meanRepeatValue: number;
};

export type SummaryOptions = { asOf: TimeInput; unit?: TimeUnit };

/**
 * Column store of transactions: customers are interned to indices and dates to UTC day numbers,
 * so a million rows cost three typed arrays instead of a million objects. The CLI and benchmark
 * fill one directly; summarizeTransactions builds one from objects.
 */
export class TransactionTable {
  readonly customerIds: string[] = [];
  private index: Map<string, number> | null = new Map<string, number>();
  private cust: Int32Array = new Int32Array(1024);
  private days: Int32Array = new Int32Array(1024);
  private amounts: Float64Array = new Float64Array(1024);
  private n = 0;
  private grouped: GroupedTransactions | null = null;

  get length(): number {
    return this.n;
  }

  add(customerId: string, date: TimeInput, amount: number): void {
    this.addDay(customerId, toDay(date), amount);
  }

  addDay(customerId: string, day: number, amount: number): void {
    if (!Number.isFinite(amount)) throw new RangeError(`amount for ${customerId} is not a number`);
    // A table made by fromGrouped interns its customers on the first add only.
    this.index ??= new Map(this.customerIds.map((id, i) => [id, i]));
    let c = this.index.get(customerId);
    if (c === undefined) {
      c = this.customerIds.length;
      this.customerIds.push(customerId);
      this.index.set(customerId, c);
    }
    if (this.n === this.cust.length) {
      const grow = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T) => {
        const b = make(Math.max(1024, a.length * 2));
        b.set(a);
        return b;
      };
      this.cust = grow(this.cust, (m) => new Int32Array(m));
      this.days = grow(this.days, (m) => new Int32Array(m));
      this.amounts = grow(this.amounts, (m) => new Float64Array(m));
    }
    this.cust[this.n] = c;
    this.days[this.n] = day;
    this.amounts[this.n] = amount;
    this.n++;
    this.grouped = null;
  }

  /**
   * A table of transactions already grouped by customer (customer c's rows are offsets[c] …
   * offsets[c + 1] − 1), as a bulk loader or another thread has them: the same table as adding the
   * rows one by one in that order. The arrays are taken as they are, not copied (they may live in a
   * SharedArrayBuffer); a customer's rows out of day order are sorted in place as group() sorts them.
   */
  static fromGrouped({ customerIds, offsets, days, amounts }: GroupedTransactions): TransactionTable {
    const customers = customerIds.length;
    const n = days.length;
    if (offsets.length !== customers + 1 || offsets[0] !== 0 || offsets[customers] !== n || amounts.length !== n)
      throw new RangeError('grouped transactions: offsets do not match the customers and rows');
    // Ids in ascending order (as a loader sorts them) cannot repeat; others are checked by hashing.
    let ascending = true;
    for (let c = 1; c < customers && ascending; c++) ascending = customerIds[c - 1] < customerIds[c];
    if (!ascending && new Set(customerIds).size !== customers)
      throw new RangeError('grouped transactions: a customer id repeats');
    const table = new TransactionTable();
    for (const id of customerIds) table.customerIds.push(id);
    table.index = null;
    const cust = new Int32Array(n);
    for (let c = 0; c < customers; c++) {
      if (offsets[c + 1] < offsets[c]) throw new RangeError('grouped transactions: offsets decrease');
      cust.fill(c, offsets[c], offsets[c + 1]);
    }
    for (let i = 0; i < n; i++)
      if (!Number.isFinite(amounts[i])) throw new RangeError(`amount for ${customerIds[cust[i]]} is not a number`);
    for (let c = 0; c < customers; c++) sortSegment(days, amounts, offsets[c], offsets[c + 1]);
    // The row columns share the grouped arrays: they are full, so a later add grows (copies) them first.
    table.cust = cust;
    table.days = days;
    table.amounts = amounts;
    table.n = n;
    table.grouped = { customerIds: table.customerIds, offsets, days, amounts };
    return table;
  }

  /** Transactions grouped by customer, each customer's sorted by day (cached until the next add). */
  group(): GroupedTransactions {
    if (this.grouped) return this.grouped;
    const customers = this.customerIds.length;
    const offsets = new Int32Array(customers + 1);
    for (let i = 0; i < this.n; i++) offsets[this.cust[i] + 1]++;
    for (let c = 0; c < customers; c++) offsets[c + 1] += offsets[c];
    const fill = offsets.slice(0, customers);
    const days = new Int32Array(this.n);
    const amounts = new Float64Array(this.n);
    for (let i = 0; i < this.n; i++) {
      const at = fill[this.cust[i]]++;
      days[at] = this.days[i];
      amounts[at] = this.amounts[i];
    }
    for (let c = 0; c < customers; c++) sortSegment(days, amounts, offsets[c], offsets[c + 1]);
    this.grouped = { customerIds: this.customerIds, offsets, days, amounts };
    return this.grouped;
  }
}

export type GroupedTransactions = {
  customerIds: readonly string[];
  /** Customer c's transactions are rows offsets[c] … offsets[c + 1] − 1. */
  offsets: Int32Array;
  days: Int32Array;
  amounts: Float64Array;
};

function sortSegment(days: Int32Array, amounts: Float64Array, start: number, end: number): void {
  let sorted = true;
  for (let i = start + 1; i < end && sorted; i++) if (days[i] < days[i - 1]) sorted = false;
  if (sorted) return;
  const idx = Array.from({ length: end - start }, (_, k) => start + k).sort((i, j) => days[i] - days[j]);
  const d = idx.map((i) => days[i]);
  const a = idx.map((i) => amounts[i]);
  days.set(d, start);
  amounts.set(a, start);
}

/** Builds a TransactionTable from transaction objects. */
export function toTransactionTable(txs: Iterable<Transaction>): TransactionTable {
  const table = new TransactionTable();
  for (const t of txs) table.add(t.customerId, t.date, t.amount);
  return table;
}

const asTable = (input: Iterable<Transaction> | TransactionTable) =>
  input instanceof TransactionTable ? input : toTransactionTable(input);

/**
 * The purchase days of one customer's rows, sorted by day (a slice of GroupedTransactions): rows
 * of one day are summed into the day's net; a day whose net is ≤ 0 is no purchase occasion, and a
 * negative net (a return) is taken off the latest earlier purchase day, and off the one before when
 * that day drops to ≤ 0 (a return undoes the purchase it returns). What finds no earlier purchase
 * in the rows given is dropped: it returns something bought before them. The buffers are reused.
 */
export class PurchaseDays {
  days: Int32Array;
  values: Float64Array;
  count = 0;

  constructor(capacity = 64) {
    this.days = new Int32Array(capacity);
    this.values = new Float64Array(capacity);
  }

  /** Fills days/values[0 … count − 1] from rows start … end − 1 of g; returns count. */
  of(g: GroupedTransactions, start: number, end: number): number {
    if (end - start > this.days.length) {
      this.days = new Int32Array(end - start);
      this.values = new Float64Array(end - start);
    }
    const { days, values } = this;
    let n = 0;
    let i = start;
    while (i < end) {
      const day = g.days[i];
      let net = 0;
      let gross = 0;
      for (; i < end && g.days[i] === day; i++) {
        net += g.amounts[i];
        gross += Math.abs(g.amounts[i]);
      }
      // Relative tolerance: 0.1 + 0.2 − 0.3 bought and returned the same day is no purchase.
      if (net > 1e-9 * gross) {
        days[n] = day;
        values[n++] = net;
        continue;
      }
      let owed = -net;
      while (owed > 1e-9 * gross && n > 0) {
        const left = values[n - 1] - owed;
        if (left > 1e-9 * values[n - 1]) {
          values[n - 1] = left;
          owed = 0;
        } else {
          owed = -left;
          n--;
        }
      }
    }
    this.count = n;
    return n;
  }
}

/**
 * One summary per customer with at least one purchase day on or before asOf, in order of first
 * appearance in the input (a customer whose purchases were all returned has none). See the file
 * comment for the BTYD conventions.
 */
export function summarizeTransactions(
  input: Iterable<Transaction> | TransactionTable,
  { asOf, unit = 'day' }: SummaryOptions,
): CustomerSummary[] {
  const g = asTable(input).group();
  const asOfDay = toDay(asOf);
  const perUnit = daysPerUnit(unit);
  const purchases = new PurchaseDays();
  const out: CustomerSummary[] = [];
  for (let c = 0; c < g.customerIds.length; c++) {
    const start = g.offsets[c];
    let end = g.offsets[c + 1];
    while (end > start && g.days[end - 1] > asOfDay) end--;
    const count = purchases.of(g, start, end);
    if (count === 0) continue;
    let orders = 0;
    for (let i = start; i < end; i++) if (g.amounts[i] > 0) orders++;
    let repeatTotal = 0;
    for (let k = 1; k < count; k++) repeatTotal += purchases.values[k];
    const revenue = purchases.values[0] + repeatTotal;
    const first = purchases.days[0];
    const last = purchases.days[count - 1];
    const x = count - 1;
    out.push({
      customerId: g.customerIds[c],
      firstPurchase: dayToIso(first),
      lastPurchase: dayToIso(last),
      orders,
      revenue,
      recencyDays: asOfDay - last,
      purchaseDays: count,
      x,
      tx: (last - first) / perUnit,
      T: (asOfDay - first) / perUnit,
      meanRepeatValue: x > 0 ? repeatTotal / x : 0,
    });
  }
  return out;
}

export type CalibrationHoldoutRow = CustomerSummary & {
  /** Purchase days in (calibrationEnd, observationEnd] (returns netted within that period). */
  xHoldout: number;
  /** Spend net of returns in the holdout period. */
  revenueHoldout: number;
  /** Length of the holdout period in `unit`. */
  durationHoldout: number;
};

/** calibrationHoldoutSplit's BTYD numbers as columns: row i is its i-th row. */
export type CalibrationColumns = { n: number; x: Int32Array; tx: Float64Array; T: Float64Array; xHoldout: Int32Array };

/**
 * The x, t_x, T and holdout purchase days of calibrationHoldoutSplit's rows, in its order, as
 * columns: the same numbers (the same netting of each customer's days), without a summary object
 * or string per customer.
 */
export function calibrationHoldoutColumns(
  table: TransactionTable,
  {
    calibrationEnd,
    observationEnd,
    unit = 'day',
  }: { calibrationEnd: TimeInput; observationEnd: TimeInput; unit?: TimeUnit },
): CalibrationColumns {
  const calDay = toDay(calibrationEnd);
  const obsDay = toDay(observationEnd);
  if (obsDay <= calDay) throw new RangeError('observationEnd must be after calibrationEnd');
  const g = table.group();
  const perUnit = daysPerUnit(unit);
  const customers = g.customerIds.length;
  const x = new Int32Array(customers);
  const tx = new Float64Array(customers);
  const T = new Float64Array(customers);
  const xHoldout = new Int32Array(customers);
  const purchases = new PurchaseDays();
  let n = 0;
  for (let c = 0; c < customers; c++) {
    const start = g.offsets[c];
    // summarizeTransactions(…, { asOf: calibrationEnd }): the days up to calibrationEnd.
    let end = g.offsets[c + 1];
    while (end > start && g.days[end - 1] > calDay) end--;
    const count = purchases.of(g, start, end);
    if (count === 0) continue;
    const first = purchases.days[0];
    const last = purchases.days[count - 1];
    x[n] = count - 1;
    tx[n] = (last - first) / perUnit;
    T[n] = (calDay - first) / perUnit;
    // The holdout period (calibrationEnd, observationEnd], netted on its own.
    let from = g.offsets[c];
    while (from < g.offsets[c + 1] && g.days[from] <= calDay) from++;
    let to = from;
    while (to < g.offsets[c + 1] && g.days[to] <= obsDay) to++;
    xHoldout[n] = purchases.of(g, from, to);
    n++;
  }
  return { n, x: x.subarray(0, n), tx: tx.subarray(0, n), T: T.subarray(0, n), xHoldout: xHoldout.subarray(0, n) };
}

/**
 * Splits history at calibrationEnd: the calibration summary (as summarizeTransactions with
 * asOf = calibrationEnd) for every customer whose first purchase is on or before it, plus what
 * each did in the holdout period (calibrationEnd, observationEnd]. Customers acquired in the
 * holdout period are left out, as the models cannot predict them.
 */
export function calibrationHoldoutSplit(
  input: Iterable<Transaction> | TransactionTable,
  {
    calibrationEnd,
    observationEnd,
    unit = 'day',
  }: { calibrationEnd: TimeInput; observationEnd: TimeInput; unit?: TimeUnit },
): CalibrationHoldoutRow[] {
  const table = asTable(input);
  const calDay = toDay(calibrationEnd);
  const obsDay = toDay(observationEnd);
  if (obsDay <= calDay) throw new RangeError('observationEnd must be after calibrationEnd');
  const g = table.group();
  const calibration = summarizeTransactions(table, { asOf: calibrationEnd, unit });
  const byId = new Map<string, number>();
  g.customerIds.forEach((id, c) => {
    byId.set(id, c);
  });
  const purchases = new PurchaseDays();
  return calibration.map((s) => {
    const c = byId.get(s.customerId)!;
    let from = g.offsets[c];
    while (from < g.offsets[c + 1] && g.days[from] <= calDay) from++;
    let to = from;
    while (to < g.offsets[c + 1] && g.days[to] <= obsDay) to++;
    const xHoldout = purchases.of(g, from, to);
    let revenueHoldout = 0;
    for (let k = 0; k < xHoldout; k++) revenueHoldout += purchases.values[k];
    // Fields one by one, not `...s`: spreading builds objects of ever-new shapes, several times slower.
    return {
      customerId: s.customerId,
      firstPurchase: s.firstPurchase,
      lastPurchase: s.lastPurchase,
      orders: s.orders,
      revenue: s.revenue,
      recencyDays: s.recencyDays,
      purchaseDays: s.purchaseDays,
      x: s.x,
      tx: s.tx,
      T: s.T,
      meanRepeatValue: s.meanRepeatValue,
      xHoldout,
      revenueHoldout,
      durationHoldout: (obsDay - calDay) / daysPerUnit(unit),
    };
  });
}
