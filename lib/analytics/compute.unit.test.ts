import { describe, expect, it } from 'vitest';
import { fixedUnits, quintileBandColumn, unitsText } from './compute';
import { parsePairs, windowStart } from './load';

describe('analytics refresh helpers', () => {
  it('parses day:cents pairs, negative values included, and counts them', () => {
    const seen: [number, number][] = [];
    expect(parsePairs('20454:1999,20455:-500,0:7', (d, c) => seen.push([d, c]))).toBe(3);
    expect(seen).toEqual([
      [20454, 1999],
      [20455, -500],
      [0, 7],
    ]);
  });

  it('a 12-month window ending 2026-06-30 starts on 2025-07-01, a 1-month one ending 2026-03-31 on 03-01; none means all history', () => {
    expect(windowStart('2026-06-30', 12)).toBe('2025-07-01');
    expect(windowStart('2026-03-31', 1)).toBe('2026-03-01'); // one month before Mar 31 is Feb 28 (no Feb 31)
    expect(windowStart('2026-06-30', null)).toBeNull();
  });

  it('quintile bands by rank: 10 values → two per band; nulls stay null', () => {
    expect(Array.from(quintileBandColumn(Float64Array.from([5, 1, Number.NaN, 9, 3, 7, 2, 8, 4, 6, 10])))).toEqual([
      3,
      1,
      Number.NaN,
      5,
      2,
      4,
      1,
      4,
      2,
      3,
      5,
    ]);
  });
});

describe('binary COPY format', () => {
  const numeric = async (text: string) => {
    const { writeNumeric } = await import('./binary-copy');
    const buf = Buffer.alloc(64);
    const n = writeNumeric(buf, 0, text);
    const words = Array.from({ length: n / 2 }, (_, i) => buf.readInt16BE(2 * i));
    const [ndigits, weight, sign, dscale, ...digits] = words;
    return { ndigits, weight, sign: sign & 0xffff, dscale, digits };
  };

  it('writes numeric as base-10000 digits with weight, sign and scale: 1234.50, -0.05, 10000, 0.00, 12345.678', async () => {
    expect(await numeric('1234.50')).toEqual({ ndigits: 2, weight: 0, sign: 0, dscale: 2, digits: [1234, 5000] });
    expect(await numeric('-0.05')).toEqual({ ndigits: 1, weight: -1, sign: 0x4000, dscale: 2, digits: [500] });
    expect(await numeric('10000')).toEqual({ ndigits: 2, weight: 1, sign: 0, dscale: 0, digits: [1, 0] });
    expect(await numeric('0.00')).toEqual({ ndigits: 1, weight: -1, sign: 0, dscale: 2, digits: [0] });
    expect(await numeric('-0.00')).toEqual({ ndigits: 1, weight: -1, sign: 0, dscale: 2, digits: [0] });
    expect(await numeric('12345.678')).toEqual({ ndigits: 3, weight: 1, sign: 0, dscale: 3, digits: [1, 2345, 6780] });
    await expect(numeric('1e5')).rejects.toThrow(/plain decimal/);
  });

  it('writes a row as field count, then length and bytes per value (-1 for null), between header and trailer', async () => {
    const { binaryCopyChunks } = await import('./binary-copy');
    const bytes = Buffer.concat([
      ...binaryCopyChunks(
        ['uuid', 'date', 'int2', 'float8', 'text', 'jsonb', 'int2[]', 'int2[]', 'int4'],
        [
          ['0a0b0c0d-1e2f-4a5b-9c6d-7e8f90a1b2c3'],
          ['2000-01-02'],
          [7],
          [0.1],
          ['Zoë'],
          ['[]'],
          ['{0,2}'],
          ['{}'],
          [null],
        ],
        1,
      ),
    ]);
    expect(bytes.subarray(0, 11).toString('latin1')).toBe('PGCOPY\n\xff\r\n\0');
    let p = 19;
    const field = () => {
      const n = bytes.readInt32BE(p);
      const value = n < 0 ? null : bytes.subarray(p + 4, p + 4 + n);
      p += 4 + Math.max(n, 0);
      return value;
    };
    expect(bytes.readInt16BE(p)).toBe(9);
    p += 2;
    expect(field()!.toString('hex')).toBe('0a0b0c0d1e2f4a5b9c6d7e8f90a1b2c3');
    expect(field()!.readInt32BE(0)).toBe(1); // days since 2000-01-01
    expect(field()!.readInt16BE(0)).toBe(7);
    expect(field()!.readDoubleBE(0)).toBe(0.1);
    expect(field()!.toString('utf8')).toBe('Zoë');
    expect(Array.from(field()!)).toEqual([1, 91, 93]); // jsonb version 1, then '[]'
    const array = field()!;
    expect([0, 4, 8, 12, 16].map((at) => array.readInt32BE(at))).toEqual([1, 0, 21, 2, 1]); // 1-d, no nulls, int2, length 2 from 1
    expect([array.readInt16BE(24), array.readInt16BE(30)]).toEqual([0, 2]);
    const empty = field()!;
    expect([0, 4, 8].map((at) => empty.readInt32BE(at))).toEqual([0, 0, 21]); // no dimensions
    expect(field()).toBeNull();
    expect(bytes.readInt16BE(p)).toBe(-1);
    expect(p + 2).toBe(bytes.length);
  });
});

