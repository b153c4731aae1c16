import { describe, expect, it } from 'vitest';
import type { SearchGroup } from '@/lib/search/types';
import { buildOptions, moveActive, searchPageHref } from './options';
import { formatSubtitle } from './subtitle';

const hit = (kind: SearchGroup['kind'], id: string) => ({
  kind,
  id,
  title: id,
  subtitle: [],
  href: `/customers/${id}`,
});

describe('buildOptions', () => {
  it('flattens non-empty groups in order and ends with "see all results"', () => {
    const { groups, flat, seeAll } = buildOptions(
      [
        { kind: 'customer', hits: [hit('customer', 'a'), hit('customer', 'b')], more: false },
        { kind: 'contact', hits: [], more: false },
        { kind: 'case', hits: [hit('case', 'c')], more: false },
      ],
      'acme co',
    );
    expect(groups.map((g) => g.kind)).toEqual(['customer', 'case']);
    expect(groups[1].options[0].index).toBe(2);
    expect(flat.map((o) => o.key)).toEqual(['customer:a', 'customer:b', 'case:c', 'all']);
    expect(seeAll?.href).toBe('/search?q=acme+co');
  });

  it('has no options without a query', () => {
    expect(buildOptions([], '').flat).toEqual([]);
  });
});

describe('moveActive', () => {
  it('moves down and up, wrapping at both ends', () => {
    expect(moveActive(0, 1, 3)).toBe(1);
    expect(moveActive(2, 1, 3)).toBe(0);
    expect(moveActive(0, -1, 3)).toBe(2);
  });

  it('starts at the first (down) or last (up) option when none is active, and is -1 with no options', () => {
    expect(moveActive(-1, 1, 3)).toBe(0);
    expect(moveActive(-1, -1, 3)).toBe(2);
    expect(moveActive(0, 1, 0)).toBe(-1);
  });
});

describe('searchPageHref', () => {
  it('encodes the query, including CJK and #', () => {
    expect(searchPageHref('王伟 #1')).toBe('/search?q=%E7%8E%8B%E4%BC%9F+%231');
  });
});

describe('formatSubtitle', () => {
  it('joins text, translated keys and formatted money with " · "', () => {
    const t = (key: string) => ({ 'caseStatus.open': 'Open' })[key] ?? key;
    const money = (amount: string, currency: string) => `${currency} ${amount}`;
    expect(
      formatSubtitle(
        [{ text: 'CS-1' }, { key: 'caseStatus.open' }, { money: '12.50', currency: 'EUR' }, { text: '' }],
        t,
        money,
      ),
    ).toBe('CS-1 · Open · EUR 12.50');
  });
});
