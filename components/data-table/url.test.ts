import { describe, expect, it } from 'vitest';
import { withParams } from './url';

describe('withParams', () => {
  it('sets, replaces and removes params, keeping the rest', () => {
    expect(withParams('q=acme&page=3&sort=name', { page: 1, sort: null, dir: 'asc' })).toBe('?q=acme&page=1&dir=asc');
    expect(withParams('', { hide: '' })).toBe('?');
  });
});
