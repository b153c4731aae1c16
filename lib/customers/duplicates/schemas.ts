import { z } from 'zod';
import { optional, pageParam } from '@/lib/search-params';
import { versionField } from '@/lib/validation';

// Input schemas of the duplicates list and the merge action (the merge's rules are in merge-rules.ts).
// No server imports: the client form imports them too.

/** Name similarity (pg_trgm `similarity`) at or above which two names count as "similar". */
export const NAME_SIMILARITY = 0.6;
/** Phone numbers match on their digits only, and only when there are enough digits to mean something. */
export const MIN_PHONE_DIGITS = 7;
/** Two phones are the same number when their last this-many digits agree (country codes, trunk zeros aside). */
export const PHONE_MATCH_DIGITS = 9;

/**
 * Why two customers may be the same, as the duplicate scan records them. The first three are strong
 * (each alone makes a pair); the rest only add strength: an email or phone that many customers
 * share (a company mailbox, a switchboard), the same postal address, the same company email domain.
 */
export const DUPLICATE_REASONS = ['email', 'phone', 'name', 'address', 'domain', 'sharedEmail', 'sharedPhone'] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];
/** The reasons the duplicates list filters by. */
export const FILTER_REASONS = ['email', 'phone', 'name', 'address'] as const satisfies readonly DuplicateReason[];

/** The duplicates list's URL search params; invalid values fall back rather than failing the page. */
export const DuplicateFilterSchema = z.object({
  reason: optional(z.enum(FILTER_REASONS)),
  page: pageParam,
});
export type DuplicateFilter = z.infer<typeof DuplicateFilterSchema>;

import { MERGE_FIELDS, type MergeField } from './merge-rules';

const side = z.enum(['a', 'b']);
const version = versionField;

export const MergeSchema = z
  .object({
    a: z.uuid(),
    b: z.uuid(),
    aVersion: version,
    bVersion: version,
    survivor: side,
    /** Per field, which record's value survives. A missing choice means "the survivor's". */
    choices: z.object(
      Object.fromEntries(MERGE_FIELDS.map((f) => [f, side.optional()])) as Record<
        MergeField,
        z.ZodOptional<typeof side>
      >,
    ),
  })
  .refine((m) => m.a !== m.b, { message: 'same', path: ['b'] });
export type MergeInput = z.infer<typeof MergeSchema>;

/** FormData from the merge form → the object MergeSchema parses (choices arrive as `choice.<field>`). */
export function mergeFormObject(form: FormData): Record<string, unknown> {
  const str = (key: string) => {
    const v = form.get(key);
    return typeof v === 'string' ? v : undefined;
  };
  return {
    a: str('a'),
    b: str('b'),
    aVersion: str('aVersion'),
    bVersion: str('bVersion'),
    survivor: str('survivor'),
    choices: Object.fromEntries(MERGE_FIELDS.map((f) => [f, str(`choice.${f}`) || undefined])),
  };
}
