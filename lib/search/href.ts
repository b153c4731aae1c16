import type { SearchKind } from './types';

/**
 * Where a search result links to. Deals and cases have no pages of their own yet, so they open
 * their customer; change it here when /deals/<id> and /cases/<id> exist.
 */
export function searchHref(kind: SearchKind, ids: { id: string; customerId: string }): string {
  switch (kind) {
    case 'customer':
      return `/customers/${ids.id}`;
    case 'contact':
      return `/customers/${ids.customerId}#contacts`;
    case 'deal':
      return `/customers/${ids.customerId}`;
    case 'case':
      return `/customers/${ids.customerId}`;
  }
}
