/**
 * Checks a CSV upload must pass before anyone maps its columns: size, text encoding, and a real
 * header row. Pure functions on bytes and parsed records, so the browser runs them on the file and
 * unit tests run them on crafted buffers. Errors are codes; the UI translates them.
 */

export const MAX_CSV_BYTES = 10 * 1024 * 1024;

export type DecodeError = 'empty' | 'tooLarge' | 'binary' | 'encoding';
export type DecodeResult = { ok: true; text: string } | { ok: false; error: DecodeError };

/**
 * Bytes → text. Refuses files over 10 MB, binary files (a NUL byte: spreadsheets, images, zip),
 * UTF-16 (its byte-order mark) and anything that is not valid UTF-8 (e.g. GBK from an old Excel),
 * rather than importing mojibake. Strips a UTF-8 byte-order mark.
 */
export function decodeCsvBytes(bytes: Uint8Array): DecodeResult {
  if (bytes.byteLength > MAX_CSV_BYTES) return { ok: false, error: 'tooLarge' };
  if (bytes.byteLength === 0) return { ok: false, error: 'empty' };
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    return { ok: false, error: 'encoding' };
  if (bytes.indexOf(0) !== -1) return { ok: false, error: 'binary' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { ok: false, error: 'encoding' };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return { ok: false, error: 'empty' };
  return { ok: true, text };
}

export type HeaderError =
  | { ok: false; error: 'noHeader' }
  | { ok: false; error: 'emptyColumn'; column: number }
  | { ok: false; error: 'duplicateColumn'; column: number; name: string };
export type HeaderResult = { ok: true; headers: string[] } | HeaderError;

const MAX_HEADER_LENGTH = 64;
// Values that are data, not column names: emails, numbers and amounts, dates, URLs.
const DATA_LIKE = [
  /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
  /^[-+]?[\d\s.,()]*\d[\d\s.,()]*$/,
  /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}/,
  /^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$/,
  /^(https?:\/\/|www\.)/i,
];

const isData = (cell: string) => cell.length > MAX_HEADER_LENGTH || DATA_LIKE.some((re) => re.test(cell));

/**
 * The first record must be a header: every cell a plausible column name, none empty, none repeated
 * (compared trimmed and case-insensitively). A first row of data ("Acme, acme@example.com, …") is
 * refused as "no header" rather than imported as column names.
 */
export function checkHeader(first: readonly string[] | undefined): HeaderResult {
  if (!first || first.every((c) => c.trim() === '')) return { ok: false, error: 'noHeader' };
  const headers = first.map((c) => c.trim());
  const nonEmpty = headers.filter(Boolean);
  if (nonEmpty.some(isData)) return { ok: false, error: 'noHeader' };
  const seen = new Map<string, number>();
  for (let i = 0; i < headers.length; i++) {
    if (headers[i] === '') return { ok: false, error: 'emptyColumn', column: i + 1 };
    const key = headers[i].toLowerCase();
    if (seen.has(key)) return { ok: false, error: 'duplicateColumn', column: i + 1, name: headers[i] };
    seen.set(key, i);
  }
  return { ok: true, headers };
}
