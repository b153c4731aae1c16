import { z } from 'zod';
import { dateParam, optional, pageParam } from '@/lib/search-params';

export const ORDER_SORTS = ['orderedAt', 'total', 'number'] as const;
export const ORDER_PAGE_SIZES = [25, 50, 100] as const;
export const ORDER_STATUSES = ['pending', 'paid', 'fulfilled', 'cancelled', 'refunded'] as const;

/** The orders list's URL search params; unusable values are dropped rather than failing the page. */
export const OrderFilterSchema = z.object({
  status: optional(z.enum(ORDER_STATUSES)),
  kind: optional(z.enum(['sale', 'return'])),
  /** Ordered on or after / on or before (calendar dates, UTC). */
  from: dateParam,
  to: dateParam,
  customer: optional(z.string().trim().max(100)),
  /** Managers and admins only (ignored for anyone else). */
  owner: optional(z.union([z.literal('me'), z.literal('none'), z.uuid()])),
  sort: z.enum(ORDER_SORTS).catch('orderedAt'),
  dir: z.enum(['asc', 'desc']).catch('desc'),
  page: pageParam,
  size: z.coerce
    .number()
    .pipe(z.union(ORDER_PAGE_SIZES.map((n) => z.literal(n)) as [z.ZodLiteral<25>, z.ZodLiteral<50>, z.ZodLiteral<100>]))
    .catch(50),
});
export type OrderFilter = z.infer<typeof OrderFilterSchema>;
