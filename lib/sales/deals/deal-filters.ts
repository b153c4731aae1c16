import { z } from 'zod';
import { optional, pageParam } from '@/lib/search-params';

// The deal list's filters as they arrive in the URL (client-safe: no server imports). A value that
// cannot be used is dropped, never an error.

const money = z
  .string()
  .trim()
  .regex(/^\d{1,12}(\.\d{1,2})?$/);

export const DEAL_SORTS = ['name', 'amount', 'closeDate', 'daysInStage'] as const;
export type DealSort = (typeof DEAL_SORTS)[number];
export const DEAL_PAGE_SIZES = [25, 50, 100] as const;
export const DEAL_STATUSES = ['open', 'won', 'lost'] as const;
/** The status filter's choices: a deal status, or 'all' (absent means open: what a rep works on). */
export const DEAL_STATUS_FILTERS = [...DEAL_STATUSES, 'all'] as const;

export const DealFilterSchema = z.object({
  // Open deals unless asked otherwise: the list is a rep's to-do list first, nearest close date on top.
  status: z.enum(DEAL_STATUS_FILTERS).catch('open'),
  stage: optional(z.uuid()),
  /** 'me', 'none' or a user id; only managers and admins filter by owner (a rep sees their own). */
  owner: optional(z.union([z.enum(['me', 'none']), z.uuid()])),
  /** Expected close month, YYYY-MM. */
  close: optional(z.string().regex(/^(19\d{2}|2[01]\d{2}|2200)-(0[1-9]|1[0-2])$/)),
  min: optional(money),
  max: optional(money),
  /** Part of the customer's name. */
  customer: optional(z.string().trim().min(1).max(100)),
  sort: z.enum(DEAL_SORTS).catch('closeDate'),
  dir: z.enum(['asc', 'desc']).catch('asc'),
  page: pageParam,
  size: z.coerce
    .number()
    .pipe(z.union(DEAL_PAGE_SIZES.map((n) => z.literal(n)) as [z.ZodLiteral<25>, z.ZodLiteral<50>, z.ZodLiteral<100>]))
    .catch(50),
});
export type DealFilter = z.infer<typeof DealFilterSchema>;

/** The filters set behind the phone's Filters button (status sits beside the customer search). */
export function activeDealFilters(filter: DealFilter): number {
  return [filter.stage, filter.owner, filter.close, filter.min, filter.max].filter(Boolean).length;
}
