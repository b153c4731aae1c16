import { describe, expect, it } from 'vitest';
import { leadName } from './names';

describe('leadName', () => {
  it('writes Western names first-last with a space and Chinese names family-first without one', () => {
    expect(leadName('Ada', 'Lovelace')).toBe('Ada Lovelace');
    expect(leadName('芳', '杨')).toBe('杨芳');
    expect(leadName('Ada', null)).toBe('Ada');
  });
});
