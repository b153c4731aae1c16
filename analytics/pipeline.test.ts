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
      customers.reduce((s, row) => s + row.probabilistic!.clv, 0),
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
