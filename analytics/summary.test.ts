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
