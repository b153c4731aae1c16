import { z } from 'zod';

/**
 * Characters PostgreSQL cannot store or that mean the input was damaged on the way: NUL (text
 * columns refuse it, so it would surface as a 500), U+FFFD (what an invalid UTF-8 byte decodes to;
 * storing it silently merges distinct values) and unpaired UTF-16 surrogates (encoded as U+FFFD).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding NUL is the point
const BAD_CHARACTERS = /\u0000|\uFFFD|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function hasBadCharacters(value: string): boolean {
  return BAD_CHARACTERS.test(value);
}

/** The catalog key (namespace "validation") of the message shown next to such a field. */
export const BAD_CHARACTERS_MESSAGE = 'invalidCharacters';

/** A string without NUL, U+FFFD or lone surrogates; the building block of every text input schema. */
export const cleanString = () => z.string().refine((v) => !hasBadCharacters(v), BAD_CHARACTERS_MESSAGE);

/**
 * The keys (dotted paths) of every string inside `value` that holds bad characters, for refusing a
 * whole request before any schema runs. Depth- and size-bounded so a crafted body cannot make it slow.
 */
export function findBadCharacters(value: unknown, path = '', out: string[] = [], depth = 0): string[] {
  if (out.length >= 20 || depth > 8) return out;
  if (typeof value === 'string') {
    if (hasBadCharacters(value)) out.push(path || '_');
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length && i < 10_000; i++)
      findBadCharacters(value[i], path ? `${path}.${i}` : String(i), out, depth + 1);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (hasBadCharacters(k)) out.push(path ? `${path}.${k}` : k);
      else findBadCharacters(v, path ? `${path}.${k}` : k, out, depth + 1);
    }
  }
  return out;
}

/** A row version for optimistic locking, as a form sends it: a positive 32-bit integer (the column is `integer`). */
export const versionField = z.coerce.number().int().positive().max(2_147_483_647);

/**
 * The years a date may name, in a URL or a form. Outside them a date is either a typo or an attack,
 * and PostgreSQL or Date arithmetic fails on it (year 0 does not exist; 9999-12-31 + 1 day is year 10000).
 */
export const SUPPORTED_YEARS = { min: 1900, max: 2200 } as const;

export function supportedYear(date: Date): boolean {
  const year = date.getUTCFullYear();
  return !Number.isNaN(year) && year >= SUPPORTED_YEARS.min && year <= SUPPORTED_YEARS.max;
}
