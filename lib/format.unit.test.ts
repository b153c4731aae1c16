import { describe, expect, it } from 'vitest';
import { personName } from './format';

describe('personName', () => {
  it('puts the family name first, without a space, for Chinese names', () => {
    expect(personName('伟', '王')).toBe('王伟');
    expect(personName('Ada', 'Lovelace')).toBe('Ada Lovelace');
    expect(personName('Cher', null)).toBe('Cher');
  });
});
