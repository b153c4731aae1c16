import { describe, expect, it } from 'vitest';
import { quantileBreaks, quantileType7, rfmInputs, rfmScores, scoreAgainstBreaks, weightedRfmScore } from './rfm';
import { segmentRfm, UNMATCHED_SEGMENT } from './rfm-segments';
import { summarizeTransactions } from './summary';
import { loadRfmFixture } from './testing/rfm-fixture';

describe('quantiles and scores', () => {
  it('type-7 quantile of 1…5 at p = 0.3 is 1 + 0.3·4 = 2.2; at p = 1 the maximum', () => {
    expect(quantileType7([1, 2, 3, 4, 5], 0.3)).toBeCloseTo(2.2, 12);
    expect(quantileType7([1, 2, 3, 4, 5], 1)).toBe(5);
  });

  it('quintile breaks of 10, 20, …, 100 are 28, 46, 64, 82 (h = 9p: 1.8 → 20 + 0.8·10)', () => {
    expect(quantileBreaks([100, 10, 20, 30, 40, 50, 60, 70, 80, 90], 5)).toEqual(
      [28, 46, 64, 82].map((v) => expect.closeTo(v, 10)),
    );
  });

  it('scores a value by the [lower, upper) interval it falls in; recency is reversed', () => {
    const breaks = [4, 5, 6, 8];
    expect([3, 4, 5, 7.9, 8, 99].map((v) => scoreAgainstBreaks(v, breaks))).toEqual([1, 2, 3, 4, 5, 5]);
    expect([3, 4, 8].map((v) => scoreAgainstBreaks(v, breaks, true))).toEqual([5, 4, 1]);
  });

  it('tied breaks leave a score unused: breaks 1, 1, 2, 3 give a 1 the score 3', () => {
    expect(scoreAgainstBreaks(1, [1, 1, 2, 3])).toBe(3);
  });

  it('weighted score 0.2·R + 0.3·F + 0.5·M of R3 F5 M5 is 0.6 + 1.5 + 2.5 = 4.6; equal weights average', () => {
    expect(weightedRfmScore({ r: 3, f: 5, m: 5 }, { r: 0.2, f: 0.3, m: 0.5 })).toBeCloseTo(4.6, 12);
    expect(weightedRfmScore({ r: 3, f: 4, m: 5 })).toBeCloseTo(4, 12);
  });
});

it('adds the rfm package offset of 1 to quantile breaks unless breakOffset is 0', () => {
  const rows = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((v) => ({
    customerId: `c${v}`,
    recencyDays: v,
    frequency: v,
    monetary: v,
  }));
  // quintiles of 1…10 are 2.8, 4.6, 6.4, 8.2 (h = 9p)
  expect(rfmScores(rows).breaks.frequency).toEqual([3.8, 5.6, 7.4, 9.2].map((v) => expect.closeTo(v, 10)));
  expect(rfmScores(rows, { breakOffset: 0 }).breaks.frequency).toEqual(
    [2.8, 4.6, 6.4, 8.2].map((v) => expect.closeTo(v, 10)),
  );
});

it('uses explicit breaks as given: recency 10 days against 5/20/30/40 scores R4', () => {
  const explicit = { recency: [5, 20, 30, 40], frequency: [2, 3, 4, 5], monetary: [10, 20, 30, 40] };
  const { scores } = rfmScores([{ customerId: 'a', recencyDays: 10, frequency: 3, monetary: 45 }], { bins: explicit });
  expect(scores[0]).toMatchObject({ r: 4, f: 3, m: 5 });
});

describe('rfm 0.3.0 reference: rfm_data_orders, analysis date 2006-12-31 (fixtures/rfm/README.md)', () => {
  const summaries = summarizeTransactions(loadRfmFixture(), { asOf: '2006-12-31' });
  const { breaks, scores } = rfmScores(rfmInputs(summaries));

  it('has 995 customers from 4,906 orders', () => {
    expect(summaries).toHaveLength(995);
    expect(summaries.reduce((s, c) => s + c.orders, 0)).toBe(4906);
  });

  it('reproduces the published breaks: recency 115/181/297.4/482, frequency 4/5/6/8, monetary 255.8/382/506.4/666', () => {
    expect(breaks.recency.map((b) => +b.toFixed(6))).toEqual([115, 181, 297.4, 482]);
    expect(breaks.frequency.map((b) => +b.toFixed(6))).toEqual([4, 5, 6, 8]);
    expect(breaks.monetary.map((b) => +b.toFixed(6))).toEqual([255.8, 382, 506.4, 666]);
  });

  it('reproduces the published example rows: Brion Stark 229 d, 8, 852 → 355; Edw Frami 44 d, 10, 868 → 555', () => {
    const brion = scores.find((s) => s.customerId === 'Brion Stark')!;
    expect(brion).toMatchObject({ recencyDays: 229, frequency: 8, monetary: 852, r: 3, f: 5, m: 5, rfm: 355 });
    const edw = scores.find((s) => s.customerId === 'Edw Frami')!;
    expect(edw).toMatchObject({ recencyDays: 44, frequency: 10, monetary: 868, rfm: 555 });
  });

  it('reproduces all ten published segment counts, none unmatched', () => {
    const counts: Record<string, number> = {};
    for (const s of scores) {
      const name = segmentRfm(s);
      counts[name] = (counts[name] ?? 0) + 1;
    }
    expect(counts).toEqual({
      'Potential Loyalist': 342,
      'Loyal Customers': 170,
      Lost: 148,
      'New Customers': 104,
      'About To Sleep': 102,
      "Can't Lose Them": 47,
      Champions: 35,
      'At Risk': 28,
      'Need Attention': 10,
      Promising: 9,
    });
    expect(counts[UNMATCHED_SEGMENT]).toBeUndefined();
  });
});

describe('segment table order', () => {
  it('first match wins: 555 is Champions although it also fits Potential Loyalist', () => {
    expect(segmentRfm({ r: 5, f: 5, m: 5 })).toBe('Champions');
    expect(segmentRfm({ r: 5, f: 5, m: 4 })).toBe('Potential Loyalist');
  });

  it('scores outside every row are Others: R2 F5 M1', () => {
    expect(segmentRfm({ r: 2, f: 5, m: 1 })).toBe(UNMATCHED_SEGMENT);
  });
});
