import { expect, it } from 'vitest';
import { VALUE_CLASS_LIST, valueMatrix } from './rfm-segments';

// Means: recency (10 + 100 + 20 + 50)/4 = 45 days, frequency (5 + 1 + 2 + 8)/4 = 4, monetary (100 + 500 + 10 + 30)/4 = 160.
const rows = [
  { customerId: 'c1', recencyDays: 10, frequency: 5, monetary: 100, r: 5, f: 4, m: 3 },
  { customerId: 'c2', recencyDays: 100, frequency: 1, monetary: 500, r: 1, f: 1, m: 5 },
  { customerId: 'c3', recencyDays: 20, frequency: 2, monetary: 10, r: 4, f: 2, m: 1 },
  { customerId: 'c4', recencyDays: 50, frequency: 8, monetary: 30, r: 2, f: 5, m: 2 },
];

it('compares R, F, M with their means 45 / 4 / 160; fewer days than the mean is high recency', () => {
  const { means, rows: out } = valueMatrix(rows);
  expect(means).toEqual({ r: 45, f: 4, m: 160 });
  expect(out.map((r) => r.valueClass.zh)).toEqual(['一般价值', '重要挽留', '一般发展', '一般保持']);
  expect(out[0]).toMatchObject({ rHigh: true, fHigh: true, mHigh: false });
});

it('on the scores basis a high R score is high recency: mean scores 3 / 3 / 2.75', () => {
  const { means, rows: out } = valueMatrix(rows, { basis: 'scores' });
  expect(means).toEqual({ r: 3, f: 3, m: 2.75 });
  // c1: 5>3, 4>3, 3>2.75 → 重要价值; c2: low, low, high → 重要挽留; c3: high, low, low → 一般发展; c4: low, high, low → 一般保持
  expect(out.map((r) => r.valueClass.key)).toEqual([
    'important-value',
    'important-retain',
    'general-develop',
    'general-keep',
  ]);
});

it('a value equal to the mean counts as low', () => {
  const { rows: out } = valueMatrix([
    { customerId: 'a', recencyDays: 10, frequency: 2, monetary: 50 },
    { customerId: 'b', recencyDays: 10, frequency: 2, monetary: 50 },
  ]);
  expect(out[0]).toMatchObject({ rHigh: false, fHigh: false, mHigh: false });
  expect(out[0].valueClass.zh).toBe('一般挽留');
});

it('names all eight classes once, 重要价值 first and 一般挽留 last', () => {
  expect(VALUE_CLASS_LIST.map((c) => c.zh)).toEqual([
    '重要价值',
    '重要发展',
    '重要保持',
    '重要挽留',
    '一般价值',
    '一般发展',
    '一般保持',
    '一般挽留',
  ]);
});
