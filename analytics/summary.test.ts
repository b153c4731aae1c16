import { describe, expect, it } from 'vitest';
import { calibrationHoldoutSplit, summarizeTransactions, type Transaction, TransactionTable } from './summary';

// A: two orders on 01-01 (one purchase day worth 15), then 01-08 (20) and 01-15 (30); 02-05 is after asOf.
// B: one order on 01-20. C: only after asOf.
const txs: Transaction[] = [
  { customerId: 'A', date: '2024-01-08', amount: 20 },
  { customerId: 'A', date: '2024-01-01', amount: 10 },
  { customerId: 'A', date: '2024-01-01T15:30:00Z', amount: 5 },
  { customerId: 'B', date: '2024-01-20', amount: 7 },
  { customerId: 'A', date: '2024-01-15', amount: 30 },
  { customerId: 'A', date: '2024-02-05', amount: 99 },
  { customerId: 'C', date: '2024-02-01', amount: 1 },
];

describe('summarizeTransactions', () => {
  const [a, b, ...rest] = summarizeTransactions(txs, { asOf: '2024-01-29' });

  it('leaves out transactions after asOf and customers with none before it', () => {
    expect(rest).toEqual([]);
    expect(a.orders).toBe(4);
  });

  it('orders and revenue count rows: A has 4 orders worth 10 + 5 + 20 + 30 = 65', () => {
    expect(a).toMatchObject({
      customerId: 'A',
      orders: 4,
      revenue: 65,
      firstPurchase: '2024-01-01',
      lastPurchase: '2024-01-15',
    });
  });

  it('same-day orders are one BTYD purchase: 3 purchase days → x = 2, t_x = 15 − 1 = 14, T = 29 − 1 = 28 days', () => {
    expect(a).toMatchObject({ purchaseDays: 3, x: 2, tx: 14, T: 28, recencyDays: 14 });
  });

  it('mean repeat value excludes the first purchase day: (20 + 30) / 2 = 25', () => {
    expect(a.meanRepeatValue).toBe(25);
  });

  it('a one-time buyer has x = 0, t_x = 0, T = 29 − 20 = 9 and mean repeat value 0', () => {
    expect(b).toMatchObject({ x: 0, tx: 0, T: 9, meanRepeatValue: 0, recencyDays: 9 });
  });

  it('weeks divide the day counts by 7: t_x = 14/7 = 2, T = 28/7 = 4', () => {
    const [aw] = summarizeTransactions(txs, { asOf: '2024-01-29', unit: 'week' });
    expect(aw).toMatchObject({ x: 2, tx: 2, T: 4 });
  });

  it('accepts a TransactionTable filled with day numbers and gives the same result', () => {
    const table = new TransactionTable();
    for (const t of txs) table.add(t.customerId, t.date, t.amount);
    expect(summarizeTransactions(table, { asOf: '2024-01-29' })).toEqual([a, b]);
    expect(table.length).toBe(7);
  });

  it('rejects non-numeric amounts (money must be converted by the caller)', () => {
    expect(() =>
      summarizeTransactions([{ customerId: 'x', date: '2024-01-01', amount: Number('12,50') }], { asOf: '2024-02-01' }),
    ).toThrow(/not a number/);
  });
});

describe('calibrationHoldoutSplit', () => {
  const rows = calibrationHoldoutSplit(txs, { calibrationEnd: '2024-01-10', observationEnd: '2024-01-29' });

  it('keeps only customers acquired by the calibration end (B first buys on 01-20)', () => {
    expect(rows.map((r) => r.customerId)).toEqual(['A']);
  });

  it('A in calibration: days 01-01, 01-08 → x = 1, t_x = 7, T = 10 − 1 = 9', () => {
    expect(rows[0]).toMatchObject({ x: 1, tx: 7, T: 9, meanRepeatValue: 20 });
  });

  it('A in holdout (01-10, 01-29]: one purchase day (01-15) worth 30, over 19 days', () => {
    expect(rows[0]).toMatchObject({ xHoldout: 1, revenueHoldout: 30, durationHoldout: 19 });
  });

  it('rejects an observation end before the calibration end', () => {
    expect(() => calibrationHoldoutSplit(txs, { calibrationEnd: '2024-01-10', observationEnd: '2024-01-05' })).toThrow(
      RangeError,
    );
  });
});

