import { describe, expect, it } from 'vitest';
import { campaignLift, liftFromStats, MIN_GROUP_SIZE, roi, studentTCdf, studentTQuantile } from './lift';

describe('Student t quantile (reference: scipy.stats.t.ppf 1.17 / R qt, same values)', () => {
  it.each([
    [1, 12.706204736174694],
    [2, 4.302652729749462],
    [5, 2.5705818356363146],
    [10, 2.228138851986274],
    [30, 2.0422724563012378],
    [100 / 17, 2.458823709699146], // a fractional Welch df (the example below)
    [1e6, 1.959966356814107], // → the normal 1.96 only as df grows
  ])('t(0.975, df = %s) = %s', (df, expected) => {
    expect(studentTQuantile(0.975, df)).toBeCloseTo(expected, 9);
  });

  it('is symmetric and inverts the CDF: t(0.025) = −t(0.975); F(t(p)) = p', () => {
    expect(studentTQuantile(0.025, 7)).toBeCloseTo(-studentTQuantile(0.975, 7), 12);
    expect(studentTCdf(studentTQuantile(0.9, 3.5), 3.5)).toBeCloseTo(0.9, 12);
    expect(studentTCdf(0, 4)).toBe(0.5);
    // df = 1 is the Cauchy distribution: F(1) = ½ + atan(1)/π = 0.75.
    expect(studentTCdf(1, 1)).toBeCloseTo(0.75, 12);
  });
});

describe('campaign lift (Welch interval)', () => {
  it('matches R t.test(c(2,4,6,8,10), c(1,2,3,4,5)): diff 3, df 5.8824, 95 % CI −0.8877 … 6.8877', () => {
    // By hand: means 6 and 3; variances 10 and 2.5; se² = 10/5 + 2.5/5 = 2.5;
    // df = 2.5² / (2²/4 + 0.5²/4) = 6.25 / 1.0625 = 100/17 = 5.88235;
    // t(0.975, 5.88235) = 2.458824; half width = 2.458824 × √2.5 = 3.887742.
    const lift = campaignLift([2, 4, 6, 8, 10], [1, 2, 3, 4, 5]);
    expect(lift.sent).toEqual({ n: 5, mean: 6, variance: 10 });
    expect(lift.holdout).toEqual({ n: 5, mean: 3, variance: 2.5 });
    expect(lift.incrementalPerMember).toBe(3);
    expect(lift.standardError).toBeCloseTo(Math.sqrt(2.5), 12);
    expect(lift.df).toBeCloseTo(100 / 17, 12);
    expect(lift.ci95!.low).toBeCloseTo(-0.887741643736975, 9);
    expect(lift.ci95!.high).toBeCloseTo(6.887741643736975, 9);
    expect(lift.relativeLift).toBe(1); // 3 / 3: the sent group spent twice as much
    // Five a side is too few to claim anything, whatever the interval says.
    expect(lift.insufficient).toBe(true);
    expect(lift.caveats).toEqual(['sentTooSmall', 'holdoutTooSmall']);
  });

  it('40 sent vs 35 held out, mostly zeros: scipy ttest_ind(equal_var=False) df 72.692, CI −1.4126 … 7.6869', () => {
    const sent = [
      0, 12.71, 10.17, 18.48, 9.69, 0, 19.37, 0, 2.42, 0, 2.82, 20.42, 16.45, 1.6, 0, 0, 6.23, 0, 0, 18.55, 0, 0, 19.65,
      0, 0, 0, 33.41, 0, 7.55, 0, 0, 13.93, 48.59, 0, 15.58, 0, 0, 0, 0, 15.18,
    ];
    const holdout = [
      0, 0, 0, 0, 0, 45.31, 0, 3.58, 0, 0, 0, 10.96, 13.19, 8.95, 13.11, 0, 0, 5.7, 0, 0, 6.02, 0, 0, 20.44, 0, 0, 0,
      12.53, 0, 0, 0, 0, 6.61, 0, 0,
    ];
    const lift = campaignLift(sent, holdout);
    expect(lift.sent.mean).toBeCloseTo(7.32, 12); // 292.8 / 40
    expect(lift.holdout.mean).toBeCloseTo(4.182857142857143, 12); // 146.4 / 35
    expect(lift.sent.variance).toBeCloseTo(118.12047179487178, 9);
    expect(lift.holdout.variance).toBeCloseTo(79.02151512605043, 9);
    expect(lift.df).toBeCloseTo(72.69206183367537, 9);
    expect(lift.ci95!.low).toBeCloseTo(-1.4126182482821426, 9);
    expect(lift.ci95!.high).toBeCloseTo(7.686903962567853, 9);
    expect(lift.relativeLift).toBeCloseTo(7.32 / 4.182857142857143 - 1, 12);
    // Enough members and spread on both sides: the numbers stand (the interval spans 0: no proven lift).
    expect(lift.insufficient).toBe(false);
    expect(lift.caveats).toEqual([]);
  });

  it('an empty holdout: the sent mean alone, no difference, interval or lift; flagged', () => {
    const lift = campaignLift([10, 20, 30], []);
    expect(lift.sent).toEqual({ n: 3, mean: 20, variance: 100 });
    expect(lift.holdout).toEqual({ n: 0, mean: null, variance: null });
    expect(lift).toMatchObject({ incrementalPerMember: null, standardError: null, df: null, ci95: null });
    expect(lift.relativeLift).toBeNull();
    expect(lift.insufficient).toBe(true);
    expect(lift.caveats).toContain('holdoutTooSmall');
  });

  it('all zeros on both sides (nobody bought): difference 0, no interval (se = 0), no relative lift; flagged', () => {
    const zeros = new Array<number>(MIN_GROUP_SIZE * 2).fill(0);
    const lift = campaignLift(zeros, zeros.slice(0, MIN_GROUP_SIZE));
    expect(lift.incrementalPerMember).toBe(0);
    expect(lift.standardError).toBe(0);
    expect(lift.ci95).toBeNull();
    expect(lift.relativeLift).toBeNull(); // 0 / 0
    expect(lift.caveats).toEqual(['sentNoVariance', 'holdoutNoVariance']);
    expect(lift.insufficient).toBe(true);
  });

  it('a holdout where nobody bought: the interval comes from the sent group alone; flagged, no relative lift', () => {
    // se = √(s²/n) of the sent group: values 0, 10 repeated 15 times: mean 5, s² = 25·30/29.
    const sent = Array.from({ length: 30 }, (_, i) => (i % 2 ? 10 : 0));
    const lift = campaignLift(sent, new Array<number>(40).fill(0));
    expect(lift.incrementalPerMember).toBe(5);
    expect(lift.standardError).toBeCloseTo(Math.sqrt((25 * 30) / 29 / 30), 12);
    expect(lift.df).toBeCloseTo(29, 9); // Welch df reduces to n₁ − 1 when the other variance is 0
    expect(lift.ci95!.high - 5).toBeCloseTo(studentTQuantile(0.975, 29) * lift.standardError!, 12);
    expect(lift.relativeLift).toBeNull();
    expect(lift.caveats).toEqual(['holdoutNoVariance']);
  });

  it('29 members is too few, 30 is enough', () => {
    const spread = (n: number) => Array.from({ length: n }, (_, i) => i);
    expect(campaignLift(spread(29), spread(30)).caveats).toEqual(['sentTooSmall']);
    expect(campaignLift(spread(30), spread(30)).insufficient).toBe(false);
  });

  it('one member a side: means and difference, no variance, no interval', () => {
    const lift = campaignLift([12], [2]);
    expect(lift).toMatchObject({ incrementalPerMember: 10, standardError: null, ci95: null, relativeLift: 5 });
  });

  it('refuses non-finite revenue', () => {
    expect(() => campaignLift([1, Number.NaN], [1])).toThrow(RangeError);
  });
});

