import 'server-only';
import { type AnalyticsFilter, AnalyticsFilterSchema } from '@/lib/analytics/filters';
import { firstValues } from '@/lib/search-params';

export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** A dashboard's filters from its URL (bad values dropped). */
export async function pageFilter(searchParams: SearchParams): Promise<AnalyticsFilter> {
  return AnalyticsFilterSchema.parse(firstValues(await searchParams));
}
