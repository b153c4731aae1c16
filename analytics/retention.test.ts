import { expect, it } from 'vitest';
import { churnRate, cohortRetention, cohortRetentionBy, repeatPurchaseRate, retentionRate } from './retention';

it('CRR excludes customers acquired in the period: (110 − 30) / 100 = 0.8', () => {
  expect(retentionRate({ start: 100, end: 110, acquired: 30 })).toBeCloseTo(0.8, 12);
  expect(() => retentionRate({ start: 0, end: 1, acquired: 1 })).toThrow(RangeError);
});

it('churn rate is lost / start: 15 / 120 = 0.125', () => {
  expect(churnRate({ start: 120, lost: 15 })).toBe(0.125);
});

it('repeat-purchase rate: 2 of the 3 buyers ordered more than once (the 0-order customer is not a buyer)', () => {
  expect(repeatPurchaseRate([{ orders: 1 }, { orders: 2 }, { orders: 5 }, { orders: 0 }])).toBeCloseTo(2 / 3, 12);
  expect(repeatPurchaseRate([])).toBe(0);
});

it('monthly cohorts: January (A, B) is active 2, 1, 1 in months 0–2; February (C) 1, 0; after asOf ignored', () => {
  const txs = [
    { customerId: 'A', date: '2024-01-05', amount: 1 },
    { customerId: 'A', date: '2024-01-20', amount: 1 }, // same month counts once
    { customerId: 'A', date: '2024-03-02', amount: 1 },
    { customerId: 'B', date: '2024-01-31', amount: 1 },
    { customerId: 'B', date: '2024-02-01', amount: 1 },
    { customerId: 'C', date: '2024-02-10', amount: 1 },
    { customerId: 'C', date: '2024-03-20', amount: 1 }, // after asOf
    { customerId: 'D', date: '2024-03-20', amount: 1 }, // acquired after asOf
  ];
  expect(cohortRetention(txs, { asOf: '2024-03-15' })).toEqual([
    { cohort: '2024-01', size: 2, active: [2, 1, 1], rates: [1, 0.5, 0.5] },
    { cohort: '2024-02', size: 1, active: [1, 0], rates: [1, 0] },
  ]);
});

it('cohorts by group: A and B (group 0) and C (group 1); summed over groups they are cohortRetention', () => {
  const txs = [
    { customerId: 'A', date: '2024-01-05', amount: 1 },
    { customerId: 'A', date: '2024-03-02', amount: 1 },
    { customerId: 'B', date: '2024-01-31', amount: 1 },
    { customerId: 'B', date: '2024-02-01', amount: 1 },
    { customerId: 'C', date: '2024-01-10', amount: 1 },
    { customerId: 'C', date: '2024-01-11', amount: 1 }, // same month counts once
    { customerId: 'D', date: '2024-04-01', amount: 1 }, // acquired after asOf
  ];
  const groupOf = (id: string) => (id === 'C' ? 1 : 0);
  const cells = cohortRetentionBy(txs, { asOf: '2024-03-15', groupOf });
  expect(cells).toEqual([
    { group: 0, cohort: '2024-01', size: 2, active: [2, 1, 1] },
    { group: 1, cohort: '2024-01', size: 1, active: [1, 0, 0] },
  ]);
  const [all] = cohortRetention(txs, { asOf: '2024-03-15' });
  expect(all.active).toEqual([0, 1, 2].map((m) => cells.reduce((s, c) => s + c.active[m], 0)));
});
