import { z } from 'zod';
import { MAX_QUERY_CHARS } from './query';

/** The palette action's input: a crafted call with a long or non-string query is refused. */
export const SearchActionSchema = z.object({
  q: z.string().trim().max(MAX_QUERY_CHARS),
});
export type SearchActionInput = z.infer<typeof SearchActionSchema>;

/**
 * /search?q=… after `firstValues` (which drops a q with bad characters): a URL is user-editable,
 * so an over-long q is cut down and anything else becomes the empty query rather than failing the page.
 */
export const SearchPageParamsSchema = z.object({
  q: z
    .string()
    .optional()
    .catch(undefined)
    .transform((v) =>
      Array.from(v ?? '')
        .slice(0, MAX_QUERY_CHARS)
        .join('')
        .trim(),
    ),
});