it('splits a table’s pages into shares that cover it, the last one open-ended', async () => {
  const { pageRangeBounds } = await import('./load');
  expect(pageRangeBounds(100, 1)).toEqual([[null, null]]);
  expect(pageRangeBounds(17_658, 2)).toEqual([
    [null, 8829],
    [8829, null],
  ]);
  expect(pageRangeBounds(10, 3)).toEqual([
    [null, 3],
    [3, 6],
    [6, null],
  ]);
  expect(pageRangeBounds(0, 2)).toEqual([
    [null, 0],
    [0, null],
  ]);
});

describe('money as whole cents', () => {
  // Values whose product by 100 (or 1000) lands on or right next to a half: toFixed decides by the
  // exact binary value, and so must fixedUnits.
  const edges = [0, -0, 0.005, -0.005, 0.125, -0.125, 1.005, 2.675, 1.115, 8.345, 1234.565, 0.0049999, 1e12 + 0.005];
  let seed = 7;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const samples = [
    ...edges,
    ...Array.from({ length: 20_000 }, () => (random() - 0.3) * 10 ** Math.floor(random() * 9)),
    ...Array.from({ length: 5_000 }, () => Math.round((random() - 0.5) * 1e6) / 1000 + 0.0005),
  ];
  const textUnits = (text: string) => Number(text.replace('.', ''));

  it('fixedUnits(v, 2) is the cents toFixed(2) writes, ties away from zero: 0.125 → 13, 1.005 → 100 (1.00499…), -0.125 → -13', () => {
    expect(fixedUnits(0.125, 2)).toBe(13);
    expect(fixedUnits(1.005, 2)).toBe(100);
    expect(fixedUnits(-0.125, 2)).toBe(-13);
    expect(fixedUnits(Number.NaN, 2)).toBeNull();
    for (const v of samples) {
      expect(fixedUnits(v, 2)).toBe(textUnits(v.toFixed(2)));
      expect(fixedUnits(v, 3)).toBe(textUnits(v.toFixed(3)));
    }
  });

  it('unitsText writes what toFixed wrote (but 0.00 for -0.00), and binary COPY the same numeric for units as for that text', async () => {
    const { writeNumeric, writeScaledNumeric } = await import('./binary-copy');
    const a = Buffer.alloc(64);
    const b = Buffer.alloc(64);
    expect(unitsText(-5, 2)).toBe('-0.05');
    expect(unitsText(123456789, 3)).toBe('123456.789');
    for (const v of samples)
      for (const decimals of [2, 3] as const) {
        const units = fixedUnits(v, decimals)!;
        const text = unitsText(units, decimals)!;
        expect(text).toBe(
          v.toFixed(decimals) === `-${(0).toFixed(decimals)}` ? (0).toFixed(decimals) : v.toFixed(decimals),
        );
        const n = writeNumeric(a, 0, v.toFixed(decimals));
        expect(writeScaledNumeric(b, 0, units, decimals)).toBe(n);
        expect(b.subarray(0, n).equals(a.subarray(0, n))).toBe(true);
      }
  });
});

