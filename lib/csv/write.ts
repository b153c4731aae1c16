/**
 * An RFC 4180 CSV writer that is safe to open in a spreadsheet. Cells that a spreadsheet would run
 * as a formula (starting with = + - @, tab or a line break) get a leading single quote, as the OWASP
 * "CSV Injection" guidance recommends; cells holding a delimiter, quote or line break are quoted
 * with inner quotes doubled. Records end with CRLF.
 */

/** Written first so Excel reads the file as UTF-8 (Chinese names otherwise turn into mojibake). */
export const CSV_BOM = '\uFEFF';

const TRIGGER = /^[=+\-@\t\r\n]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** Prefixes a single quote when a spreadsheet would treat the text as a formula. */
export function neutraliseCell(text: string): string {
  return TRIGGER.test(text) ? `'${text}` : text;
}

/**
 * Undoes `neutraliseCell` for a cell read back from a CSV this app (or a careful tool) wrote, so a
 * phone number "+86 …" survives export → import. The restored text is validated like any other
 * cell, so a restored formula is still rejected.
 */
export function restoreNeutralisedCell(text: string): string {
  return text.length > 1 && text[0] === "'" && TRIGGER.test(text.slice(1)) ? text.slice(1) : text;
}

/** Plain text of a value: null/undefined → empty, dates → ISO 8601, arrays → "a, b". */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(cellText).join(', ');
  return String(value);
}

/** One cell, neutralised and quoted as needed. */
export function csvCell(value: unknown): string {
  const text = neutraliseCell(cellText(value));
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record with its CRLF terminator. */
export function csvRecord(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/** A whole file; with a BOM unless told otherwise. */
export function toCsv(records: readonly (readonly unknown[])[], options: { bom?: boolean } = {}): string {
  return (options.bom === false ? '' : CSV_BOM) + records.map(csvRecord).join('');
}
