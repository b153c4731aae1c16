import { describe, expect, it } from 'vitest';
import { divRoundHalfUp, fromCents, lineTotalCents, quoteTotals, taxCents, totalsFit, toUnits } from './totals';

const line = (quantity: string, unitPrice: string, discountPct = '0') => ({ quantity, unitPrice, discountPct });
const none = { kind: 'amount', value: '0' } as const;

describe('decimal helpers', () => {
  it('reads decimal strings as integer units and writes cents back', () => {
    expect(toUnits('19.99', 2)).toBe(1999n);
    expect(toUnits('0.1', 2)).toBe(10n);
    expect(toUnits('8.875', 3)).toBe(8875n);
    expect(toUnits('3', 2)).toBe(300n);
    expect(toUnits('1.50', 1)).toBe(15n); // trailing zeros do not count as decimals
    expect(() => toUnits('1.005', 2)).toThrow(RangeError);
    expect(() => toUnits('1e3', 2)).toThrow(RangeError);
    expect(fromCents(5n)).toBe('0.05');
    expect(fromCents(-105n)).toBe('-1.05');
    expect(fromCents(123456789n)).toBe('1234567.89');
  });

  it('rounds half away from zero', () => {
    expect(divRoundHalfUp(25n, 10n)).toBe(3n); // 2.5 → 3
    expect(divRoundHalfUp(24n, 10n)).toBe(2n);
    expect(divRoundHalfUp(-25n, 10n)).toBe(-3n);
  });
});

describe('line totals', () => {
  it('3 × 19.99 = 59.97 exactly', () => {
    expect(lineTotalCents(line('3', '19.99'))).toBe(5997n);
  });

  it('2.5 × 1.99 = 4.975 → 4.98 (half up)', () => {
    expect(lineTotalCents(line('2.5', '1.99'))).toBe(498n);
  });

  it('1 × 0.05 at 50 % = 0.025 → 0.03', () => {
    expect(lineTotalCents(line('1', '0.05', '50'))).toBe(3n);
  });

  it('1 × 10.00 at 33.33 % = 6.667 → 6.67', () => {
    expect(lineTotalCents(line('1', '10.00', '33.33'))).toBe(667n);
  });

  it('a 100 % line discount makes the line free', () => {
    expect(lineTotalCents(line('7', '123.45', '100'))).toBe(0n);
  });
});

describe('quote totals', () => {
  it('0.10 + 0.20 = 0.30, not 0.30000000000000004', () => {
    const t = quoteTotals([line('1', '0.10'), line('1', '0.20')], none, '0');
    expect(t).toEqual({ lines: ['0.10', '0.20'], subtotal: '0.30', discount: '0.00', tax: '0.00', total: '0.30' });
  });

  it('33.33 % off 10.00 is 3.33 (3.333 rounded), leaving 6.67', () => {
    const t = quoteTotals([line('1', '10.00')], { kind: 'percent', value: '33.33' }, '0');
    expect(t.discount).toBe('3.33');
    expect(t.total).toBe('6.67');
  });

  it('tax 8.875 % on 59.97 (3 × 19.99) is 5.32 (5.3223…), total 65.29', () => {
    const t = quoteTotals([line('3', '19.99')], none, '8.875');
    expect(t).toEqual({ lines: ['59.97'], subtotal: '59.97', discount: '0.00', tax: '5.32', total: '65.29' });
  });

  it('tax 8.875 % on 100.00 is 8.875 → 8.88 (half up)', () => {
    expect(taxCents(10_000n, '8.875')).toBe(888n);
  });

  it('tax is on the discounted subtotal: (200.00 − 10 %) × 8.875 % = 180.00 × 0.08875 = 15.975 → 15.98', () => {
    const t = quoteTotals([line('2', '100.00')], { kind: 'percent', value: '10' }, '8.875');
    expect(t).toEqual({ lines: ['200.00'], subtotal: '200.00', discount: '20.00', tax: '15.98', total: '195.98' });
  });

  it('two products, line and overall discounts: the worked example of the e2e journey', () => {
    // 3 × 19.99 = 59.97; 2 × 249.00 at 15 % = 423.30; subtotal 483.27; 5 % off = 24.1635 → 24.16;
    // taxable 459.11; 8.875 % = 40.7460… → 40.75; total 499.86.
    const t = quoteTotals([line('3', '19.99'), line('2', '249.00', '15')], { kind: 'percent', value: '5' }, '8.875');
    expect(t).toEqual({
      lines: ['59.97', '423.30'],
      subtotal: '483.27',
      discount: '24.16',
      tax: '40.75',
      total: '499.86',
    });
  });

  it('an amount discount is taken as is, and refused above the subtotal', () => {
    const t = quoteTotals([line('1', '50.00')], { kind: 'amount', value: '12.34' }, '0');
    expect(t.discount).toBe('12.34');
    expect(t.total).toBe('37.66');
    expect(() => quoteTotals([line('1', '5.00')], { kind: 'amount', value: '5.01' }, '0')).toThrow(RangeError);
  });

  it('total = subtotal − discount + tax always holds (the database check)', () => {
    for (const [q, p, d, od, tax] of [
      ['1', '0.01', '0', '33.33', '8.875'],
      ['999', '9999.99', '12.5', '7.77', '19.6'],
      ['0.5', '0.03', '99.99', '50', '0.001'],
    ]) {
      const t = quoteTotals([line(q, p, d)], { kind: 'percent', value: od }, tax);
      const c = (s: string) => toUnits(s, 2);
      expect(c(t.total)).toBe(c(t.subtotal) - c(t.discount) + c(t.tax));
    }
  });

  it('an empty quote totals zero', () => {
    expect(quoteTotals([], none, '10').total).toBe('0.00');
  });
});

describe('totalsFit (numeric(14,2))', () => {
  it('999,999,999,999.99 fits; a cent more does not, in a line, the subtotal or through tax', () => {
    expect(totalsFit(quoteTotals([{ quantity: '1', unitPrice: '999999999999.99', discountPct: '0' }], none, '0'))).toBe(
      true,
    );
    expect(totalsFit(quoteTotals([{ quantity: '2', unitPrice: '500000000000', discountPct: '0' }], none, '0'))).toBe(
      false,
    );
    const half = { quantity: '1', unitPrice: '500000000000', discountPct: '0' };
    expect(totalsFit(quoteTotals([half, half], none, '0'))).toBe(false);
    expect(totalsFit(quoteTotals([half], none, '100'))).toBe(false);
    // A 100 % discount brings a line over the limit back to zero: the line itself is 0.00.
    expect(totalsFit(quoteTotals([{ ...half, quantity: '3', discountPct: '100' }], none, '0'))).toBe(true);
  });
});
