import { z } from 'zod';
import { ALIVE_BAND_KEYS, SEGMENT_KEYS, VALUE_CLASS_KEYS } from '@/lib/analytics/labels';
import { dateParam, optional, pageParam } from '@/lib/search-params';

export const CUSTOMER_SORTS = ['name', 'email', 'country', 'industry', 'createdAt', 'updatedAt'] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];
/** Sorts on the current analytics run's scores (customer_scores): they list scored customers only. */
export const SCORE_SORTS = ['clv', 'alive', 'churn', 'segment', 'valueClass', 'cluster'] as const;
export type ScoreSort = (typeof SCORE_SORTS)[number];
export const isScoreSort = (sort: string): sort is ScoreSort => (SCORE_SORTS as readonly string[]).includes(sort);

const score = (max: number) => optional(z.coerce.number().int().min(1).max(max));

/**
 * The list's analytics filters (the dashboards' drill-downs land here): each narrows the list to
 * customers the current run scored, and only to those whose analytics the viewer may see.
 */
export const ScoreFilterSchema = z.object({
  segment: optional(z.enum(SEGMENT_KEYS)),
  valueClass: optional(z.enum(VALUE_CLASS_KEYS)),
  /** CLV quintile, 5 = the top fifth. */
  clvBand: score(5),
  /** Predicted CLV at least / below (money, the company currency). */
  clvMin: optional(z.coerce.number().min(0).max(1e12)),
  clvMax: optional(z.coerce.number().min(0).max(1e12)),
  alive: optional(z.enum(ALIVE_BAND_KEYS)),
  cluster: optional(z.coerce.number().int().min(0).max(50)),
  r: score(5),
  f: score(5),
  /** Acquisition cohort: month of the first order, 'YYYY-MM'. */
  cohort: optional(z.string().regex(/^(19|2\d)\d\d-(0[1-9]|1[0-2])$/)),
  /** Bought in the 12 months up to the run's as-of date. */
  active: optional(z.literal('1')),
});
export type ScoreFilter = z.infer<typeof ScoreFilterSchema>;
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
  ...ScoreFilterSchema.shape,
  sort: z.enum([...CUSTOMER_SORTS, ...SCORE_SORTS]).catch('createdAt'),
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

/**
 * The filter without its analytics parts, for a viewer without customer analytics (a service
 * agent): a segment or score sort in a shared link is ignored rather than listing nothing behind
 * a filter they can neither see nor clear.
 */
export function withoutScores<F extends Partial<ScoreFilter> & { sort: string }>(f: F): F {
  const out = { ...f };
  for (const key of Object.keys(ScoreFilterSchema.shape) as (keyof ScoreFilter)[]) delete out[key];
  if (isScoreSort(out.sort)) out.sort = 'createdAt';
  return out;
}
