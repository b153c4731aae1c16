import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AREAS, loadMessages } from './messages';

type Tree = Record<string, unknown>;
const flat = (o: Tree, p = ''): [string, string][] =>
  Object.entries(o).flatMap(([k, v]) =>
    v && typeof v === 'object' ? flat(v as Tree, `${p}${k}.`) : [[`${p}${k}`, String(v)] as [string, string]],
  );
const dir = path.join(import.meta.dirname, 'messages');

describe('message catalogs', () => {
  it('every area file exists for both languages and is listed in AREAS', () => {
    for (const locale of ['en', 'zh-CN']) {
      const files = fs
        .readdirSync(path.join(dir, locale))
        .map((f) => f.replace(/\.json$/, ''))
        .sort();
      expect(files).toEqual([...AREAS].sort());
    }
  });

  it('English and Simplified Chinese have exactly the same keys, and no namespace is defined twice', async () => {
    const en = flat(await loadMessages('en')).map(([k]) => k);
    const zh = flat(await loadMessages('zh-CN')).map(([k]) => k);
    expect(zh.filter((k) => !en.includes(k))).toEqual([]);
    expect(en.filter((k) => !zh.includes(k))).toEqual([]);
    const namespaces = AREAS.flatMap((a) =>
      Object.keys(JSON.parse(fs.readFileSync(path.join(dir, 'en', `${a}.json`), 'utf8'))),
    );
    expect(new Set(namespaces).size).toBe(namespaces.length);
  });

  it('no Chinese message is left in English (each has a CJK character, or only names, codes and placeholders)', async () => {
    const allowed = /\b(Lodestar|CRM|ISO|IANA|USD|EUR|CNY|CLV|RFM|CSV|Asia\/Shanghai|README|Email|ID|URL|SLA|CSAT)\b/g;
    const untranslated = flat(await loadMessages('zh-CN')).filter(
      ([, v]) => /[A-Za-z]{4,}/.test(v.replace(/\{[^}]*\}/g, '').replace(allowed, '')) && !/[\u4e00-\u9fff]/.test(v),
    );
    expect(untranslated).toEqual([]);
  });
});
