// Pure helpers that turn what a user typed into the pieces the search SQL needs. No database,
// no Next.js: unit-tested in query.unit.test.ts.

/** Queries shorter than this (in characters, not bytes) return nothing: too broad to be useful. */
export const MIN_QUERY_CHARS = 2;
/** The longest query the action accepts; longer input is refused, the page truncates. */
export const MAX_QUERY_CHARS = 100;
/** Phone matching starts at this many digits; fewer would match half the phone book. */
export const MIN_PHONE_DIGITS = 4;
/**
 * Phone queries longer than this match on their last digits only, so "+1 (555) 010-1234" still
 * finds a number stored without the country code ("555-010-1234").
 */
export const PHONE_TAIL_DIGITS = 8;

export type NormalizedQuery = {
  /** NFKC-normalised, trimmed, inner whitespace collapsed: what the SQL compares. */
  text: string;
  /** `text` lower-cased, for exact and prefix tiers. */
  lower: string;
  /** Length in characters (code points), so "王伟" counts 2. */
  chars: number;
  /** False when the query is too short to search. */
  searchable: boolean;
  /** Digits to match phones against (digits-only), or null when the query has too few digits. */
  phoneDigits: string | null;
  /** All the digits of the query when phoneDigits is set, for the exact-phone tier. */
  allDigits: string | null;
  /** The case number the query names ("1234", "#1234", "CS-1234"), or null. */
  caseNumber: number | null;
  /**
   * True when trigram indexes can serve a substring match (at least 3 characters). Shorter
   * queries use a word-prefix similarity match instead, or a substring scan for CJK text.
   */
  trigram: boolean;
  /** Typo tolerance only applies to words: "1198" should not fuzzily match "1189". */
  hasLetters: boolean;
  /** The query contains CJK characters (Chinese names have no spaces between "words"). */
  cjk: boolean;
};

const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]/u;

/** Full-width forms (common from Chinese IMEs) become ASCII; whitespace runs become one space. */
export function normalizeText(raw: string): string {
  return raw.normalize('NFKC').replace(/\s+/gu, ' ').trim();
}

/** The digits of a string, e.g. "+1 (555) 010-1234" → "15550101234". */
export function extractDigits(text: string): string {
  return text.replace(/\D/g, '');
}

/**
 * The case number a query names, or null. Accepts "1234", "#1234", "CS-1234", "cs1234",
 * "CS 1234" and "case 1234"; anything else (letters after the number, more than 15 digits) is not
 * a case number.
 */
export function parseCaseNumber(text: string): number | null {
  const match = /^(?:(?:cs|case)\s*[-#]?\s*|#)?(\d{1,15})$/i.exec(normalizeText(text));
  if (!match) return null;
  const value = Number(match[1]);
  return Number.isSafeInteger(value) && value > 0 ? value : null;
}

/**
 * Phone search uses digits only, and only when the query is mostly a phone number: at least 4
 * digits and no letters, so "Order 2024 Acme" does not match every phone containing 2024.
 */
export function phoneDigitsOf(text: string): string | null {
  if (/\p{L}/u.test(text)) return null;
  const digits = extractDigits(text);
  if (digits.length < MIN_PHONE_DIGITS) return null;
  return digits.length > PHONE_TAIL_DIGITS ? digits.slice(-PHONE_TAIL_DIGITS) : digits;
}

export function normalizeQuery(raw: string): NormalizedQuery {
  // Clamp by characters, not UTF-16 units, so a CJK query is never cut inside a character.
  const text = Array.from(normalizeText(raw)).slice(0, MAX_QUERY_CHARS).join('').trim();
  const chars = Array.from(text).length;
  const phoneDigits = phoneDigitsOf(text);
  const cjk = CJK.test(text);
  return {
    text,
    lower: text.toLowerCase(),
    chars,
    searchable: chars >= MIN_QUERY_CHARS,
    phoneDigits,
    allDigits: phoneDigits ? extractDigits(text) : null,
    caseNumber: parseCaseNumber(text),
    trigram: chars >= 3,
    hasLetters: /\p{L}/u.test(text),
    cjk,
  };
}

/**
 * A Chinese name typed in natural order ("罗明": surname first, no space) against a contact stored
 * as first name 明, last name 罗, whose indexed full name reads "明 罗". Returns that stored form
 * for one- and two-character surnames ("欧阳娜娜" → "娜娜 欧阳"); empty for anything else.
 */
export function cjkNameVariants(text: string): string[] {
  const chars = Array.from(text);
  if (!CJK.test(text) || /\s/u.test(text) || chars.length < 2 || chars.length > 4) return [];
  const variants = [`${chars.slice(1).join('')} ${chars[0]}`];
  if (chars.length >= 3) variants.push(`${chars.slice(2).join('')} ${chars.slice(0, 2).join('')}`);
  return variants;
}

/** How a contact's name reads: Chinese names surname first without a space ("罗明"), others "First Last". */
export function contactDisplayName(firstName: string, lastName: string | null): string {
  if (lastName && CJK.test(firstName) && CJK.test(lastName)) return `${lastName}${firstName}`;
  return [firstName, lastName].filter(Boolean).join(' ');
}

/** Escapes LIKE wildcards (\ % _) so user text matches literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}
