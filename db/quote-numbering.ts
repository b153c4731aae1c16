// How quotes are numbered: "QT-" and the next value of quote_number_seq, six digits at least
// (QT-000001). One rule for the app (lib/sales/quotes/quotes.ts) and the demo seed (db/seed/pipeline.ts), so a
// user never sees two formats. It lives in db/ because the seed may not import lib/.

export const QUOTE_NUMBER_PREFIX = 'QT-';
export const QUOTE_NUMBER_DIGITS = 6;
export const QUOTE_NUMBER_SEQUENCE = 'quote_number_seq';

/** The number of the n-th quote: quoteNumber(154) = "QT-000154". */
export function quoteNumber(n: number): string {
  return `${QUOTE_NUMBER_PREFIX}${String(n).padStart(QUOTE_NUMBER_DIGITS, '0')}`;
}
