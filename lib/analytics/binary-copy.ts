/**
 * Rows for `COPY … FROM STDIN (FORMAT binary)`: each value in PostgreSQL's send/receive format,
 * written straight into buffers. Against the text format, no number is printed here and none
 * parsed by the server (a double is its 8 bytes, a date its day number), which is most of the
 * cost of writing a snapshot's rows on both sides.
 */

/** The column types the snapshot writes, with the value each takes (null: SQL NULL). */
export type BinaryType =
  | 'uuid' // 'xxxxxxxx-xxxx-…' text
  | 'date' // 'YYYY-MM-DD'
  | 'int2'
  | 'int4'
  | 'float8'
  | 'numeric' // a plain decimal string, e.g. '-1234.50'
  | 'cents' // numeric with 2 decimals, given as a whole number of hundredths (-123450 for -1234.50)
  | 'thousandths' // numeric with 3 decimals, given as a whole number of thousandths
  | 'text'
  | 'jsonb' // JSON text
  | 'json' // JSON text (kept as written)
  | 'int2[]'; // a one-dimensional array literal of integers, e.g. '{0,1,5}'

/**
 * A column of texts as one UTF-8 byte array: row i's text is bytes[offsets[r] … offsets[r + 1] − 1]
 * with r = rows[i] (NULL when isNull[r]). Built without a string per row, and sent between threads
 * as three typed arrays.
 */
export type ByteTextColumn = { bytes: Uint8Array; offsets: Int32Array; isNull: Uint8Array; rows: Int32Array };

/** A column of integer lists: row i's list is values[offsets[r] … offsets[r + 1] − 1], r = rows[i]. */
export type Int16ListColumn = { values: Int16Array; offsets: Int32Array; rows: Int32Array };

/** What a column's values may be: one per row, or a compact column (text, json: ByteTextColumn; int2[]: Int16ListColumn). */
export type BinaryColumn = ArrayLike<unknown> | ByteTextColumn | Int16ListColumn;

const isByteText = (c: BinaryColumn): c is ByteTextColumn => 'bytes' in c && 'isNull' in c;
const isInt16List = (c: BinaryColumn): c is Int16ListColumn => 'values' in c && 'rows' in c && !('bytes' in c);

/** The texts of a ByteTextColumn, one per row (null for NULL). */
export function byteTexts(column: ByteTextColumn): (string | null)[] {
  const decoder = new TextDecoder();
  return Array.from(column.rows, (r) =>
    column.isNull[r] ? null : decoder.decode(column.bytes.subarray(column.offsets[r], column.offsets[r + 1])),
  );
}

/** The lists of an Int16ListColumn as array literals ('{0,1,5}'), one per row. */
export function int16ListLiterals(column: Int16ListColumn): string[] {
  return Array.from(
    column.rows,
    (r) => `{${column.values.subarray(column.offsets[r], column.offsets[r + 1]).join(',')}}`,
  );
}

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const INT2_OID = 21;
/** Days from 1970-01-01 to PostgreSQL's date epoch, 2000-01-01. */
const PG_EPOCH_DAYS = 10_957;

const TYPE_CODES: Record<BinaryType, number> = {
  uuid: 0,
  date: 1,
  int2: 2,
  int4: 3,
  float8: 4,
  numeric: 5,
  text: 6,
  jsonb: 7,
  'int2[]': 8,
  cents: 9,
  thousandths: 10,
  // json's binary form is its text.
  json: 6,
};
/** Room left at the end of a chunk for one more row's fixed-size fields before it is handed on. */
const SLACK = 4096;

/**
 * Builds the stream's bytes in chunks of about `chunkBytes`: header, then rows, then trailer.
 * `columns[c][i]` is row i's value of column c, of type types[c] (null, undefined or NaN: NULL).
 */
export function* binaryCopyChunks(
  types: readonly BinaryType[],
  columns: readonly BinaryColumn[],
  length: number,
  chunkBytes = 1 << 20,
): Generator<Buffer> {
  const out = new ChunkWriter(chunkBytes + SLACK);
  // A writer per column, each reading one kind of array: a loop over rows reading every column
  // through one expression saw a dozen kinds of array there, and V8's slowest element access.
  const days = new Map<string, number>();
  const writers = types.map((type, c) => columnWriter(TYPE_CODES[type], columns[c], days));
  out.bytes(SIGNATURE);
  out.int32(0); // flags
  out.int32(0); // header extension length
  // The rows are written by a plain function, a chunk per call: V8 optimises it after a few calls
  // (a generator running every row itself stayed unoptimised, several times slower).
  for (let i = 0; i < length; ) {
    i = writeRows(out, writers, i, length, chunkBytes);
    if (out.p >= chunkBytes) yield out.take();
  }
  out.int16(-1);
  yield out.take();
}

