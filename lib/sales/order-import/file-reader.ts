import { open } from 'node:fs/promises';
import { CsvParseError, CsvStreamParser, isBlankRecord } from '@/analytics/csv';

/**
 * Reads a CSV file from any byte offset in batches of whole records, each batch with the byte
 * offset just after it: the checkpoint an import resumes from. Memory stays at one read buffer
 * and one batch, whatever the file's size.
 *
 * Record boundaries are found on the bytes (a line break outside a quoted field), which is safe in
 * UTF-8 and single-byte encodings: the quote, the delimiter, CR and LF never occur inside a
 * multi-byte character. Each batch is then decoded and parsed by the one CSV parser of the code
 * base (analytics/csv.ts), with the same quoting rules: a quote opens a quoted field only at the
 * start of a field.
 */

export type FileRecord = { row: number; cells: string[] } | { row: number; error: 'csv' };
export type RecordBatch = { records: FileRecord[]; endOffset: number; endRow: number };

export type ReadOptions = {
  /** Byte offset of a record's start (0, or a checkpoint). */
  start: number;
  /** Rows (records) before `start`: the first record read is row `rowsBefore + 1`. */
  rowsBefore: number;
  encoding: string;
  delimiter: string;
  batchRows: number;
  /** Read buffer size (tests make it tiny to split records across reads). */
  bufferBytes?: number;
};

/** A record longer than this is an unclosed quote swallowing the file, not data. */
export const MAX_RECORD_BYTES = 1024 * 1024;

export class FileProblem extends Error {
  constructor(
    readonly code: 'unterminatedQuote' | 'recordTooLong',
    readonly row: number,
  ) {
    super(`${code === 'unterminatedQuote' ? 'unclosed quote' : 'a record over 1 MB'} starting at row ${row}`);
    this.name = 'FileProblem';
  }
}

const QUOTE = 34;
const LF = 10;
const CR = 13;
const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_SEEN = 3;

/** Bytes → text in the file's encoding; invalid UTF-8 becomes U+FFFD, which the row check rejects. */
export function decoderFor(encoding: string): (bytes: Uint8Array) => string {
  if (encoding === 'utf-8') return (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString();
  const decoder = new TextDecoder(encoding);
  return (bytes) => decoder.decode(bytes);
}

export async function* readRecordBatches(path: string, options: ReadOptions): AsyncGenerator<RecordBatch> {
  const decode = decoderFor(options.encoding);
  const delimiter = options.delimiter.charCodeAt(0);
  const handle = await open(path, 'r');
  try {
    const size = (await handle.stat()).size;
    let buffer = Buffer.alloc(options.bufferBytes ?? 4 * 1024 * 1024);
    let filled = 0; // bytes of `buffer` holding data
    let bufferStart = options.start; // file offset of buffer[0]
    let readAt = options.start;
    let scan = 0; // next byte of `buffer` to scan
    let state = FIELD_START;
    let row = options.rowsBefore;
    let batchStart = 0; // buffer index where the current batch starts
    let ends: number[] = []; // buffer indexes just after each record of the batch

    const emit = (): RecordBatch => {
      const records = parseBatch(buffer, batchStart, ends, row - ends.length, decode, options.delimiter);
      const endOffset = bufferStart + ends[ends.length - 1];
      batchStart = ends[ends.length - 1];
      ends = [];
      return { records, endOffset, endRow: row };
    };

    for (;;) {
      // Scan what is buffered for record ends.
      while (scan < filled) {
        const c = buffer[scan];
        if (state === QUOTED) {
          const q = buffer.indexOf(QUOTE, scan);
          if (q === -1 || q >= filled) {
            scan = filled;
            break;
          }
          scan = q + 1;
          state = QUOTE_SEEN;
          continue;
        }
        if (state === QUOTE_SEEN) {
          state = c === QUOTE ? QUOTED : UNQUOTED; // "" is an escaped quote; else the field closed
          if (c === QUOTE) {
            scan++;
            continue;
          }
        }
        if (c === LF || c === CR) {
          if (c === CR) {
            if (scan + 1 >= filled && readAt < size) break; // is an LF next? read on first
            if (buffer[scan + 1] === LF) scan++;
          }
          scan++;
          state = FIELD_START;
          row++;
          ends.push(scan);
          if (ends.length >= options.batchRows) yield emit();
          continue;
        }
        if (c === QUOTE && state === FIELD_START) state = QUOTED;
        else if (c === delimiter) state = FIELD_START;
        else state = UNQUOTED;
        scan++;
      }
      const pending = filled - (ends.length ? ends[ends.length - 1] : batchStart);
      if (pending > MAX_RECORD_BYTES)
        throw new FileProblem(state === QUOTED ? 'unterminatedQuote' : 'recordTooLong', row + 1);
      if (readAt >= size) break;
      // Keep the unemitted bytes (whole records of the batch and the partial record), read more.
      if (batchStart > 0) {
        buffer.copy(buffer, 0, batchStart, filled);
        filled -= batchStart;
        scan -= batchStart;
        bufferStart += batchStart;
        ends = ends.map((e) => e - batchStart);
        batchStart = 0;
      }
      if (filled === buffer.length) {
        const bigger = Buffer.alloc(buffer.length * 2);
        buffer.copy(bigger, 0, 0, filled);
        buffer = bigger;
      }
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, readAt);
      if (bytesRead === 0) break;
      filled += bytesRead;
      readAt += bytesRead;
    }
    // The end of the file: a last record without a line break.
    if (filled > (ends.length ? ends[ends.length - 1] : batchStart)) {
      if (state === QUOTED) throw new FileProblem('unterminatedQuote', row + 1);
      row++;
      ends.push(filled);
    }
    if (ends.length) yield emit();
  } finally {
    await handle.close();
  }
}

/**
 * Decodes and parses a batch of whole records. When the parser refuses the batch (text after a
 * closing quote), each record is parsed alone so only the broken ones are reported.
 */
function parseBatch(
  buffer: Buffer,
  start: number,
  ends: readonly number[],
  firstRow: number,
  decode: (bytes: Uint8Array) => string,
  delimiter: string,
): FileRecord[] {
  const parse = (from: number, to: number) => {
    const parser = new CsvStreamParser({ delimiter });
    const records = parser.push(decode(buffer.subarray(from, to)));
    for (const r of parser.end()) records.push(r);
    return records.map((r) => r.fields);
  };
  try {
    const all = parse(start, ends[ends.length - 1]);
    if (all.length === ends.length) return all.map((cells, i) => ({ row: firstRow + i + 1, cells }));
  } catch (error) {
    if (!(error instanceof CsvParseError)) throw error;
  }
  const out: FileRecord[] = [];
  let from = start;
  ends.forEach((to, i) => {
    const row = firstRow + i + 1;
    try {
      const [cells = ['']] = parse(from, to);
      out.push({ row, cells });
    } catch (error) {
      if (!(error instanceof CsvParseError)) throw error;
      out.push({ row, error: 'csv' });
    }
    from = to;
  });
  return out;
}

/** A record that is only empty cells (a blank line, ",,,"): skipped, though it keeps its row number. */
export const isBlankCells = isBlankRecord;
