import { CsvParseError, detectDelimiter, isBlankRecord, parseCsv } from '@/analytics/csv';
import { checkHeader } from '@/lib/csv/checks';

/**
 * The first bytes of an order-line file → its encoding, delimiter, header and a few sample rows:
 * what the mapping step shows and what the import is created with. Pure and client-safe: the
 * browser reads only the head of a 200 MB file (`file.slice`), the CLI the same bytes from disk.
 */

export const HEAD_BYTES = 256 * 1024;
/** Rows of the head kept: a preview shows a few; the date format is guessed from all of them. */
export const SAMPLE_ROWS = 5000;

export type HeadProblem = 'empty' | 'binary' | 'encoding' | 'noHeader' | 'emptyColumn' | 'duplicateColumn' | 'csv';
export type FileHead =
  | {
      ok: true;
      encoding: 'utf-8' | 'windows-1252';
      delimiter: ',' | ';' | '\t';
      headers: string[];
      /** Data rows after the header (complete records only), blank ones left out. */
      samples: string[][];
    }
  | { ok: false; problem: HeadProblem; column?: number; name?: string };

export function readHead(bytes: Uint8Array, isWholeFile: boolean): FileHead {
  if (bytes.byteLength === 0) return { ok: false, problem: 'empty' };
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    return { ok: false, problem: 'encoding' };
  if (bytes.indexOf(0) !== -1) return { ok: false, problem: 'binary' };
  let encoding: 'utf-8' | 'windows-1252' = 'utf-8';
  let text: string;
  try {
    // stream: a character cut at the end of the head is not an error.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: !isWholeFile });
  } catch {
    // Not UTF-8: older Excel and many ERP exports write Windows-1252 (the UCI Online Retail file does).
    encoding = 'windows-1252';
    text = new TextDecoder('windows-1252').decode(bytes);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return { ok: false, problem: 'empty' };
  // Only whole records: drop what follows the last line break unless this is the whole file.
  if (!isWholeFile) {
    const cut = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
    if (cut > 0) text = text.slice(0, cut + 1);
  }
  const delimiter = detectDelimiter(text);
  let records: string[][];
  try {
    records = parseCsv(text, { delimiter });
  } catch (error) {
    if (error instanceof CsvParseError) {
      // A quoted field that runs past the head is not an error of the file: parse what is whole.
      records = parseCsv(text.slice(0, Math.max(text.indexOf('\n'), 0) + 1) || text, { delimiter });
    } else throw error;
  }
  const header = checkHeader(trimTrailingEmpty(records[0] ?? []));
  if (!header.ok) {
    if (header.error === 'emptyColumn') return { ok: false, problem: 'emptyColumn', column: header.column };
    if (header.error === 'duplicateColumn')
      return { ok: false, problem: 'duplicateColumn', column: header.column, name: header.name };
    return { ok: false, problem: 'noHeader' };
  }
  const samples = records
    .slice(1)
    .filter((r) => !isBlankRecord(r))
    .slice(0, SAMPLE_ROWS);
  return { ok: true, encoding, delimiter, headers: header.headers, samples };
}

/** Spreadsheets save a row's empty cells at the end ("a,b,c,,,"): they are not columns. */
export function trimTrailingEmpty(cells: readonly string[]): string[] {
  let n = cells.length;
  while (n > 0 && cells[n - 1].trim() === '') n--;
  return cells.slice(0, n);
}
