import { z } from 'zod';
import { dateParam, optional, pageParam } from '@/lib/search-params';

export const CUSTOMER_SORTS = ['name', 'email', 'country', 'industry', 'createdAt', 'updatedAt'] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];
export const PAGE_SIZES = [25, 50, 100] as const;

/** The customer list's URL search params. Invalid values are dropped rather than failing the page. */
export const CustomerFilterSchema = z.object({
  q: optional(z.string().trim().max(100)),
  owner: optional(z.union([z.literal('me'), z.literal('none'), z.uuid()])),
  kind: optional(z.enum(['person', 'company'])),
  industry: optional(z.string().trim().max(60)),
  country: optional(
    z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/),
  ),
  tags: optional(
    z
      .string()
      .trim()
      .max(200)
      .transform((s) =>
        s
          .split(',')
          .map((t) => t.trim().toLowerCase())
          .filter(Boolean),
      ),
  ),
  from: dateParam,
  to: dateParam,
  sort: z.enum(CUSTOMER_SORTS).catch('createdAt'),
  dir: z.enum(['asc', 'desc']).catch('desc'),
  page: pageParam,
  size: z.coerce
    .number()
    .pipe(z.union(PAGE_SIZES.map((n) => z.literal(n)) as [z.ZodLiteral<25>, z.ZodLiteral<50>, z.ZodLiteral<100>]))
    .catch(50),
});
export type CustomerFilter = z.infer<typeof CustomerFilterSchema>;

/** Escapes LIKE wildcards in user text. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, '\\$&')}%`;
}