describe('returns (negative amounts)', () => {
  const summary = (rows: [string, string, number][], asOf = '2024-03-01') =>
    summarizeTransactions(
      rows.map(([customerId, date, amount]) => ({ customerId, date, amount })),
      { asOf },
    );

  it('a return on its own day is no purchase: it comes off the latest purchase (01-08: 50 − 30 = 20)', () => {
    const [a] = summary([
      ['A', '2024-01-01', 100],
      ['A', '2024-01-08', 50],
      ['A', '2024-01-10', -30],
    ]);
    expect(a).toMatchObject({
      purchaseDays: 2,
      x: 1,
      tx: 7,
      lastPurchase: '2024-01-08',
      orders: 2,
      revenue: 120,
      meanRepeatValue: 20,
    });
  });

  it('a return larger than the latest purchase undoes it and the rest comes off the one before (100 − 30 = 70)', () => {
    const [a] = summary([
      ['A', '2024-01-01', 100],
      ['A', '2024-01-08', 50],
      ['A', '2024-01-10', -80],
    ]);
    expect(a).toMatchObject({
      purchaseDays: 1,
      x: 0,
      tx: 0,
      lastPurchase: '2024-01-01',
      revenue: 70,
      meanRepeatValue: 0,
    });
  });

  it('a day whose net is ≤ 0 is no purchase; a return before any purchase is dropped; only returns: no summary', () => {
    const rows = summary([
      ['A', '2024-01-01', 10],
      ['A', '2024-01-05', 40],
      ['A', '2024-01-05', -40],
      ['A', '2024-01-06', 0],
      ['B', '2024-01-02', -10],
      ['B', '2024-01-05', 25],
      ['C', '2024-01-03', -5],
    ]);
    expect(rows.map((r) => r.customerId)).toEqual(['A', 'B']);
    expect(rows[0]).toMatchObject({ x: 0, orders: 2, revenue: 10, lastPurchase: '2024-01-01' });
    expect(rows[1]).toMatchObject({ x: 0, orders: 1, revenue: 25, firstPurchase: '2024-01-05' });
  });

  it('0.1 + 0.2 bought and 0.3 returned the same day nets to no purchase despite rounding', () => {
    const [a] = summary([
      ['A', '2024-01-01', 5],
      ['A', '2024-01-05', 0.1],
      ['A', '2024-01-05', 0.2],
      ['A', '2024-01-05', -0.3],
    ]);
    expect(a).toMatchObject({ x: 0, revenue: 5 });
  });

  it('the holdout counts purchase days net of returns made in the holdout', () => {
    const [a] = calibrationHoldoutSplit(
      [
        { customerId: 'A', date: '2024-01-01', amount: 10 },
        { customerId: 'A', date: '2024-01-20', amount: 30 },
        { customerId: 'A', date: '2024-01-22', amount: -30 },
        { customerId: 'A', date: '2024-01-25', amount: 8 },
      ],
      { calibrationEnd: '2024-01-10', observationEnd: '2024-01-31' },
    );
    expect(a).toMatchObject({ xHoldout: 1, revenueHoldout: 8 });
  });
});

describe('TransactionTable.fromGrouped', () => {
  it('is the table of the same rows added one by one: grouped arrays, summaries, and later adds', () => {
    const added = new TransactionTable();
    for (const t of txs) added.add(t.customerId, t.date, t.amount);
    const g = added.group();
    // From copies in shared memory, as a worker thread receives them.
    const shared = <T extends Int32Array | Float64Array>(a: T, make: (b: SharedArrayBuffer) => T) => {
      const out = make(new SharedArrayBuffer(a.byteLength));
      out.set(a);
      return out;
    };
    const rebuilt = TransactionTable.fromGrouped({
      customerIds: [...g.customerIds],
      offsets: shared(g.offsets, (b) => new Int32Array(b)),
      days: shared(g.days, (b) => new Int32Array(b)),
      amounts: shared(g.amounts, (b) => new Float64Array(b)),
    });
    expect(rebuilt.length).toBe(added.length);
    expect(rebuilt.group()).toEqual(g);
    expect(summarizeTransactions(rebuilt, { asOf: '2024-01-29' })).toEqual(
      summarizeTransactions(added, { asOf: '2024-01-29' }),
    );
    rebuilt.add('D', '2024-01-03', 4);
    rebuilt.add('A', '2024-01-02', 6);
    added.add('D', '2024-01-03', 4);
    added.add('A', '2024-01-02', 6);
    expect(rebuilt.group()).toEqual(added.group());
  });

  it('sorts a customer’s rows into day order, and refuses offsets that do not match the rows or a repeated id', () => {
    const t = TransactionTable.fromGrouped({
      customerIds: ['A'],
      offsets: Int32Array.from([0, 3]),
      days: Int32Array.from([5, 1, 3]),
      amounts: Float64Array.from([50, 10, 30]),
    });
    expect(Array.from(t.group().days)).toEqual([1, 3, 5]);
    expect(Array.from(t.group().amounts)).toEqual([10, 30, 50]);
    const rows = { days: Int32Array.from([1, 2]), amounts: Float64Array.from([1, 2]) };
    expect(() =>
      TransactionTable.fromGrouped({ customerIds: ['A'], offsets: Int32Array.from([0, 1]), ...rows }),
    ).toThrow(/offsets/);
    expect(() =>
      TransactionTable.fromGrouped({ customerIds: ['A', 'A'], offsets: Int32Array.from([0, 1, 2]), ...rows }),
    ).toThrow(/repeats/);
  });
});