/** A one-dimensional int2 array of items[from … from + count − 1], as array_send writes it. */
function writeInt2Array(out: ChunkWriter, items: ArrayLike<number>, from: number, count: number): void {
  out.room(24 + 6 * count);
  out.int32(count === 0 ? 12 : 20 + 6 * count);
  out.int32(count === 0 ? 0 : 1); // dimensions
  out.int32(0); // no nulls
  out.int32(INT2_OID);
  if (count > 0) {
    out.int32(count);
    out.int32(1); // lower bound
    for (let k = from; k < from + count; k++) {
      out.int32(2);
      out.int16(items[k]);
    }
  }
}

/** Writes row i's value of one column (its length, then its bytes; -1 for NULL). */
type ColumnWriter = (out: ChunkWriter, i: number) => void;

/** Rows from `from` on until the chunk is full or the rows end; returns the next row. */
function writeRows(
  out: ChunkWriter,
  writers: readonly ColumnWriter[],
  from: number,
  length: number,
  chunkBytes: number,
): number {
  const width = writers.length;
  let i = from;
  for (; i < length && out.p < chunkBytes; i++) {
    out.int16(width);
    for (let c = 0; c < width; c++) writers[c](out, i);
  }
  return i;
}

/** NULL: null, undefined, or NaN (the NULL of a number column held in a Float64Array, compute.ts ScoreColumns). */
const isNull = (v: unknown) => v === null || v === undefined || Number.isNaN(v);

/** The writer of one column of type `code` (TYPE_CODES). `days`: a snapshot has a few thousand distinct days, each converted once. */
function columnWriter(code: number, column: BinaryColumn, days: Map<string, number>): ColumnWriter {
  if (isByteText(column)) {
    if (code !== 6 && code !== 7) throw new Error(`binary COPY: a text column for type code ${code}`);
    // jsonb's binary format: version 1, then the JSON text.
    const version = code === 7 ? 1 : 0;
    const { bytes, offsets, isNull: nulls, rows } = column;
    return (out, i) => {
      const r = rows[i];
      if (nulls[r]) return out.int32(-1);
      const from = offsets[r];
      const n = offsets[r + 1] - from;
      out.room(5 + n);
      out.int32(n + version);
      if (version) out.buf[out.p++] = 1;
      out.buf.set(bytes.subarray(from, from + n), out.p);
      out.p += n;
    };
  }
  if (isInt16List(column)) {
    if (code !== 8) throw new Error(`binary COPY: an integer list column for type code ${code}`);
    const { values: items, offsets, rows } = column;
    return (out, i) => {
      const r = rows[i];
      const from = offsets[r];
      const count = offsets[r + 1] - from;
      writeInt2Array(out, items, from, count);
    };
  }
  const values = column;
  // Number columns held in a Float64Array: read as such (NaN: NULL).
  if (code === 2 || code === 3 || code === 4 || code === 9 || code === 10) {
    // Number columns read as a Float64Array (NaN: NULL), made one when given another array.
    const numbers =
      values instanceof Float64Array ? values : Float64Array.from(values, (v) => (isNull(v) ? Number.NaN : Number(v)));
    switch (code) {
      case 2:
        return (out, i) => {
          const v = numbers[i];
          if (Number.isNaN(v)) return out.int32(-1);
          out.int32(2);
          out.int16(v);
        };
      case 3:
        return (out, i) => {
          const v = numbers[i];
          if (Number.isNaN(v)) return out.int32(-1);
          out.int32(4);
          out.int32(v);
        };
      case 4:
        return (out, i) => {
          const v = numbers[i];
          if (Number.isNaN(v)) return out.int32(-1);
          out.int32(8);
          out.float64(v);
        };
      default: {
        const scale = code === 9 ? 2 : 3;
        return (out, i) => {
          const v = numbers[i];
          if (Number.isNaN(v)) return out.int32(-1);
          out.room(32);
          const n = writeScaledNumeric(out.buf, out.p + 4, v, scale);
          out.int32(n);
          out.p += n;
        };
      }
    }
  }
  switch (code) {
    case 0: {
      // A column of one uuid (the run's) is parsed once: the column keeps its last one.
      let last: string | null = null;
      const lastBytes = Buffer.alloc(16);
      return (out, i) => {
        const v = values[i];
        if (isNull(v)) return out.int32(-1);
        out.room(20);
        out.int32(16);
        if (v === last) out.buf.set(lastBytes, out.p);
        else {
          writeUuid(out.buf, out.p, v as string);
          last = v as string;
          out.buf.copy(lastBytes, 0, out.p, out.p + 16);
        }
        out.p += 16;
      };
    }
    case 1:
      return (out, i) => {
        const v = values[i];
        if (isNull(v)) return out.int32(-1);
        let day = days.get(v as string);
        if (day === undefined) {
          day = isoDay(v as string) - PG_EPOCH_DAYS;
          days.set(v as string, day);
        }
        out.int32(4);
        out.int32(day);
      };
    case 5:
      return (out, i) => {
        const v = values[i];
        if (isNull(v)) return out.int32(-1);
        const text = v as string;
        out.room(12 + text.length);
        const n = writeNumeric(out.buf, out.p + 4, text);
        out.int32(n);
        out.p += n;
      };
    case 6:
    case 7: {
      // jsonb's binary format: version 1, then the JSON text.
      const version = code === 7 ? 1 : 0;
      return (out, i) => {
        const v = values[i];
        if (isNull(v)) return out.int32(-1);
        const text = v as string;
        out.room(5 + 3 * text.length);
        const n = out.buf.write(text, out.p + 4 + version, 'utf8');
        out.int32(n + version);
        if (version) out.buf[out.p++] = 1;
        out.p += n;
      };
    }
    case 8:
      return (out, i) => {
        const v = values[i];
        if (isNull(v)) return out.int32(-1);
        const items = int2ArrayLiteral(v as string);
        writeInt2Array(out, items, 0, items.length);
      };
    default:
      throw new Error(`binary COPY: no writer for type code ${code}`);
  }
}

