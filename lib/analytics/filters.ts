import { z } from 'zod';
import { optional } from '@/lib/search-params';

/** The analytics pages' URL filters (owner, country, customer type). Invalid values are dropped. */
export const AnalyticsFilterSchema = z.object({
  owner: optional(z.union([z.literal('me'), z.literal('none'), z.uuid()])),
  country: optional(
    z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/),
  ),
  kind: optional(z.enum(['person', 'company'])),
});
export type AnalyticsFilter = z.infer<typeof AnalyticsFilterSchema>;

/** The filter as search params (for links that keep it: the sub-navigation, drill-downs). */
export function filterParams(filter: AnalyticsFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.owner) params.set('owner', filter.owner);
  if (filter.country) params.set('country', filter.country);
  if (filter.kind) params.set('kind', filter.kind);
  return params;
}

/**
 * A link to the customer list narrowed to a chart segment: the dashboard's filters plus the
 * segment's own (segment, valueClass, r and f, clvBand, alive, cluster, cohort, clv range).
 */
export function customerListHref(filter: AnalyticsFilter, drill: Record<string, string | number>): string {
  const params = filterParams(filter);
  for (const [key, value] of Object.entries(drill)) params.set(key, String(value));
  return `/customers?${params.toString()}`;
}
