import { describe, expect, it } from 'vitest';
import {
  dateReader,
  detectDateFormats,
  formatScaled,
  isDateFormat,
  lineTotalCents,
  normaliseExternalId,
  orderNumberCandidates,
  parseScaled,
  unitPriceCents,
} from './values';

const iso = (format: string, zone: string, text: string) => dateReader(format, zone)(text)?.toISOString() ?? null;

describe('amounts in exports', () => {
  it('reads thousands separators, a decimal comma, signs, parentheses and a currency sign exactly', () => {
    expect(parseScaled('1,234.50', 2)).toBe(123450n);
    expect(parseScaled('1.234,50', 2, ',')).toBe(123450n);
    expect(parseScaled('1 234,5', 2, ',')).toBe(123450n);
    expect(parseScaled('-2.55', 2)).toBe(-255n);
    expect(parseScaled('(12.00)', 2)).toBe(-1200n);
    expect(parseScaled('$-2.50', 2)).toBe(-250n);
    expect(parseScaled('£0.85', 4)).toBe(8500n);
    expect(parseScaled('0.001', 4)).toBe(10n); // Online Retail has unit prices of 0.001
    expect(parseScaled('.5', 2)).toBe(50n);
    expect(parseScaled('2.5500', 2)).toBe(255n); // zeros past the scale lose nothing
  });

  it('refuses what would silently change the value', () => {
    for (const bad of ['', ' ', '1,23.4', '12,34', '1e3', 'abc', '2.555', '1.2.3', '--1', '12-'])
      expect(parseScaled(bad, 2), bad).toBeNull();
  });

  it('line total = quantity × unit price, rounded half away from zero to cents, in integers', () => {
    // 3 × 0.005 = 0.015 → 0.02 ; −3 × 0.005 = −0.015 → −0.02 ; 6 × 2.55 = 15.30
    expect(formatScaled(lineTotalCents(300n, 50n), 2)).toBe('0.02');
    expect(formatScaled(lineTotalCents(-300n, 50n), 2)).toBe('-0.02');
    expect(formatScaled(lineTotalCents(600n, 25500n), 2)).toBe('15.30');
    // 0.1 + 0.2 in binary floats is 0.30000000000000004; here 10 × 0.01 + 20 × 0.01 is 0.30 exactly
    expect(formatScaled(lineTotalCents(1000n, 100n) + lineTotalCents(2000n, 100n), 2)).toBe('0.30');
  });

  it('unit price from a line total: 10.00 for 3 is 3.33, −10.00 for −3 is 3.33', () => {
    expect(unitPriceCents(1000n, 300n)).toBe(333n);
    expect(unitPriceCents(-1000n, -300n)).toBe(333n);
    expect(unitPriceCents(1000n, 600n)).toBe(167n); // 1.6666… → 1.67
  });
});

describe('customer ids a spreadsheet turned into floats', () => {
  it('"17850.0" and "1.785E+04" are 17850; leading zeros and real text stay', () => {
    expect(normaliseExternalId('17850.0')).toBe('17850');
    expect(normaliseExternalId(' 17850.00 ')).toBe('17850');
    expect(normaliseExternalId('1.785E+04')).toBe('17850');
    expect(normaliseExternalId('1.7850e4')).toBe('17850');
    expect(normaliseExternalId('00123')).toBe('00123');
    expect(normaliseExternalId('17850.5')).toBe('17850.5');
    expect(normaliseExternalId('CUST-1.0')).toBe('CUST-1.0');
  });
});

