import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CustomerFilterSchema } from '@/lib/customers/filters';
import { cursorParam, dateParam, firstValues, idParam, optional, timestampParam, urlValues } from './search-params';

const BAD = ['a\u0000b', '\u0000', 'caf\uFFFD', 'x\uD800'];

describe('URL values with characters PostgreSQL cannot store', () => {
  it('firstValues drops them, keeps the first of repeated keys and passes good values through', () => {
    for (const bad of BAD)
      expect(firstValues({ q: bad, p: ['2', 'x'], n: '王伟' })).toEqual({ q: undefined, p: '2', n: '王伟' });
    expect(firstValues({ q: [BAD[0], 'ok'] })).toEqual({ q: undefined });
  });

  it('urlValues decodes a URL the same way: %00 and invalid UTF-8 (%C3%28, %FF) are dropped', () => {
    expect(urlValues('http://x/e?q=%00&industry=%C3%28&tags=%FF&country=DE&country=CN&name=%E7%8E%8B')).toEqual({
      q: undefined,
      industry: undefined,
      tags: undefined,
      country: 'DE',
      name: '王',
    });
  });

  it('optional() drops them even when a schema is parsed from raw input', () => {
    const schema = z.object({ q: optional(z.string().max(100)) });
    for (const bad of BAD) expect(schema.parse({ q: bad })).toEqual({ q: undefined });
    expect(schema.parse({ q: 'fine' })).toEqual({ q: 'fine' });
  });

  it('the customer filter drops NUL in q, industry and tags rather than passing it to SQL', () => {
    const f = CustomerFilterSchema.parse({ q: '\u0000', industry: '\u0000', tags: 'vip,\u0000', owner: '\u0000' });
    expect([f.q, f.industry, f.tags, f.owner]).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('dates in URLs', () => {
  it('accepts real calendar dates from 1900 to 2200', () => {
    for (const d of ['1900-01-01', '2024-02-29', '2026-12-31', '2200-12-31']) expect(dateParam.parse(d)).toBe(d);
  });

  it('drops years outside 1900–2200, impossible days and other shapes', () => {
    for (const d of ['0000-01-01', '1899-12-31', '2201-01-01', '9999-12-31', '2026-02-30', '2025-02-29', '2026-13-01'])
      expect(dateParam.parse(d), d).toBeUndefined();
    for (const d of ['+010000-01-01', '2026-1-1', '20260101', 'today', '2026-01-01\u0000', 42])
      expect(dateParam.parse(d), String(d)).toBeUndefined();
  });

  it('the customer filter drops out-of-range from/to', () => {
    const f = CustomerFilterSchema.parse({ from: '0000-01-01', to: '9999-12-31' });
    expect([f.from, f.to]).toEqual([undefined, undefined]);
  });

  it('timestamps: ISO with a zone, within the supported years', () => {
    expect(timestampParam.parse('2026-03-01T09:30:00.123Z')).toEqual(new Date(Date.UTC(2026, 2, 1, 9, 30, 0, 123)));
    for (const t of ['0000-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z', '2026-03-01', '2026-03-01T09:30', 'x'])
      expect(timestampParam.parse(t), t).toBeUndefined();
  });

  it('a keyset cursor is <timestamp>_<uuid>; anything else is no cursor', () => {
    const id = '8a6e0804-2bd0-4672-b79d-d97027f9071a';
    expect(cursorParam.parse(`2026-03-01T09:30:00.000Z_${id}`)).toEqual({
      at: new Date(Date.UTC(2026, 2, 1, 9, 30)),
      id,
    });
    for (const c of [
      `0000-01-01_${id}`,
      `0000-01-01T00:00:00.000Z_${id}`,
      '2026-03-01T09:30:00.000Z_x',
      `a_b_${id}`,
      '_',
    ])
      expect(cursorParam.parse(c), c).toBeUndefined();
  });

  it('integer ids stay within what bigint and JavaScript hold', () => {
    expect(idParam.parse('42')).toBe(42);
    for (const v of ['0', '-1', '1.5', '1e20', '9007199254740993', 'x']) expect(idParam.parse(v), v).toBeUndefined();
  });
});
