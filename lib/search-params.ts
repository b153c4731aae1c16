import { z } from 'zod';
import { hasBadCharacters, supportedYear } from '@/lib/validation';

// Parsers for values that arrive in a URL. A URL is user-editable, so nothing here fails a page:
// a value that cannot be used is dropped (or falls back to its default), as if it were absent.

/** A URL value that can reach the database: a string without NUL, U+FFFD (invalid UTF-8) or lone surrogates. */
function usable(value: string | undefined): string | undefined {
  return value === undefined || hasBadCharacters(value) ? undefined : value;
}

/**
 * Search params arrive as string | string[] | undefined; keep the first string of each, and drop
 * values with characters PostgreSQL cannot store or that mean the URL was damaged (lib/validation).
 */
export function firstValues(params: Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(params)) out[k] = usable(Array.isArray(v) ? v[0] : v);
  return out;
}

/** The same for a route handler's URL: the first value of each key, unusable values dropped. */
export function urlValues(url: string | URL): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of new URL(url).searchParams) if (!(k in out)) out[k] = usable(v);
  return out;
}

/**
 * An optional filter value: empty strings and strings with bad characters become undefined;
 * invalid values are dropped, not errors.
 */
export function optional<T extends z.ZodType>(schema: T) {
  return z
    .preprocess((v) => (v === '' || (typeof v === 'string' && hasBadCharacters(v)) ? undefined : v), schema.optional())
    .catch(undefined);
}

export const pageParam = z.coerce.number().int().min(1).max(100_000).catch(1);

/** A calendar date `YYYY-MM-DD` (no 2026-02-30) within SUPPORTED_YEARS; anything else is dropped. */
export const dateParam = optional(z.iso.date().refine((d) => supportedYear(new Date(`${d}T00:00:00Z`))));

/** An ISO timestamp with a zone (as `Date.toISOString()` writes it) within SUPPORTED_YEARS, as a Date. */
export const timestampParam = optional(
  z.iso
    .datetime({ offset: true })
    .transform((s) => new Date(s))
    .refine(supportedYear),
);

/** A keyset cursor `<ISO timestamp>_<uuid>` (the last row's time and id), or undefined. */
export const cursorParam = optional(
  z
    .string()
    .max(100)
    .transform((s) => {
      const [at, id, ...rest] = s.split('_');
      return rest.length ? {} : { at: timestampParam.parse(at), id };
    })
    .pipe(z.object({ at: z.date(), id: z.uuid() })),
);

/** A positive integer id (bigserial keyset cursors), within what JavaScript and PostgreSQL's bigint both hold. */
export const idParam = optional(z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER));

/** Columns hidden by the `hide` param ("a,b"; "-" = none hidden), or the page's defaults when absent. */
export function hiddenColumns(param: string | undefined, defaults: string[]): string[] {
  if (param === undefined) return defaults;
  return param.split(',').filter((c) => c && c !== '-');
}
