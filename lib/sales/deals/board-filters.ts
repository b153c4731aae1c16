import { z } from 'zod';
import { optional } from '@/lib/search-params';

// The pipeline board's filters as they arrive in the URL (client-safe: no server imports). A value
// that cannot be used is dropped, never an error.

const money = z
  .string()
  .trim()
  .regex(/^\d{1,12}(\.\d{1,2})?$/);

export const BoardFilterSchema = z.object({
  /** 'me', 'none' or a user id; absent: everyone the viewer may see. */
  owner: optional(z.union([z.enum(['me', 'none']), z.uuid()])),
  /** Expected close month, YYYY-MM. */
  close: optional(z.string().regex(/^(19\d{2}|2[01]\d{2}|2200)-(0[1-9]|1[0-2])$/)),
  min: optional(money),
  max: optional(money),
  /** Part of the customer's name. */
  customer: optional(z.string().trim().min(1).max(100)),
});
export type BoardFilter = z.infer<typeof BoardFilterSchema>;

/** A column's next cards start after this card (position, then id). */
export const CardCursorSchema = z.object({ position: z.number().finite(), id: z.uuid() });
export type CardCursor = z.infer<typeof CardCursorSchema>;

/** Cards a column shows at first and loads per "Show more". */
export const COLUMN_PAGE = 20;

export function boardFilterQuery(filter: BoardFilter): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value) params.set(key, value);
  const query = params.toString();
  return query ? `?${query}` : '';
}
