import { type CsvErrorCode, CsvParseError, detectDelimiter, isBlankRecord, parseCsv } from '@/analytics/csv';
import { checkHeader, type DecodeError, decodeCsvBytes } from '@/lib/csv/checks';
import { restoreNeutralisedCell } from '@/lib/csv/write';
import type { ImportField } from './fields';

/**
 * The browser half of an import, as pure functions: bytes → checked records → rows keyed by field
 * → chunks for the server action. Unit-tested without a browser.
 */

export type FileProblemKey =
  | DecodeError
  | CsvErrorCode
  | 'noHeader'
  | 'emptyColumn'
  | 'duplicateColumn'
  | 'noData'
  | 'readFailed';
export type FileProblem = { key: FileProblemKey; values?: Record<string, string | number> };

export type ReadImportFile =
  | { ok: true; headers: string[] /** All records; [0] is the header row. */; records: string[][]; rowCount: number }
  | { ok: false; problem: FileProblem };

export function readImportFile(bytes: Uint8Array): ReadImportFile {
  const decoded = decodeCsvBytes(bytes);
  if (!decoded.ok) return { ok: false, problem: { key: decoded.error } };
  let records: string[][];
  try {
    records = parseCsv(decoded.text, { delimiter: detectDelimiter(decoded.text) });
  } catch (error) {
    if (error instanceof CsvParseError)
      return { ok: false, problem: { key: error.code, values: { line: error.line } } };
    throw error;
  }
  const header = checkHeader(records[0]);
  if (!header.ok) {
    if (header.error === 'noHeader') return { ok: false, problem: { key: 'noHeader' } };
    if (header.error === 'emptyColumn')
      return { ok: false, problem: { key: 'emptyColumn', values: { column: header.column } } };
    return { ok: false, problem: { key: 'duplicateColumn', values: { column: header.column, name: header.name } } };
  }
  const rowCount = records.slice(1).filter((r) => !isBlankRecord(r)).length;
  if (rowCount === 0) return { ok: false, problem: { key: 'noData' } };
  return { ok: true, headers: header.headers, records, rowCount };
}

/** One data row as the server action receives it: its spreadsheet row number and mapped cells. */
export type ImportRow = { line: number; values: Partial<Record<ImportField, string>> };

/**
 * Applies a column mapping to the data records. Row numbers are spreadsheet rows (the header is
 * row 1), blank rows are skipped but still counted, missing trailing cells read as empty, and a
 * cell this app neutralised on export ('+86 …) is restored before validation.
 */
export function toImportRows(
  records: readonly (readonly string[])[],
  mapping: readonly (ImportField | null)[],
): ImportRow[] {
  const rows: ImportRow[] = [];
  for (let r = 1; r < records.length; r++) {
    const record = records[r];
    if (isBlankRecord(record)) continue;
    const values: Partial<Record<ImportField, string>> = {};
    mapping.forEach((field, column) => {
      if (field) values[field] = restoreNeutralisedCell(record[column] ?? '');
    });
    rows.push({ line: r + 1, values });
  }
  return rows;
}

/**
 * Splits rows into chunks of at most `maxRows` rows and about `maxBytes` bytes of UTF-8 JSON:
 * server actions accept 1 MB per call, and a Chinese character takes three bytes.
 */
export function chunkRows<T>(rows: readonly T[], maxRows = 500, maxBytes = 700_000): T[][] {
  const encoder = new TextEncoder();
  const chunks: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const row of rows) {
    const rowSize = encoder.encode(JSON.stringify(row)).length + 1;
    if (current.length > 0 && (current.length >= maxRows || size + rowSize > maxBytes)) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(row);
    size += rowSize;
  }
  if (current.length) chunks.push(current);
  return chunks;
}