describe('ROI', () => {
  it('(revenue − cost) / cost: (1500 − 500) / 500 = 2; a loss is negative: (300 − 500) / 500 = −0.4', () => {
    expect(roi(1500, 500)).toBe(2);
    expect(roi(300, 500)).toBeCloseTo(-0.4, 12);
    expect(roi(0, 200)).toBe(-1);
  });

  it('a campaign that cost nothing has no ROI (null, not Infinity); a negative cost is refused', () => {
    expect(roi(1000, 0)).toBeNull();
    expect(() => roi(1000, -1)).toThrow(RangeError);
  });
});

describe('lift from group statistics (what SQL count/avg/var_samp return)', () => {
  it('equals the lift from the values: R t.test(c(2,4,6,8,10), c(1,2,3,4,5)) from n 5/5, means 6/3, variances 10/2.5', () => {
    const fromStats = liftFromStats({ n: 5, mean: 6, variance: 10 }, { n: 5, mean: 3, variance: 2.5 });
    const fromValues = campaignLift([2, 4, 6, 8, 10], [1, 2, 3, 4, 5]);
    expect(fromStats.incrementalPerMember).toBe(3);
    expect(fromStats.df).toBeCloseTo(5.8824, 4);
    expect(fromStats.ci95?.low).toBeCloseTo(-0.8877, 4);
    expect(fromStats.ci95?.high).toBeCloseTo(6.8877, 4);
    expect(fromStats).toEqual(fromValues);
  });
});
