import type { SearchKind } from './types';

/**
 * Where a search result links to. A deal result still opens its customer (change it here to
 * /deals/<id> if wanted); a case opens its case page.
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
      return `/cases/${ids.id}`;
  }
}
