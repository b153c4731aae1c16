import { describe, expect, it } from 'vitest';
import { negotiateLocale, pickLocale } from './config';

describe('negotiateLocale', () => {
  it('picks Simplified Chinese for any zh tag and English for en; first supported wins', () => {
    expect(negotiateLocale('zh-TW,zh;q=0.9')).toBe('zh-CN');
    expect(negotiateLocale('fr-FR,en-GB;q=0.8,zh;q=0.5')).toBe('en');
    expect(negotiateLocale('de-DE')).toBe('en');
    expect(negotiateLocale(null)).toBe('en');
  });
});

describe('pickLocale', () => {
  it('a saved choice wins; a user who never chose follows the cookie, then the browser', () => {
    expect(pickLocale({ saved: 'en', cookie: 'zh-CN', acceptLanguage: 'zh-CN' })).toBe('en');
    expect(pickLocale({ saved: null, cookie: 'zh-CN', acceptLanguage: 'en-US' })).toBe('zh-CN');
    expect(pickLocale({ saved: null, cookie: null, acceptLanguage: 'zh-CN,zh;q=0.9' })).toBe('zh-CN');
    expect(pickLocale({ saved: 'klingon', cookie: 'xx', acceptLanguage: null })).toBe('en');
  });
});