describe('dates with an explicit format, in the company time zone', () => {
  it('a wall time is read in the zone: London in winter is UTC, in summer UTC+1', () => {
    expect(iso('YYYY-MM-DD HH:mm:ss', 'Europe/London', '2010-12-01 08:26:00')).toBe('2010-12-01T08:26:00.000Z');
    expect(iso('YYYY-MM-DD HH:mm:ss', 'Europe/London', '2011-07-01 08:26:00')).toBe('2011-07-01T07:26:00.000Z');
    expect(iso('M/D/YYYY H:mm', 'Asia/Shanghai', '12/1/2010 8:26')).toBe('2010-12-01T00:26:00.000Z');
    expect(iso('D/M/YYYY H:mm', 'America/New_York', '1/12/2010 8:26')).toBe('2010-12-01T13:26:00.000Z');
  });

  it('an offset in the value wins over the zone (Shopify: "2024-03-05 14:22:10 +0100")', () => {
    expect(iso('YYYY-MM-DD HH:mm:ss Z', 'Asia/Shanghai', '2024-03-05 14:22:10 +0100')).toBe('2024-03-05T13:22:10.000Z');
    expect(iso('YYYY-MM-DDTHH:mm:ssZ', 'Asia/Shanghai', '2024-03-05T14:22:10-05:00')).toBe('2024-03-05T19:22:10.000Z');
    expect(iso('YYYY-MM-DDTHH:mm:ssZ', 'Asia/Shanghai', '2024-03-05T14:22:10Z')).toBe('2024-03-05T14:22:10.000Z');
  });

  it('across a daylight-saving change, as lib/zoned-time reads it (New York, 2026-03-08 and 2026-11-01)', () => {
    expect(iso('YYYY-MM-DD HH:mm', 'America/New_York', '2026-03-08 02:30')).toBe('2026-03-08T07:30:00.000Z');
    expect(iso('YYYY-MM-DD HH:mm', 'America/New_York', '2026-11-01 01:30')).toBe('2026-11-01T05:30:00.000Z');
    expect(iso('YYYY-MM-DD HH:mm', 'America/New_York', '2026-11-01 02:30')).toBe('2026-11-01T07:30:00.000Z');
  });

  it('seconds may be left out, fractions kept; 12-hour clocks need AM/PM', () => {
    expect(iso('YYYY-MM-DD HH:mm:ss', 'UTC', '2010-12-01 08:26')).toBe('2010-12-01T08:26:00.000Z');
    expect(iso('YYYY-MM-DD HH:mm:ss', 'UTC', '2010-12-01 08:26:07.25')).toBe('2010-12-01T08:26:07.250Z');
    expect(iso('M/D/YYYY h:mm A', 'UTC', '12/1/2010 12:05 AM')).toBe('2010-12-01T00:05:00.000Z');
    expect(iso('M/D/YYYY h:mm A', 'UTC', '12/1/2010 1:05 pm')).toBe('2010-12-01T13:05:00.000Z');
  });

  it('refuses impossible dates, other layouts and years outside 1900–2200', () => {
    const read = dateReader('YYYY-MM-DD HH:mm:ss', 'UTC');
    for (const bad of [
      '2011-02-29 10:00:00',
      '2011-13-01 10:00:00',
      '2011-01-01 24:00:00',
      '12/1/2010 8:26',
      '1899-12-31 00:00:00',
      '',
    ])
      expect(read(bad), bad).toBeNull();
  });

  it('a format is tokens and separators only', () => {
    expect(isDateFormat('D.M.YYYY H:mm')).toBe(true);
    expect(isDateFormat('YYYY-MM')).toBe(false); // no day
    expect(isDateFormat('DD/MM/YYYY hh:mm')).toBe(false); // a 12-hour clock without AM/PM
    expect(isDateFormat('YYYY-MM-DD; drop table')).toBe(false);
  });

  it('detection: 12/1/2010 fits month-first and day-first; 13/1/2010 only day-first', () => {
    const both = detectDateFormats(['12/1/2010 8:26', '12/2/2010 9:01']);
    expect(both).toContain('M/D/YYYY H:mm');
    expect(both).toContain('D/M/YYYY H:mm');
    const dayFirst = detectDateFormats(['12/1/2010 8:26', '13/1/2010 9:01']);
    expect(dayFirst).toContain('D/M/YYYY H:mm');
    expect(dayFirst).not.toContain('M/D/YYYY H:mm');
  });
});

describe('order numbers', () => {
  it('sales are IMP-, returns RET-; a long source number gets a stable fingerprint', () => {
    expect(orderNumberCandidates('sale', '536365')[0]).toBe('IMP-536365');
    expect(orderNumberCandidates('return', 'C536379')[0]).toBe('RET-C536379');
    const long = orderNumberCandidates('sale', '#1001-SHOPIFY-EUROPE-STORE');
    expect(long[0]).toMatch(/^IMP-#1001-SHOPIF-[0-9a-z]{7}$/);
    expect(long[0].length).toBeLessThanOrEqual(24);
    expect(orderNumberCandidates('sale', '#1001-SHOPIFY-EUROPE-STORE')).toEqual(long);
  });
});
