/**
 * The one RFC 4180 CSV parser of the code base (the customer import, the analytics CLI and the
 * order import all use it): fields separated by a delimiter (comma by default), records by CRLF,
 * LF or a lone CR; a field in double quotes may hold delimiters, quotes (doubled: "") and line
 * breaks. A leading byte-order mark is dropped.
 *
 * Incremental: `CsvStreamParser` takes text in chunks of any size (split anywhere, even inside a
 * CRLF or a doubled quote) and hands back each complete record with the physical line it starts
 * on. Every character is looked at once, so time is linear in the input whatever its content;
 * re-scanning pending text on each line made one unclosed quote quadratic (a 5 MB file hung).
 *
 * Lenient where spreadsheets are (a quote inside an unquoted field is kept as text) and strict
 * where the data would otherwise be silently wrong (an unclosed quote, text after a closing quote).
 */

export type CsvErrorCode = 'unterminatedQuote' | 'textAfterQuote';

const MESSAGES: Record<CsvErrorCode, (line: number) => string> = {
  unterminatedQuote: (line) => `unclosed quote starting at line ${line}`,
  textAfterQuote: (line) => `text after a closing quote at line ${line} (quotes inside a value must be doubled: "")`,
};

export class CsvParseError extends Error {
  constructor(
    readonly code: CsvErrorCode,
    /** The physical line (1-based) where the problem starts. */
    readonly line: number,
  ) {
    super(MESSAGES[code](line));
    this.name = 'CsvParseError';
  }
}

/** A record and the physical line (1-based) its first field starts on. */
export type CsvRecord = { line: number; fields: string[] };

export type ParseOptions = { delimiter?: string };

const QUOTE = 34;
const LF = 10;
const CR = 13;
const BOM = 0xfeff;

// Where the parser stands between two characters.
const FIELD_START = 0; // before the first character of a field
const UNQUOTED = 1; // inside an unquoted field
const QUOTED = 2; // inside a quoted field
const QUOTE_SEEN = 3; // just after a quote inside a quoted field: it closes the field, or starts ""
const CLOSED = 4; // after a closing quote: a delimiter, a line break or the end must follow

/**
 * Incremental parser: `push` chunks of text, each returning the records it completed; `end` returns
 * the last record (when the text does not end with a line break) and throws a CsvParseError if the
 * text ended inside a quoted field. Blank lines come back as `['']` so record lines stay equal to
 * spreadsheet rows (callers skip them); a final line break does not add an empty record.
 */
export class CsvStreamParser {
  private readonly delimiter: number;
  private state = FIELD_START;
  private fields: string[] = [];
  private value = '';
  /** Physical line of the next character. */
  private line = 1;
  private recordLine = 1;
  private quoteLine = 1;
  /** The previous character ended a record with CR: a following LF belongs to it. */
  private skipLf = false;
  /** The previous character inside the current quoted field was CR (so an LF after it is no new line). */
  private quotedCr = false;
  private started = false;
  private ended = false;

  constructor(options: ParseOptions = {}) {
    const delimiter = options.delimiter ?? ',';
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r')
      throw new RangeError('delimiter must be one character other than a quote or line break');
    this.delimiter = delimiter.charCodeAt(0);
  }