/** Scratch for a double's bytes (this machine's order; the writer reverses them when that is little-endian). */
const F64 = new Float64Array(1);
const F64_BYTES = new Uint8Array(F64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A buffer written front to back, big-endian (as the COPY format wants), byte by byte. */
class ChunkWriter {
  buf: Buffer;
  p = 0;

  constructor(private readonly size: number) {
    this.buf = Buffer.allocUnsafe(size);
  }

  /** Makes room for n more bytes (a row larger than a chunk grows the buffer). */
  room(n: number): void {
    if (this.p + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.size, 2 * (this.p + n)));
    this.buf.copy(next, 0, 0, this.p);
    this.buf = next;
  }

  int16(v: number): void {
    this.room(2);
    const b = this.buf;
    const p = this.p;
    b[p] = v >> 8;
    b[p + 1] = v;
    this.p = p + 2;
  }

  int32(v: number): void {
    this.room(4);
    const b = this.buf;
    const p = this.p;
    b[p] = v >>> 24;
    b[p + 1] = v >>> 16;
    b[p + 2] = v >>> 8;
    b[p + 3] = v;
    this.p = p + 4;
  }

  float64(v: number): void {
    this.room(8);
    F64[0] = v;
    const b = this.buf;
    const p = this.p;
    if (LITTLE_ENDIAN) for (let k = 0; k < 8; k++) b[p + k] = F64_BYTES[7 - k];
    else for (let k = 0; k < 8; k++) b[p + k] = F64_BYTES[k];
    this.p = p + 8;
  }

  bytes(b: Buffer): void {
    this.room(b.length);
    b.copy(this.buf, this.p);
    this.p += b.length;
  }

  /** The bytes written so far; writing goes on in a new buffer. */
  take(): Buffer {
    const done = this.buf.subarray(0, this.p);
    this.buf = Buffer.allocUnsafe(this.size);
    this.p = 0;
    return done;
  }
}

/** A big-endian 16-bit integer at buf[at] (no range check: the callers' values fit). */
function put16(buf: Buffer, at: number, v: number): void {
  buf[at] = v >> 8;
  buf[at + 1] = v;
}

/** Days since 1970-01-01 of a 'YYYY-MM-DD' day. */
function isoDay(day: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new RangeError(`not a date: ${day}`);
  return Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / 86_400_000;
}

/** The value of each ASCII hex digit (−1: not one). */
const HEX_VALUE = Int8Array.from({ length: 128 }, (_, code) => {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
});
const hexValue = (code: number): number => (code < 128 ? HEX_VALUE[code] : -1);

/** The 16 bytes of a uuid in text form ('xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx'). */
function writeUuid(buf: Buffer, at: number, text: string): void {
  if (text.length !== 36) throw new RangeError(`not a uuid: ${text}`);
  let k = 0;
  for (let i = 0; i < 36; i += 2) {
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (text.charCodeAt(i) !== 45) throw new RangeError(`not a uuid: ${text}`);
      i--;
      continue;
    }
    const hi = hexValue(text.charCodeAt(i));
    const lo = hexValue(text.charCodeAt(i + 1));
    if (hi < 0 || lo < 0) throw new RangeError(`not a uuid: ${text}`);
    buf[at + k++] = (hi << 4) | lo;
  }
}

/**
 * numeric's binary format for a plain decimal string ('-1234.50'), written at `at`; returns its
 * length. Digit count, weight of the first base-10000 digit, sign, display scale (the string's
 * decimals), then the base-10000 digits: the integer part grouped by four from the point leftwards,
 * the fraction from the point rightwards (zero-padded).
 */
