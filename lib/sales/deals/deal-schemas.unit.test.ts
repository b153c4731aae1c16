import { describe, expect, it } from 'vitest';
import { amountField } from './deal-schemas';

describe('amountField', () => {
  it('reads thousands groups as people type them', () => {
    for (const [typed, read] of [
      ['1,500', '1500'],
      ['12,345.60', '12345.60'],
      ['1,234,567', '1234567'],
      [' 2500 ', '2500'],
      ['0.5', '0.5'],
    ])
      expect(amountField.parse(typed)).toBe(read);
  });

  it('refuses commas that are not thousands groups, negative amounts and more than two decimals', () => {
    for (const typed of ['1,5', '15,00', '1,50,000', ',500', '-5', '1.234', '1e3', ''])
      expect(amountField.safeParse(typed).success, typed).toBe(false);
  });
});
