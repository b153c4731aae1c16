/**
 * RFC 4180 CSV parsing, line at a time so large files can be streamed: fields may be quoted,
 * quotes inside quoted fields are doubled, and a quoted field may span lines.
 */

/**
 * Splits one record. Returns null when the text ends inside a quoted field (the record continues
 * on the next line).
 */
export function parseCsvRecord(text: string, delimiter = ','): string[] | null {
  const fields: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field.length === 0) {
      quoted = true;
    } else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else if (ch !== '\r' || i !== text.length - 1) {
      field += ch;
    }
    i++;
  }
  if (quoted) return null;
  fields.push(field);
  return fields;
}

/** Feeds lines in; yields whole records, joining lines while a quoted field is open. */
export class CsvRecordReader {
  private pending: string | null = null;

  constructor(private readonly delimiter = ',') {}

  /** The record completed by this line, or null if it is still open. */
  push(line: string): string[] | null {
    const text = this.pending === null ? line : `${this.pending}\n${line}`;
    const record = parseCsvRecord(text, this.delimiter);
    this.pending = record === null ? text : null;
    return record;
  }

  /** Throws if the input ended inside a quoted field. */
  end(): void {
    if (this.pending !== null) throw new SyntaxError('CSV ended inside a quoted field');
  }
}

/** Parses a whole CSV text (header included) into records, skipping blank lines. */
export function parseCsv(text: string, delimiter = ','): string[][] {
  const reader = new CsvRecordReader(delimiter);
  const out: string[][] = [];
  for (const line of text.split('\n')) {
    const record = reader.push(line);
    if (record && !(record.length === 1 && record[0].trim() === '')) out.push(record);
  }
  reader.end();
  return out;
}

/** Quotes a field for CSV output when it contains the delimiter, a quote or a line break. */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
