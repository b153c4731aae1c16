import { describe, expect, it } from 'vitest';
import { bgNbdProbAlive } from './bgnbd';
import { analyzeCustomers } from './pipeline';
import { simulateTransactions, simulationEnd } from './simulate';
import { TransactionTable } from './summary';

describe('analyzeCustomers on 1,500 simulated customers', () => {
  const start = '2022-01-01';
  const table = simulateTransactions({
    customers: 1500,
    start,
    acquisitionDays: 365,
    days: 730,
    params: { r: 0.8, alpha: 40, a: 0.9, b: 6 },
    spend: { p: 4, q: 3, gamma: 40 },
    seed: 12,
  });
  const asOf = simulationEnd(start, 730);
  const { customers, model } = analyzeCustomers(table, {
    asOf,
    retention: 0.5,
    monthlyDiscountRate: 0,
    horizonMonths: 12,
    seed: 2,
  });

  it('returns one row per customer and the model summary', () => {
    expect(customers).toHaveLength(1500);
    expect(model.customers).toBe(1500);
    expect(model.asOf).toBe('2023-12-31');
    expect(Object.values(model.rfm.segments).reduce((s, n) => s + n, 0)).toBe(1500);
  });

  it('textbook CLV: one year at retention 0.5, no discount → yearly revenue × 0.5', () => {
    // A customer first seen ≥ 1 year ago: yearly revenue = revenue × 365 / tenure days.
    const c = customers.find((row) => row.T >= 400)!;
    expect(c.textbookClv).toBeCloseTo(((c.revenue * 365) / c.T) * 0.5, 8);
    expect(model.textbook).toMatchObject({ retention: 0.5, retentionSource: 'given', years: 1, annualDiscountRate: 0 });
  });

  it('probabilistic columns come from the fitted models', () => {
    const c = customers[0];
    expect(c.probabilistic!.pAlive).toBeCloseTo(bgNbdProbAlive(model.bgNbd.params, c), 12);
    expect(model.clv.total).toBeCloseTo(
      customers.reduce((s, row) => s + row.probabilistic!.clv!, 0),
      6,
    );
  });

  it('every customer gets a cluster with a label from its centroid', () => {
    const sizes = model.kmeans.clusters.map((k) => k.size);
    expect(sizes.reduce((s, n) => s + n, 0)).toBe(1500);
    expect(customers.every((c) => c.clusterLabel === model.kmeans.clusters[c.cluster].label)).toBe(true);
  });
});

it('estimates yearly retention from the data when not given: 1 of the 2 customers active in 2022 bought again in 2023', () => {
  const table = new TransactionTable();
  table.add('A', '2021-06-01', 10); // history reaches back two years
  table.add('A', '2022-06-01', 10);
  table.add('A', '2023-06-01', 10);
  table.add('B', '2022-03-01', 10);
  table.add('C', '2023-02-01', 10);
  const { model } = analyzeCustomers(table, { asOf: '2023-12-31', kMax: 2 });
  expect(model.textbook).toMatchObject({ retention: 0.5, retentionSource: 'observed' });
});

