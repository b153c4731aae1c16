import { CJK } from './kb-schemas';

// Pure text helpers of the knowledge base (no db): query splitting and list snippets.

const CJK_RUNS = new RegExp(`${CJK.source}+`, 'g');
const MAX_TERMS = 30;

/** A search text split the way the search column is built: Latin words for the English parser, Han runs apart. */
export function splitQuery(text: string): { words: string; cjkRuns: string[] } {
  const cjkRuns = (text.match(CJK_RUNS) ?? []).slice(0, MAX_TERMS);
  const words = text.replace(CJK_RUNS, ' ').replace(/\s+/g, ' ').trim();
  return { words, cjkRuns };
}

/** Overlapping character pairs of a Han run (退款到账 → 退款, 款到, 到账); one character stays itself. */
export function bigrams(run: string): string[] {
  const chars = [...run];
  if (chars.length < 2) return chars;
  return chars.slice(0, -1).map((c, i) => c + chars[i + 1]);
}

/** Markdown to plain text, near enough for a snippet: no markup characters, links read as their text. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]*>/g, ' ')
    .replace(/[#>*_`~|]+/g, ' ')
    .replace(/^\s*[-+]\s+/gm, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export type SnippetPart = { text: string; hit: boolean };

/**
 * About `length` characters of the body around the first hit of the query, with the hits marked:
 * Latin words match by prefix (refunds finds "refund"; the stemmer's own forms are close enough for a
 * highlight), Han runs as substrings. Without a hit, the start of the body.
 */
export function snippet(markdown: string, query: string | undefined, length = 180): SnippetPart[] {
  const text = plainText(markdown);
  const { words, cjkRuns } = splitQuery(query ?? '');
  const stems = words
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length >= 3)
    .map((w) => w.replace(/(ies|es|s|ing|ed)$/, '').slice(0, Math.max(3, w.length - 3)));
  const patterns = [...stems.map((s) => `\\b${escapeRegExp(s)}[a-z]*`), ...cjkRuns.map(escape)];
  const re = patterns.length ? new RegExp(patterns.join('|'), 'gi') : null;
  const first = re ? text.search(re) : -1;
  const start = first > length / 3 ? text.lastIndexOf(' ', first - length / 3) + 1 || first - length / 3 : 0;
  let window = text.slice(start, start + length);
  if (start + length < text.length) window += '…';
  const prefix = start > 0 ? '…' : '';
  if (!re) return [{ text: prefix + window, hit: false }];
  const parts: SnippetPart[] = prefix ? [{ text: prefix, hit: false }] : [];
  let last = 0;
  for (const m of window.matchAll(re)) {
    if (m.index > last) parts.push({ text: window.slice(last, m.index), hit: false });
    parts.push({ text: m[0], hit: true });
    last = m.index + m[0].length;
  }
  if (last < window.length) parts.push({ text: window.slice(last), hit: false });
  return parts;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
