import { z } from 'zod';
import { cleanString } from '@/lib/validation';
import { MAX_QUERY_CHARS } from './query';

/** The palette action's input: a crafted call with a long, non-string or damaged (NUL, U+FFFD) query is refused. */
export const SearchActionSchema = z.object({
  q: cleanString().trim().max(MAX_QUERY_CHARS),
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