describe('when a model cannot be fitted, the rest still runs and the status says why', () => {
  it('Gamma-Gamma with q ≤ 1 (mean spend unbounded): P(alive) and expected purchases stay, value and CLV are null', () => {
    const table = simulateTransactions({
      customers: 600,
      start: '2022-01-01',
      acquisitionDays: 365,
      days: 730,
      params: { r: 0.8, alpha: 40, a: 0.9, b: 6 },
      spend: { p: 2, q: 0.5, gamma: 20 },
      seed: 5,
    });
    const { customers, model } = analyzeCustomers(table, { asOf: '2023-12-31', kMax: 3 });
    expect(model.bgNbd.status).toEqual({ state: 'fitted' });
    expect(model.gammaGamma.status).toEqual({
      state: 'failed',
      message: expect.stringMatching(/^Gamma-Gamma could not be fitted: spend varies so much .* \(q = 0\.\d+ ≤ 1\)\.$/),
    });
    const c = customers[0];
    expect(c.probabilistic).toEqual({
      pAlive: bgNbdProbAlive(model.bgNbd.params, c),
      expectedPurchases: expect.any(Number),
      expectedValue: null,
      clv: null,
    });
    expect(model.clv.total).toBeNull();
  });

  it('every customer bought once: BG/NBD failed in words, no probabilistic columns, RFM still there', () => {
    const table = new TransactionTable();
    ['A', 'B', 'C', 'D'].forEach((id, i) => {
      table.add(id, `2024-01-0${i + 1}`, 10 + i);
    });
    const { customers, model } = analyzeCustomers(table, { asOf: '2024-02-01', kMax: 2 });
    expect(model.bgNbd.status).toEqual({
      state: 'failed',
      message:
        'BG/NBD could not be fitted: every customer bought on one day only, so repeat-purchase rates and dropout cannot be estimated.',
    });
    expect(model.gammaGamma.status.state).toBe('failed');
    expect(customers.every((c) => c.probabilistic === null && c.segment !== '')).toBe(true);
  });

  it('degenerate BG/NBD parameters (b/a → 0) fail in words, not with "2F1(…) is not positive; use hyp2f1Series"', () => {
    // Three customers who each bought twice: the likelihood rises towards "everyone drops out at once".
    const table = new TransactionTable();
    for (const [id, day, amount] of [
      ['c0', 19046, 20],
      ['c0', 19050, 41],
      ['c1', 19035, 37],
      ['c1', 19064, 22],
      ['c2', 19018, 13],
      ['c2', 19014, 34],
    ] as const)
      table.addDay(id, day, amount);
    const { customers, model } = analyzeCustomers(table, { asOf: '2022-12-31', kMax: 2 });
    expect(model.bgNbd.status).toMatchObject({
      state: 'failed',
      message: expect.stringContaining('every customer seems to drop out after each purchase (b/a → 0)'),
    });
    expect(JSON.stringify(model)).not.toMatch(/2F1|hyp2f1/);
    expect(customers.every((c) => c.probabilistic === null)).toBe(true);
  });

  it('counts returns and the customers they leave without a purchase', () => {
    const table = new TransactionTable();
    table.add('A', '2024-01-01', 10);
    table.add('A', '2024-01-05', 10);
    table.add('A', '2024-01-09', -4);
    table.add('B', '2024-01-02', 10);
    table.add('C', '2024-01-03', 7);
    table.add('C', '2024-01-04', -7);
    table.add('D', '2024-01-03', 5);
    table.add('D', '2024-03-01', -5); // after asOf
    const { model } = analyzeCustomers(table, { asOf: '2024-02-01', kMax: 2 });
    expect(model.customers).toBe(3);
    expect(model.returns).toEqual({ rows: 2, amount: -11, customersWithoutPurchase: 1 });
  });
});

it('leaves out the holdout check when the calibration fit failed (nobody bought twice before the holdout)', () => {
  const table = new TransactionTable();
  for (const [id, date, amount] of [
    ['A', '2024-01-01', 10],
    ['B', '2024-01-05', 20],
    ['C', '2024-01-10', 5],
    ['D', '2024-01-20', 7],
    ['A', '2024-02-10', 10],
    ['B', '2024-02-15', 20],
    ['C', '2024-02-20', 6],
  ] as const)
    table.add(id, date, amount);
  const { model } = analyzeCustomers(table, { asOf: '2024-02-29', holdout: '2024-01-31', kMax: 2 });
  expect(model.holdout!.fit.status).toMatchObject({ state: 'failed' });
  expect(model.holdout!.check).toBeNull();
});

it('textbook CLV subtracts the acquisition cost once: 2 purchases of 100 in a year, retention 0.5 → 100 − 30 = 70', () => {
  const table = new TransactionTable();
  table.add('A', '2023-01-01', 100);
  table.add('A', '2023-07-01', 100);
  table.add('B', '2023-03-01', 50);
  table.add('B', '2023-06-01', 50);
  table.add('C', '2023-09-01', 70);
  const options = { asOf: '2023-12-31', retention: 0.5, monthlyDiscountRate: 0, horizonMonths: 12 } as const;
  // Yearly revenue of A: 200 × 365 / max(365, 364 days of tenure) = 200; × 0.5 retention = 100.
  const { customers, model } = analyzeCustomers(table, { ...options, acquisitionCost: 30, kMax: 2 });
  expect(customers.find((c) => c.customerId === 'A')!.textbookClv).toBeCloseTo(100 - 30, 9);
  expect(model.textbook.acquisitionCost).toBe(30);
});