export function writeNumeric(buf: Buffer, at: number, text: string): number {
  const negative = text.charCodeAt(0) === 45;
  const start = negative ? 1 : 0;
  let point = text.indexOf('.', start);
  if (point < 0) point = text.length;
  const scale = point === text.length ? 0 : text.length - point - 1;
  if (point === start || (point < text.length && scale === 0)) throw new RangeError(`not a plain decimal: ${text}`);
  // Leading zeros of the integer part do not make digits.
  let first = start;
  while (first < point - 1 && text.charCodeAt(first) === 48) first++;
  const intDigits = text.charCodeAt(first) === 48 && first === point - 1 ? 0 : point - first;
  const intGroups = Math.ceil(intDigits / 4);
  const fracGroups = Math.ceil(scale / 4);
  const groups = intGroups + fracGroups;
  let q = at + 8;
  let nonZero = false;
  let bad = false;
  // Integer part: the first group takes intDigits mod 4 digits (or 4). (No helper function: this
  // runs for every money value, and a closure per call is not free.)
  let i = point - intDigits;
  for (let g = 0; g < intGroups; g++) {
    const width = g === 0 ? intDigits - 4 * (intGroups - 1) : 4;
    let value = 0;
    for (let w = 0; w < width; w++) {
      const c = text.charCodeAt(i++) - 48;
      if (c < 0 || c > 9) bad = true;
      value = value * 10 + c;
    }
    if (value) nonZero = true;
    put16(buf, q, value);
    q += 2;
  }
  i = point + 1;
  for (let g = 0; g < fracGroups; g++) {
    let value = 0;
    for (let w = 0; w < 4; w++) {
      const c = i < text.length ? text.charCodeAt(i++) - 48 : 0;
      if (c < 0 || c > 9) bad = true;
      value = value * 10 + c;
    }
    if (value) nonZero = true;
    put16(buf, q, value);
    q += 2;
  }
  if (bad) throw new RangeError(`not a plain decimal: ${text}`);
  // numeric's header fields are 16-bit (PostgreSQL's own limits are lower).
  if (groups > 0x7fff || scale > 0x3fff) throw new RangeError(`numeric out of range: ${text.slice(0, 40)}…`);
  put16(buf, at, groups);
  put16(buf, at + 2, intGroups - 1);
  put16(buf, at + 4, negative && nonZero ? 0x4000 : 0);
  put16(buf, at + 6, scale);
  return q - at;
}

const POWERS_OF_TEN = [1, 10, 100, 1000, 10000];

/**
 * numeric's binary format for `units` / 10^scale (units a whole number, scale 1 … 4), written at
 * `at`; returns its length. The same bytes writeNumeric writes for the value's plain decimal text
 * with `scale` decimals ('-1234.50' for -123450 at scale 2), without making or reading that text.
 */
export function writeScaledNumeric(buf: Buffer, at: number, units: number, scale: number): number {
  if (!Number.isSafeInteger(units) || scale < 1 || scale > 4) throw new RangeError(`not whole units: ${units}`);
  const magnitude = Math.abs(units);
  const unit = POWERS_OF_TEN[scale];
  const whole = Math.floor(magnitude / unit);
  const fraction = magnitude - whole * unit;
  let intGroups = 0;
  for (let rest = whole; rest > 0; rest = Math.floor(rest / 10000)) intGroups++;
  let q = at + 8;
  for (let g = intGroups - 1; g >= 0; g--) {
    put16(buf, q, Math.floor(whole / 10000 ** g) % 10000);
    q += 2;
  }
  put16(buf, q, fraction * POWERS_OF_TEN[4 - scale]);
  q += 2;
  put16(buf, at, intGroups + 1);
  put16(buf, at + 2, intGroups - 1);
  put16(buf, at + 4, units < 0 ? 0x4000 : 0);
  put16(buf, at + 6, scale);
  return q - at;
}

/** The integers of a one-dimensional array literal ('{}', '{0,1,5}'). */
function int2ArrayLiteral(text: string): number[] {
  const items: number[] = [];
  const n = text.length;
  if (n < 2 || text.charCodeAt(0) !== 123 || text.charCodeAt(n - 1) !== 125) throw notAnArray(text);
  if (n === 2) return items;
  let value = 0;
  let sign = 1;
  let digits = 0;
  for (let i = 1; i < n; i++) {
    const ch = text.charCodeAt(i);
    if (ch >= 48 && ch <= 57) {
      value = value * 10 + (ch - 48);
      digits++;
    } else if (ch === 45 && digits === 0 && sign === 1) sign = -1;
    else if ((ch === 44 || ch === 125) && digits > 0) {
      items.push(sign * value);
      value = 0;
      sign = 1;
      digits = 0;
    } else throw notAnArray(text);
  }
  return items;
}

const notAnArray = (text: string) => new RangeError(`not an integer array literal: ${text}`);
