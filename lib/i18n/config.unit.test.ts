import { describe, expect, it } from 'vitest';
import { negotiateLocale } from './config';

describe('negotiateLocale', () => {
  it('picks Simplified Chinese for any zh tag and English for en; first supported wins', () => {
    expect(negotiateLocale('zh-TW,zh;q=0.9')).toBe('zh-CN');
    expect(negotiateLocale('fr-FR,en-GB;q=0.8,zh;q=0.5')).toBe('en');
    expect(negotiateLocale('de-DE')).toBe('en');
    expect(negotiateLocale(null)).toBe('en');
  });
});
