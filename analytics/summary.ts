/**
 * Per-customer summaries of plain transactions: the order/revenue summary behind RFM, and the
 * BTYD summary (x, t_x, T) behind BG/NBD and Gamma-Gamma.
 *
 * Conventions:
 * - Amounts are plain numbers (the caller converts numeric(14,2) strings); nothing is rounded here.
 * - Days are UTC calendar days. Transactions dated after `asOf` are ignored.
 * - BTYD: all purchases on the same day count as one purchase with their amounts summed;
 *   x = distinct purchase days − 1 (repeat purchases); t_x = last − first purchase day and
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
  /** Transaction rows (the RFM frequency). */
  orders: number;
  /** Sum of amounts (the RFM monetary value). */
  revenue: number;
  /** Whole days from the last purchase to asOf. */
  recencyDays: number;
  /** Distinct purchase days (= x + 1). */
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
  private readonly index = new Map<string, number>();
  private cust = new Int32Array(1024);
  private days = new Int32Array(1024);
  private amounts = new Float64Array(1024);
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
    let c = this.index.get(customerId);
    if (c === undefined) {
      c = this.customerIds.length;
      this.customerIds.push(customerId);
      this.index.set(customerId, c);
    }
    if (this.n === this.cust.length) {
      const grow = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T) => {
        const b = make(a.length * 2);
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
 * One summary per customer with at least one transaction on or before asOf, in order of first
 * appearance in the input. See the file comment for the BTYD conventions.
 */
export function summarizeTransactions(
  input: Iterable<Transaction> | TransactionTable,
  { asOf, unit = 'day' }: SummaryOptions,
): CustomerSummary[] {
  const g = asTable(input).group();
  const asOfDay = toDay(asOf);
  const perUnit = daysPerUnit(unit);
  const out: CustomerSummary[] = [];
  for (let c = 0; c < g.customerIds.length; c++) {
    const start = g.offsets[c];
    let end = g.offsets[c + 1];
    while (end > start && g.days[end - 1] > asOfDay) end--;
    if (end === start) continue;
    let revenue = 0;
    let purchaseDays = 0;
    let repeatTotal = 0;
    for (let i = start; i < end; i++) {
      revenue += g.amounts[i];
      if (i === start || g.days[i] !== g.days[i - 1]) purchaseDays++;
      if (g.days[i] !== g.days[start]) repeatTotal += g.amounts[i];
    }
    const first = g.days[start];
    const last = g.days[end - 1];
    const x = purchaseDays - 1;
    out.push({
      customerId: g.customerIds[c],
      firstPurchase: dayToIso(first),
      lastPurchase: dayToIso(last),
      orders: end - start,
      revenue,
      recencyDays: asOfDay - last,
      purchaseDays,
      x,
      tx: (last - first) / perUnit,
      T: (asOfDay - first) / perUnit,
      meanRepeatValue: x > 0 ? repeatTotal / x : 0,
    });
  }
  return out;
}

export type CalibrationHoldoutRow = CustomerSummary & {
  /** Distinct purchase days in (calibrationEnd, observationEnd]. */
  xHoldout: number;
  /** Sum of amounts in the holdout period. */
  revenueHoldout: number;
  /** Length of the holdout period in `unit`. */
  durationHoldout: number;
};

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
  return calibration.map((s) => {
    const c = byId.get(s.customerId)!;
    let xHoldout = 0;
    let revenueHoldout = 0;
    for (let i = g.offsets[c]; i < g.offsets[c + 1]; i++) {
      const d = g.days[i];
      if (d <= calDay || d > obsDay) continue;
      revenueHoldout += g.amounts[i];
      if (i === g.offsets[c] || g.days[i - 1] !== d) xHoldout++;
    }
    return { ...s, xHoldout, revenueHoldout, durationHoldout: (obsDay - calDay) / daysPerUnit(unit) };
  });
}
