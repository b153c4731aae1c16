import { describe, expect, it } from 'vitest';
import {
  auc,
  churnRows,
  explainPrediction,
  fitLogistic,
  predictProbability,
  trainChurnModel,
  trainChurnModelColumns,
} from './churn';
import { simulateTransactions } from './simulate';

describe('auc', () => {
  it('equals ranking every score together (ties at their average rank), bit for bit, on 5,000 scores with ties', () => {
    let seed = 9;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const scores = Array.from({ length: 5000 }, () => Math.round(random() * 300) / 300);
    const labels = scores.map((s) => (random() < s ? 1 : 0));
    const idx = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
    let rankSum = 0;
    let positives = 0;
    for (let i = 0; i < idx.length; ) {
      let j = i;
      while (j + 1 < idx.length && scores[idx[j + 1]] === scores[idx[i]]) j++;
      for (let k = i; k <= j; k++)
        if (labels[idx[k]]) {
          rankSum += (i + j) / 2 + 1;
          positives++;
        }
      i = j + 1;
    }
    const negatives = scores.length - positives;
    expect(auc(scores, labels)).toBe((rankSum - (positives * (positives + 1)) / 2) / (positives * negatives));
  });

  it('scores 0.1, 0.4, 0.35, 0.8 for labels 0, 0, 1, 1: 3 of 4 positive-negative pairs ordered → 0.75', () => {
    expect(auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
  });

  it('ties count one half; perfect ranking is 1', () => {
    expect(auc([0.5, 0.5], [0, 1])).toBe(0.5);
    expect(auc([1, 2, 3], [0, 1, 1])).toBe(1);
    expect(() => auc([1, 2], [1, 1])).toThrow(/both classes/);
    expect(() => auc([0.1, Number.NaN, 0.3, 0.2], [1, 0, 1, 0])).toThrow(/NaN/);
  });
});

describe('fitLogistic', () => {
  // One binary feature: x = 0 → 1 of 4 churn, x = 1 → 3 of 4. The MLE reproduces the group log-odds:
  // intercept ln(1/3) = −1.0986, slope ln 3 − ln(1/3) = 2 ln 3 = 2.1972.
  const X = [[0], [0], [0], [0], [1], [1], [1], [1]];
  const y = [1, 0, 0, 0, 1, 1, 1, 0];

  it('without a penalty recovers the group log-odds ln(1/3) and 2 ln 3', () => {
    const model = fitLogistic(X, y, { l2: 0 });
    expect(model.converged).toBe(true);
    expect(model.rawIntercept).toBeCloseTo(Math.log(1 / 3), 8);
    expect(model.rawCoefficients[0]).toBeCloseTo(2 * Math.log(3), 8);
    expect(predictProbability(model, [1])).toBeCloseTo(0.75, 8);
    // per standard deviation (sd of x is 0.5): 2 ln 3 × 0.5
    expect(model.coefficients[0]).toBeCloseTo(Math.log(3), 8);
  });

  it('an L2 penalty shrinks the slope', () => {
    expect(fitLogistic(X, y, { l2: 2 }).rawCoefficients[0]).toBeLessThan(2 * Math.log(3));
  });

  it('explains a prediction by coefficient × z-score: x = 1 is +1 sd → contribution ln 3', () => {
    const model = fitLogistic(X, y, { l2: 0, featureNames: ['opened a complaint'] });
    expect(explainPrediction(model, [1])).toEqual([
      { feature: 'opened a complaint', contribution: expect.closeTo(Math.log(3), 8) },
    ]);
  });
});

describe('churn labels and features', () => {
  const txs = [
    { customerId: 'A', date: '2024-01-01', amount: 10 },
    { customerId: 'A', date: '2024-02-10', amount: 30 },
    { customerId: 'A', date: '2024-04-01', amount: 5 }, // in the window → not churned
    { customerId: 'B', date: '2024-01-15', amount: 20 }, // nothing after → churned
    { customerId: 'C', date: '2024-03-05', amount: 1 }, // acquired after the cutoff → no row
  ];

  it('A at cutoff 2024-03-01: recency 20 d, ln 3 orders, ln 41 revenue, tenure 60 d, label 0; B label 1', () => {
    const rows = churnRows(txs, { cutoff: '2024-03-01', windowDays: 90, dataEnd: '2024-06-30' });
    expect(rows).toEqual([
      { customerId: 'A', features: [20, Math.log(3), Math.log(41), 60], label: 0 },
      { customerId: 'B', features: [46, Math.log(2), Math.log(21), 46], label: 1 },
    ]);
  });

  it('leaves the label empty when the window has not ended by the data end', () => {
    expect(churnRows(txs, { cutoff: '2024-03-01', windowDays: 90, dataEnd: '2024-05-01' })[0].label).toBeNull();
  });

  it('adds extra features computed at the cutoff', () => {
    const rows = churnRows(txs, {
      cutoff: '2024-03-01',
      windowDays: 90,
      extra: { names: ['cases'], at: (id, cutoff) => [id === 'A' && cutoff === '2024-03-01' ? 2 : 0] },
    });
    expect(rows[0].features[4]).toBe(2);
  });
});

it('on simulated BG/NBD shoppers, a time-split model ranks churners (test AUC > 0.7) and long recency raises risk', () => {
  const table = simulateTransactions({
    customers: 4000,
    start: '2022-01-01',
    acquisitionDays: 365,
    days: 730,
    params: { r: 0.6, alpha: 30, a: 1.2, b: 6 },
    spend: { p: 4, q: 3, gamma: 40 },
    seed: 8,
  });
  const report = trainChurnModel(table, { asOf: '2023-12-31', windowDays: 90 });
  expect(report.testAuc).toBeGreaterThan(0.7);
  expect(report.model.coefficients[0]).toBeGreaterThan(0); // recencyDays
  expect(report.train.cutoff).toBe('2023-07-04'); // 2023-12-31 − 180 days
  expect(report.scores.length).toBeGreaterThan(report.test.customers - 1);
  expect(report.scores[0].reasons).toHaveLength(3);
});

it('the column form is the row form to the bit: model, test AUC, rates, risks and reasons (ties in feature order)', () => {
  const table = simulateTransactions({
    customers: 1500,
    start: '2022-01-01',
    acquisitionDays: 365,
    days: 730,
    params: { r: 0.6, alpha: 30, a: 1.2, b: 6 },
    spend: { p: 4, q: 3, gamma: 40 },
    seed: 3,
  });
  const asOf = '2023-12-31';
  // The method spelled out with the row functions: fit at asOf − 180, test at asOf − 90, score at asOf.
  const at = (cutoff: string, dataEnd?: string) => churnRows(table, { cutoff, windowDays: 90, dataEnd });
  const train = at('2023-07-04', asOf);
  const test = at('2023-10-02', asOf);
  const model = fitLogistic(
    train.map((r) => r.features),
    train.map((r) => r.label!),
    { featureNames: ['recencyDays', 'logOrders', 'logRevenue', 'tenureDays'] },
  );
  const now = at(asOf);
  const columns = trainChurnModelColumns(table, { asOf, windowDays: 90 });
  expect(columns.model).toEqual(model);
  expect(columns.testAuc).toBe(
    auc(
      test.map((r) => predictProbability(model, r.features)),
      test.map((r) => r.label!),
    ),
  );
  expect(columns.train.churnRate).toBe(train.reduce((s, r) => s + r.label!, 0) / train.length);
  expect(columns.customers.length).toBe(now.length);
  const ids = table.group().customerIds;
  now.forEach((r, i) => {
    expect(ids[columns.customers[i]]).toBe(r.customerId);
    expect(columns.risk[i]).toBe(predictProbability(model, r.features));
    const reasons = explainPrediction(model, r.features).slice(0, 3);
    expect(Array.from(columns.reasonFeature.subarray(i * 3, i * 3 + 3), (j) => model.featureNames[j])).toEqual(
      reasons.map((x) => x.feature),
    );
    expect(Array.from(columns.reasonContribution.subarray(i * 3, i * 3 + 3))).toEqual(
      reasons.map((x) => x.contribution),
    );
  });
  const report = trainChurnModel(table, { asOf, windowDays: 90 });
  expect(report.scores[5]).toEqual({
    customerId: ids[columns.customers[5]],
    risk: columns.risk[5],
    reasons: explainPrediction(model, now[5].features).slice(0, 3),
  });
});
