import { z } from 'zod';
import { MAX_QUERY_CHARS } from './query';

/** The palette action's input: a crafted call with a long or non-string query is refused. */
export const SearchActionSchema = z.object({
  q: z.string().trim().max(MAX_QUERY_CHARS),
});
export type SearchActionInput = z.infer<typeof SearchActionSchema>;

/** /search?q=…: a URL is user-editable, so an over-long or repeated q is cut down rather than failing the page. */
export const SearchPageParamsSchema = z.object({
  q: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) =>
      Array.from((Array.isArray(v) ? v[0] : v) ?? '')
        .slice(0, MAX_QUERY_CHARS)
        .join('')
        .trim(),
    ),
});