it('binary COPY: a uuid repeated down a column (the run id) is written as each row’s own, beside one that changes', async () => {
  const { binaryCopyChunks } = await import('./binary-copy');
  const run = '11111111-2222-4333-8444-555555555555';
  const ids = ['0a0b0c0d-1e2f-4a5b-9c6d-7e8f90a1b2c3', 'ffffffff-0000-4000-8000-000000000001', run];
  const bytes = Buffer.concat([...binaryCopyChunks(['uuid', 'uuid'], [[run, run, run], ids], 3, 64)]);
  let p = 19;
  const fields: string[] = [];
  for (let row = 0; row < 3; row++) {
    expect(bytes.readInt16BE(p)).toBe(2);
    p += 2;
    for (let c = 0; c < 2; c++) {
      expect(bytes.readInt32BE(p)).toBe(16);
      fields.push(bytes.subarray(p + 4, p + 20).toString('hex'));
      p += 20;
    }
  }
  const hex = (u: string) => u.replace(/-/g, '');
  expect(fields).toEqual(ids.flatMap((id) => [hex(run), hex(id)]));
  expect(bytes.readInt16BE(p)).toBe(-1);
});

describe('baskets as one text', () => {
  it('reads a line of comma-separated product ids per order, and refuses a count that does not match', async () => {
    const { basketLists } = await import('./tasks');
    expect(basketLists({ orders: 0, text: '' })).toEqual([]);
    expect(basketLists({ orders: 2, text: 'a,b\nc' })).toEqual([['a', 'b'], ['c']]);
    expect(() => basketLists({ orders: 3, text: 'a,b\nc' })).toThrow(/expected 3 lines/);
  });
});

it('binary COPY: texts and integer lists given as compact columns give the bytes their one-per-row forms give', async () => {
  const { binaryCopyChunks, byteTexts, int16ListLiterals } = await import('./binary-copy');
  const texts = ['[{"feature":"Zoë","contribution":0.5}]', null, '[]'];
  const lists = [[0, 1, 5], [], [0, -2]];
  const encoded = texts.map((t) => new TextEncoder().encode(t ?? ''));
  const offsets = new Int32Array(texts.length + 1);
  encoded.forEach((b, r) => {
    offsets[r + 1] = offsets[r] + b.length;
  });
  // Rows in another order than the stored values (as score rows are to the table's customers).
  const rows = Int32Array.from([2, 0, 1, 0]);
  const reasons = {
    bytes: Uint8Array.from(encoded.flatMap((b) => [...b])),
    offsets,
    isNull: Uint8Array.from(texts, (t) => (t === null ? 1 : 0)),
    rows,
  };
  const months = {
    values: Int16Array.from(lists.flat()),
    offsets: Int32Array.from([0, 3, 3, 5]),
    rows,
  };
  expect(byteTexts(reasons)).toEqual(['[]', texts[0], null, texts[0]]);
  expect(int16ListLiterals(months)).toEqual(['{0,-2}', '{0,1,5}', '{}', '{0,1,5}']);
  const compact = Buffer.concat([...binaryCopyChunks(['jsonb', 'json', 'int2[]'], [reasons, reasons, months], 4)]);
  const plain = Buffer.concat([
    ...binaryCopyChunks(
      ['jsonb', 'json', 'int2[]'],
      [byteTexts(reasons), byteTexts(reasons), int16ListLiterals(months)],
      4,
    ),
  ]);
  expect(compact.equals(plain)).toBe(true);
});

/** Quintile bands by a comparator sort of the indices (ties by position): the reference for the column's. */
function quintileBands(values: readonly (number | null)[]): (number | null)[] {
  const idx: number[] = [];
  values.forEach((v, i) => {
    if (v !== null && Number.isFinite(v)) idx.push(i);
  });
  idx.sort((a, b) => (values[a] as number) - (values[b] as number) || a - b);
  const bands = new Array<number | null>(values.length).fill(null);
  idx.forEach((i, rank) => {
    bands[i] = Math.floor((rank * 5) / idx.length) + 1;
  });
  return bands;
}

it('quintile bands of a column equal a comparator sort’s: ties in index order, nulls (NaN) and infinities left out, -0 one with 0', () => {
  let seed = 5;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const values = Array.from({ length: 3000 }, (_, i) => {
    const r = random();
    if (r < 0.05) return null;
    if (r < 0.06) return i % 2 ? -0 : 0;
    if (r < 0.065) return Number.POSITIVE_INFINITY;
    return Math.round(random() * 200) / 4 - 10;
  });
  const column = Float64Array.from(values, (v) => (v === null ? Number.NaN : v));
  const expected = quintileBands(values).map((b) => (b === null ? Number.NaN : b));
  expect(Array.from(quintileBandColumn(column))).toEqual(expected);
});