  push(chunk: string): CsvRecord[] {
    if (this.ended) throw new Error('CsvStreamParser: push after end');
    const out: CsvRecord[] = [];
    let text = chunk;
    if (!this.started) {
      if (text.length === 0) return out;
      this.started = true;
      if (text.charCodeAt(0) === BOM) text = text.slice(1);
    }
    const n = text.length;
    const D = this.delimiter;
    // The state lives in locals while scanning (several times faster than fields of `this`).
    let { state, value, fields, line, recordLine, quoteLine, skipLf, quotedCr } = this;
    let i = 0;
    while (i < n) {
      if (state === FIELD_START) {
        const c = text.charCodeAt(i);
        if (skipLf) {
          skipLf = false;
          if (c === LF) {
            i++;
            continue;
          }
        }
        if (fields.length === 0) recordLine = line;
        if (c === QUOTE) {
          state = QUOTED;
          quoteLine = line;
          quotedCr = false;
          i++;
          continue;
        }
        state = UNQUOTED;
      }
      let end: number; // position of the delimiter or line break that ends the field
      if (state === UNQUOTED) {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === D || c === LF || c === CR) break;
          j++;
        }
        value = value === '' ? text.slice(i, j) : value + text.slice(i, j);
        if (j === n) break; // the field goes on in the next chunk
        end = j;
      } else if (state === QUOTED) {
        const q = text.indexOf('"', i);
        const to = q === -1 ? n : q;
        for (let k = i; k < to; k++) {
          // Line breaks inside the field: CRLF, LF or a lone CR, even when split between chunks.
          const c = text.charCodeAt(k);
          if (c === CR) {
            line++;
            quotedCr = true;
          } else {
            if (c === LF && !quotedCr) line++;
            quotedCr = false;
          }
        }
        value += text.slice(i, to);
        if (q === -1) break;
        state = QUOTE_SEEN;
        i = q + 1;
        continue;
      } else if (state === QUOTE_SEEN) {
        if (text.charCodeAt(i) === QUOTE) {
          value += '"';
          quotedCr = false;
          state = QUOTED;
          i++;
        } else state = CLOSED;
        continue;
      } else {
        const c = text.charCodeAt(i);
        if (c !== D && c !== LF && c !== CR) throw new CsvParseError('textAfterQuote', line);
        end = i;
      }
      // End the field; a line break also ends the record.
      const c = text.charCodeAt(end);
      fields.push(value);
      value = '';
      state = FIELD_START;
      i = end + 1;
      if (c !== D) {
        out.push({ line: recordLine, fields });
        fields = [];
        line++;
        skipLf = c === CR;
      }
    }
    this.state = state;
    this.value = value;
    this.fields = fields;
    this.line = line;
    this.recordLine = recordLine;
    this.quoteLine = quoteLine;
    this.skipLf = skipLf;
    this.quotedCr = quotedCr;
    return out;
  }

  /** The last record, if the text did not end with a line break. Throws on an unclosed quote. */
  end(): CsvRecord[] {
    if (this.ended) return [];
    this.ended = true;
    if (this.state === QUOTED) throw new CsvParseError('unterminatedQuote', this.quoteLine);
    if (this.state === FIELD_START && this.fields.length === 0) return [];
    // "a,b," ends with an empty last field; any other state ends the field in progress.
    this.fields.push(this.value);
    return [{ line: this.recordLine, fields: this.fields }];
  }
}

/** Parses a whole text into records with their starting lines (see CsvStreamParser). */
export function parseCsvRecords(text: string, options: ParseOptions = {}): CsvRecord[] {
  const parser = new CsvStreamParser(options);
  const records = parser.push(text);
  for (const last of parser.end()) records.push(last);
  return records;
}

/** Parses a whole text into records of fields (see CsvStreamParser for blank lines and the BOM). */
export function parseCsv(text: string, options: ParseOptions = {}): string[][] {
  return parseCsvRecords(text, options).map((r) => r.fields);
}

/**
 * The records of a text that arrives in chunks (e.g. a decoded file stream), a batch per chunk:
 * awaiting each record separately would cost more than parsing it.
 */
export async function* readCsvBatches(
  chunks: AsyncIterable<string> | Iterable<string>,
  options: ParseOptions = {},
): AsyncGenerator<CsvRecord[]> {
  const parser = new CsvStreamParser(options);
  for await (const chunk of chunks) {
    const records = parser.push(chunk);
    if (records.length) yield records;
  }
  const last = parser.end();
  if (last.length) yield last;
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
  const start = text.charCodeAt(0) === BOM ? 1 : 0;
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

/** Quotes a field for CSV output when it contains the delimiter, a quote or a line break. */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
