import { describe, expect, it } from 'vitest';
import { cleanString, findBadCharacters, hasBadCharacters } from './validation';

describe('bad characters', () => {
  it('refuses NUL, U+FFFD and unpaired surrogates; accepts other text, Chinese and emoji', () => {
    for (const bad of ['a\u0000b', 'caf\uFFFD', 'x\uD800', '\uDC00y', '\uD800\uD800\uDC00\uDC00']) {
      expect(hasBadCharacters(bad)).toBe(true);
    }
    for (const good of ['plain', '王伟', 'tab\tnew\nline', '😀 emoji', '']) expect(hasBadCharacters(good)).toBe(false);
  });

  it('cleanString reports the invalidCharacters key', () => {
    const result = cleanString().safeParse('a\u0000b');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toBe('invalidCharacters');
  });

  it('finds the paths of bad strings in nested input, keys included', () => {
    expect(findBadCharacters({ name: 'ok', rows: [{ city: 'x\u0000' }], 'k\uFFFD': 1 })).toEqual([
      'rows.0.city',
      'k\uFFFD',
    ]);
    expect(findBadCharacters('\u0000')).toEqual(['_']);
  });
});
