/**
 * An RFC 4180 CSV parser: fields separated by a delimiter (comma by default), records by CRLF, LF
 * or a lone CR; a field in double quotes may hold delimiters, quotes (doubled: "") and line breaks.
 * Pure and synchronous: the browser parses the whole file (≤ 10 MB) before the mapping step.
 *
 * Lenient where spreadsheets are (a quote inside an unquoted field is kept as text) and strict
 * where the data would otherwise be silently wrong (an unclosed quote, text after a closing quote).
 */

export type CsvErrorCode = 'unterminatedQuote' | 'textAfterQuote';

export class CsvParseError extends Error {
  constructor(
    readonly code: CsvErrorCode,
    /** The physical line (1-based) where the problem starts. */
    readonly line: number,
  ) {
    super(`${code} at line ${line}`);
    this.name = 'CsvParseError';
  }
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

export type ParseOptions = { delimiter?: string };

/**
 * Parses CSV text into records of fields. A leading byte-order mark is dropped; a final line break
 * does not add an empty record; blank lines in the middle are kept as `['']` so record numbers
 * stay equal to spreadsheet row numbers (callers skip them).
 */
export function parseCsv(input: string, options: ParseOptions = {}): string[][] {
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r')
    throw new RangeError('delimiter must be one character other than a quote or line break');
  const DELIM = delimiter.charCodeAt(0);
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const n = text.length;
  const records: string[][] = [];
  if (n === 0) return records;

  let record: string[] = [];
  let i = 0;
  let line = 1;
  for (;;) {
    let field: string;
    if (text.charCodeAt(i) === QUOTE) {
      const startLine = line;
      let value = '';
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q === -1) throw new CsvParseError('unterminatedQuote', startLine);
        value += text.slice(from, q);
        if (text.charCodeAt(q + 1) === QUOTE) {
          value += '"';
          from = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      line += countLineBreaks(value);
      field = value;
      const next = text.charCodeAt(i);
      if (i < n && next !== DELIM && next !== LF && next !== CR) throw new CsvParseError('textAfterQuote', line);
    } else {
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === DELIM || c === LF || c === CR) break;
        j++;
      }
      field = text.slice(i, j);
      i = j;
    }
    record.push(field);

    if (i >= n) {
      records.push(record);
      return records;
    }
    const c = text.charCodeAt(i);
    if (c === DELIM) {
      i++;
      if (i >= n) {
        // "a,b," ends with an empty last field.
        record.push('');
        records.push(record);
        return records;
      }
      continue;
    }
    // A line break: CRLF, LF or CR.
    i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
    line++;
    records.push(record);
    record = [];
    if (i >= n) return records;
  }
}

function countLineBreaks(value: string): number {
  let count = 0;
  for (let k = 0; k < value.length; k++) {
    const c = value.charCodeAt(k);
    if (c === LF || (c === CR && value.charCodeAt(k + 1) !== LF)) count++;
  }
  return count;
}

/** True for a record that holds nothing but empty fields (a blank line, or ",,,"). */
export function isBlankRecord(record: readonly string[]): boolean {
  return record.every((f) => f.trim() === '');
}

/**
 * Guesses the delimiter from the first line: European Excel writes `;`, some tools tab. Counts
 * outside quotes; a comma wins ties so ordinary files never change meaning.
 */
export function detectDelimiter(text: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let k = start; k < text.length; k++) {
    const ch = text[k];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch in counts) counts[ch as keyof typeof counts]++;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[',']) return '\t';
  return ',';
}
