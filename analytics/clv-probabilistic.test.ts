import { describe, expect, it } from 'vitest';
import { bgNbdConditionalExpected, bgNbdExpectedPurchases, fitBgNbd } from './bgnbd';
import { cumulativeRepeatPurchases, customerLifetimeValue } from './clv-probabilistic';
import { DAYS_PER_MONTH } from './dates';
import { fitGammaGamma, gammaGammaExpectedValue } from './gamma-gamma';
import { simulateTransactions, simulationEnd } from './simulate';
import { summarizeTransactions, toTransactionTable } from './summary';

const weekly = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const spend = { p: 6.25, q: 3.74, gamma: 15.44 };
const customer = { x: 2, tx: 30.43, T: 38.86, meanRepeatValue: 22.35 };
const weeksPerMonth = DAYS_PER_MONTH / 7; // 4.348 weeks

describe('customerLifetimeValue', () => {
  it('one month: E[Y(4.348 weeks)] · E[M] / 1.01', () => {
    const [clv] = customerLifetimeValue([customer], {
      bgNbd: weekly,
      gammaGamma: spend,
      unit: 'week',
      horizonMonths: 1,
    });
    const purchases = bgNbdConditionalExpected(weekly, weeksPerMonth, customer);
    const value = gammaGammaExpectedValue(spend, customer);
    expect(clv.clv).toBeCloseTo((purchases * value) / 1.01, 10);
    expect(clv.expectedPurchases).toBeCloseTo(purchases, 12);
  });

  it('without discounting the monthly increments telescope: CLV(12) = E[Y(12 months)] · E[M] · margin', () => {
    const [clv] = customerLifetimeValue([customer], {
      bgNbd: weekly,
      gammaGamma: spend,
      unit: 'week',
      monthlyDiscountRate: 0,
      margin: 0.3,
    });
    const purchases = bgNbdConditionalExpected(weekly, 12 * weeksPerMonth, customer);
    expect(clv.clv).toBeCloseTo(purchases * gammaGammaExpectedValue(spend, customer) * 0.3, 9);
  });

  it('discounting lowers CLV, and a longer horizon raises it', () => {
    const base = customerLifetimeValue([customer], { bgNbd: weekly, gammaGamma: spend, unit: 'week' })[0].clv;
    expect(
      customerLifetimeValue([customer], {
        bgNbd: weekly,
        gammaGamma: spend,
        unit: 'week',
        monthlyDiscountRate: 0.05,
      })[0].clv,
    ).toBeLessThan(base);
    expect(
      customerLifetimeValue([customer], { bgNbd: weekly, gammaGamma: spend, unit: 'week', horizonMonths: 24 })[0].clv,
    ).toBeGreaterThan(base);
  });

  it('the same customer in days (t × 7, α × 7) has the same monthly CLV', () => {
    const daily = { ...weekly, alpha: weekly.alpha * 7 };
    const inDays = { ...customer, tx: customer.tx * 7, T: customer.T * 7 };
    const w = customerLifetimeValue([customer], { bgNbd: weekly, gammaGamma: spend, unit: 'week' })[0];
    const d = customerLifetimeValue([inDays], { bgNbd: daily, gammaGamma: spend, unit: 'day' })[0];
    expect(d.clv).toBeCloseTo(w.clv, 9);
    expect(d.pAlive).toBeCloseTo(w.pAlive, 12);
  });

  it('models fitted separately on daily and weekly summaries of one data set agree on CLV within 1 %', () => {
    const start = '2022-01-01';
    const table = simulateTransactions({
      customers: 3000,
      start,
      acquisitionDays: 180,
      days: 540,
      params: { r: 0.5, alpha: 40, a: 0.8, b: 4 }, // in days: a purchase every ~80 days while alive
      spend: { p: 4, q: 3, gamma: 40 },
      seed: 5,
    });
    const asOf = simulationEnd(start, 540);
    const clvs = (['day', 'week'] as const).map((unit) => {
      const rows = summarizeTransactions(table, { asOf, unit });
      const bg = fitBgNbd(rows).params;
      const gg = fitGammaGamma(rows).params;
      return customerLifetimeValue(rows, { bgNbd: bg, gammaGamma: gg, unit }).reduce((s, c) => s + c.clv, 0);
    });
    expect(Math.abs(clvs[0] - clvs[1]) / clvs[0]).toBeLessThan(0.01);
  });
});

describe('cumulativeRepeatPurchases', () => {
  const params = { r: 0.25, alpha: 4, a: 0.8, b: 2.4 };
  // A: first 01-01, repeats 01-03 and (holdout) 01-12; B: first 01-05, repeat in the holdout 01-09;
  // C: first purchase in the holdout, outside the calibration sample.
  const table = toTransactionTable([
    { customerId: 'A', date: '2024-01-01', amount: 10 },
    { customerId: 'A', date: '2024-01-03', amount: 10 },
    { customerId: 'A', date: '2024-01-12', amount: 10 },
    { customerId: 'B', date: '2024-01-05', amount: 10 },
    { customerId: 'B', date: '2024-01-09', amount: 10 },
    { customerId: 'C', date: '2024-01-08', amount: 10 },
  ]);
  const points = cumulativeRepeatPurchases(table, params, {
    calibrationEnd: '2024-01-06',
    observationEnd: '2024-01-12',
    stepDays: 4,
  });

  it('counts repeat purchase days of the calibration sample: 1 by 01-05, 2 by 01-09, 3 by 01-12', () => {
    expect(points.map((p) => [p.day, p.actual])).toEqual([
      ['2024-01-05', 1],
      ['2024-01-09', 2],
      ['2024-01-12', 3],
    ]);
  });

  it('predicts Σ E[X(d − first)] over the customers acquired by the calibration end', () => {
    const expected = (d: number) =>
      bgNbdExpectedPurchases(params, d - 0) + (d >= 4 ? bgNbdExpectedPurchases(params, d - 4) : 0);
    expect(points[0].predicted).toBeCloseTo(expected(4), 12);
    expect(points[1].predicted).toBeCloseTo(expected(8), 12);
    expect(points[2].predicted).toBeCloseTo(expected(11), 12);
  });
});
