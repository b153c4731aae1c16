import type { SearchGroup, SearchHit, SearchKind } from '@/lib/search/types';

// The palette's listbox as a flat list, so arrow keys can move across groups. Pure: unit-tested
// in options.test.ts.

export type PaletteOption = { key: string; href: string } & (
  | { type: 'hit'; hit: SearchHit }
  | { type: 'all'; query: string }
);
export type PaletteGroup = { kind: SearchKind; options: { option: PaletteOption; index: number }[] };

/** Non-empty groups in order, each option with its index in the flat list; "see all" last. */
export function buildOptions(
  groups: SearchGroup[],
  query: string,
): { groups: PaletteGroup[]; flat: PaletteOption[]; seeAll: PaletteOption | null } {
  const flat: PaletteOption[] = [];
  const visible: PaletteGroup[] = [];
  for (const group of groups) {
    if (group.hits.length === 0) continue;
    visible.push({
      kind: group.kind,
      options: group.hits.map((hit) => {
        const option: PaletteOption = { type: 'hit', key: `${hit.kind}:${hit.id}`, href: hit.href, hit };
        flat.push(option);
        return { option, index: flat.length - 1 };
      }),
    });
  }
  const seeAll: PaletteOption | null = query ? { type: 'all', key: 'all', href: searchPageHref(query), query } : null;
  if (seeAll) flat.push(seeAll);
  return { groups: visible, flat, seeAll };
}

export function searchPageHref(query: string): string {
  return `/search?${new URLSearchParams({ q: query }).toString()}`;
}

/** The next active option for an arrow key, wrapping at both ends; -1 when there is none. */
export function moveActive(active: number, delta: number, count: number): number {
  if (count <= 0) return -1;
  if (active < 0) return delta > 0 ? 0 : count - 1;
  return (active + delta + count) % count;
}
