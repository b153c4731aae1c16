import 'server-only';
import { type AnyColumn, type SQL, sql } from 'drizzle-orm';
import { phoneDigitsExpr } from '@/lib/search/match';
import { MIN_PHONE_DIGITS, PHONE_MATCH_DIGITS } from './schemas';

// How the duplicate scan (scan.ts) and the customer 360's "possible duplicates" (find-duplicates.ts)
// normalise what they compare, in one place, so both call the same two customers "the same".

/** An email as compared: trimmed and lower-cased; NULL when empty. */
export function emailKey(email: AnyColumn): SQL {
  return sql`nullif(lower(btrim(${email})), '')`;
}

/** The part after the @ of an email as compared; NULL without one. */
export function emailDomain(email: AnyColumn): SQL {
  return sql`nullif(split_part(${emailKey(email)}, '@', 2), '')`;
}

/**
 * A phone as compared: its last PHONE_MATCH_DIGITS digits, so "+1 (415) 555-0199", "1-415-555-0199"
 * and "415.555.0199" agree; NULL below MIN_PHONE_DIGITS digits (an extension, a typo).
 */
export function phoneKey(phone: AnyColumn): SQL {
  const digits = phoneDigitsExpr(phone);
  return sql`case when length(${digits}) >= ${sql.raw(String(MIN_PHONE_DIGITS))} then right(${digits}, ${sql.raw(String(PHONE_MATCH_DIGITS))}) end`;
}

/** A name as compared for equality and sorted for neighbourhoods: lower case, punctuation and runs of spaces as one space. */
export function nameKey(name: AnyColumn | SQL): SQL {
  return sql`btrim(regexp_replace(lower(${name}), '[[:space:][:punct:]]+', ' ', 'g'))`;
}

/** A postal address as compared: street (spaces collapsed) and postal code, else city; NULL without a street. */
export function addressKey(street: AnyColumn, postalCode: AnyColumn, city: AnyColumn): SQL {
  return sql`case when nullif(btrim(${street}), '') is not null
    then lower(regexp_replace(btrim(${street}), '\\s+', ' ', 'g')) || '|' || coalesce(lower(nullif(btrim(${postalCode}), '')), lower(btrim(${city})), '') end`;
}

/** How alike two names are, 0–1: pg_trgm similarity, or 1 for the same name (also for scripts pg_trgm cannot split, like Chinese). */
export function nameSimilarity(a: AnyColumn | SQL, b: AnyColumn | SQL): SQL {
  return sql`(case when ${nameKey(a)} = ${nameKey(b)} then 1 else similarity(${a}, ${b}) end)::real`;
}
