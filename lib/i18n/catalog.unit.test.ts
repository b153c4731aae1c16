import { describe, expect, it } from 'vitest';
import en from './messages/en.json';
import zh from './messages/zh-CN.json';

function keys(obj: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

describe('message catalogs', () => {
  it('English and Simplified Chinese have exactly the same keys', () => {
    const a = keys(en).sort();
    const b = keys(zh).sort();
    expect(b.filter((k) => !a.includes(k))).toEqual([]);
    expect(a.filter((k) => !b.includes(k))).toEqual([]);
  });

  it('no Chinese message is left in English (every zh-CN string has a CJK character or is a pure placeholder/code)', () => {
    const flat = (o: Record<string, unknown>, p = ''): [string, string][] =>
      Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? flat(v as Record<string, unknown>, `${p}${k}.`) : [[`${p}${k}`, String(v)]]));
    const untranslated = flat(zh).filter(([, v]) => /[A-Za-z]{4,}/.test(v.replace(/\{[^}]*\}/g, '').replace(/\b(Lodestar|CRM|ISO|IANA|USD|EUR|CNY|CLV|Asia\/Shanghai|README)\b/g, '')) && !/[\u4e00-\u9fff]/.test(v));
    expect(untranslated).toEqual([]);
  });
});
