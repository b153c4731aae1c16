import 'server-only';
import { type AnyColumn, type SQL, sql } from 'drizzle-orm';
import { escapeLike, type NormalizedQuery } from './query';

// SQL pieces shared by the search groups. Every WHERE expression here but one (a 2-character CJK
// substring, see nameField) is served by a trigram GIN index (db/schema: *_trgm), so each must
// match the indexed expression exactly: the column itself, the contact's full name, or the digits
// of a phone. The quoted constants stay literals in the SQL text: a bound parameter would not
// match the index expression. search.int.test.ts checks each against EXPLAIN.
//
// Relevance: each field contributes a tier (3 exact, 2 prefix, 1 substring, 0 typo-only), the
// best tier wins, and the word similarity of the title breaks ties and ranks typo matches.

type Expr = AnyColumn | SQL;

/** One searchable field: when it matches, how well, and whether an index can answer it. */
export type Field = { where: SQL; tier: SQL; indexed: boolean };

/** The digits of a phone column, exactly as customers_phone_digits_trgm / contacts_phone_digits_trgm index it. */
export function phoneDigitsExpr(phone: AnyColumn): SQL {
  return sql`regexp_replace(coalesce(${phone}, ''), '[^0-9]', '', 'g')`;
}

/** A contact's full name, exactly as contacts_name_trgm indexes it. */
export function contactNameExpr(firstName: AnyColumn, lastName: AnyColumn): SQL {
  return sql`(${firstName} || ' ' || coalesce(${lastName}, ''))`;
}

function textTier(expr: Expr, q: NormalizedQuery): SQL {
  const like = `%${escapeLike(q.text)}%`;
  const prefix = `${escapeLike(q.lower)}%`;
  return sql`case when lower(${expr}) = ${q.lower} then 3 when lower(${expr}) like ${prefix} then 2 when ${expr} ilike ${like} then 1 else 0 end`;
}

/**
 * A name-like field with typo tolerance.
 * - 3+ characters: substring (ILIKE, trigram-indexed) or strict word similarity `<<%` (≥ 0.5 by
 *   default), which finds "Jonh Smith" → "John Smith" and "Nortwind" → "Northwind Traders".
 *   Trigram sets ignore word order, so "Smith John" finds "John Smith" too.
 * - 2 characters: a 2-character pattern has no trigram, so ILIKE cannot use the index. Latin
 *   text uses word similarity `<%` instead, which for 2 characters means "a word starts with it"
 *   ("jo" → "John") and is index-backed. CJK text has no spaces between words ("嘉禾" inside
 *   "上海嘉禾科技有限公司", "伟明" in "王伟明"), so only a substring scan finds it. That scan uses
 *   strpos, not ILIKE: CJK has no case, strpos is several times cheaper per row, and the planner
 *   cannot mistake it for a trigram index condition (an ILIKE without trigrams makes it read the
 *   whole GIN index, slower than the sequential scan). `words: true` is for names made of short
 *   words (a contact's first and last name), where the word-prefix match is enough; `prefixOnly`
 *   is for big tables where a 2-character CJK query matches only at the start.
 * Typo tolerance applies to queries with letters only: "1198" should not find "1189".
 */
export function nameField(
  expr: Expr,
  q: NormalizedQuery,
  options: { words?: boolean; prefixOnly?: boolean } = {},
): Field {
  const like = `%${escapeLike(q.text)}%`;
  const tier = textTier(expr, q);
  if (q.trigram) {
    const where = q.hasLetters ? sql`(${expr} ilike ${like} or ${q.text} <<% ${expr})` : sql`${expr} ilike ${like}`;
    return { where, tier, indexed: true };
  }
  // Deals and cases (90k and 200k rows at scale) are too big to scan per keystroke: for them a
  // 2-character CJK query matches the start of the text, which the trigram index serves.
  if (q.cjk && options.prefixOnly) return { where: sql`${expr} like ${`${escapeLike(q.text)}%`}`, tier, indexed: true };
  if (q.cjk && !options.words) return { where: sql`strpos(${expr}, ${q.text}) > 0`, tier, indexed: false };
  return { where: sql`${q.text} <% ${expr}`, tier, indexed: true };
}

/**
 * The same name written another way (see cjkNameVariants). Equality, not similarity: one- and
 * two-character words are too short for similarity to tell 罗明 from 罗军. The trigram GIN index
 * serves `=` too (pg_trgm 1.6, PostgreSQL 14+).
 */
export function variantField(expr: Expr, variant: string): Field {
  return {
    where: sql`${expr} = ${variant}`,
    tier: sql`case when ${expr} = ${variant} then 3 else 0 end`,
    indexed: true,
  };
}

/** A substring-only field (email): needs 3+ characters for the trigram index. */
export function substringField(expr: Expr, q: NormalizedQuery): Field | null {
  if (!q.trigram) return null;
  return { where: sql`${expr} ilike ${`%${escapeLike(q.text)}%`}`, tier: textTier(expr, q), indexed: true };
}

/** A phone field, matched on digits only so "+86 138-0013-8000" finds "13800138000". */
export function phoneField(phone: AnyColumn, q: NormalizedQuery): Field | null {
  if (!q.phoneDigits) return null;
  const digits = phoneDigitsExpr(phone);
  const contains = `%${q.phoneDigits}%`;
  return {
    where: sql`${digits} like ${contains}`,
    // Same number (3), same ending, e.g. stored without the country code (2), part of it (1).
    tier: sql`case when ${digits} = ${q.allDigits} then 3 when ${digits} like ${`%${q.phoneDigits}`} then 2 when ${digits} like ${contains} then 1 else 0 end`,
    indexed: true,
  };
}

/** A case number: the unique btree index answers it; it outranks every text match. */
export function equalsField(expr: AnyColumn, value: number): Field {
  return { where: sql`${expr} = ${value}`, tier: sql`case when ${expr} = ${value} then 4 else 0 end`, indexed: true };
}

export type Match = { where: SQL; score: SQL; indexed: boolean };

/**
 * ORs the fields' conditions. The score is the best tier plus, for queries of 3+ characters, the
 * title's word similarity (for a 2-letter prefix it says nothing and costs a function call on
 * each of thousands of candidates).
 */
export function combineFields(fields: (Field | null)[], title: Expr, q: NormalizedQuery): Match {
  const present = fields.filter((f): f is Field => f !== null);
  const where = sql`(${sql.join(
    present.map((f) => f.where),
    sql` or `,
  )})`;
  const tiers =
    present.length === 1
      ? present[0].tier
      : sql`greatest(${sql.join(
          present.map((f) => f.tier),
          sql`, `,
        )})`;
  const score = q.trigram ? sql`(${tiers} + coalesce(word_similarity(${q.text}, ${title}), 0))` : tiers;
  return { where, score, indexed: present.every((f) => f.indexed) };
}
