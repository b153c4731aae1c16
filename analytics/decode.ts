/**
 * Bytes → text for files read in chunks, refusing bytes that are not valid in the encoding instead
 * of turning them into U+FFFD (which silently merges distinct customer ids). The error names the
 * physical line, counted as the CSV parser counts (CRLF, LF or a lone CR).
 *
 * Chunks are cut after their last LF byte and each piece is decoded on its own: in UTF-8 and in
 * the other ASCII-compatible encodings (windows-1252, GBK, GB18030, Shift_JIS, Big5, …) the bytes
 * 0x0A and 0x0D are never part of a multi-byte character, so no character is split. UTF-16 is refused.
 */

export class TextDecodeError extends Error {
  constructor(
    readonly encoding: string,
    /** The physical line (1-based) holding the first invalid byte. */
    readonly line: number,
  ) {
    super(`line ${line} is not valid ${encoding} text`);
    this.name = 'TextDecodeError';
  }
}

const LF = 10;
const CR = 13;

/** Index of the next `byte` at or after `from`, or the last index when there is none. */
const nextByte = (bytes: Uint8Array, byte: number, from: number) => {
  const at = bytes.indexOf(byte, from);
  return at === -1 ? bytes.length - 1 : at;
};

/** Line breaks in a text as the CSV parser counts them, given whether the text before ended with CR. */
function countBreaks(text: string, afterCr: boolean): number {
  let count = 0;
  for (let k = text.indexOf('\n'); k !== -1; k = text.indexOf('\n', k + 1)) count++;
  for (let k = text.indexOf('\r'); k !== -1; k = text.indexOf('\r', k + 1)) if (text.charCodeAt(k + 1) !== LF) count++;
  // "\r" + "\n" split between two pieces is one break: the CR was counted, so drop the LF.
  if (afterCr && text.charCodeAt(0) === LF) count--;
  return count;
}

/**
 * Decodes a stream of byte chunks to text chunks. `encoding` is a label TextDecoder knows
 * ('utf-8', 'latin1', 'windows-1252', 'gbk', 'gb18030', 'shift_jis', …). A byte-order mark is
 * passed on (the CSV parser drops it). Throws TextDecodeError at the first invalid byte.
 */
export async function* decodeText(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  encoding = 'utf-8',
): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
  if (decoder.encoding.startsWith('utf-16')) throw new RangeError('UTF-16 files are not supported; save as UTF-8');
  const name = decoder.encoding;
  let carry: Uint8Array[] = [];
  let line = 1;
  let afterCr = false;

  const decodePiece = (bytes: Uint8Array): string => {
    try {
      return decoder.decode(bytes);
    } catch {
      // Find the line: decode the piece a line at a time (up to each CR or LF byte) to the bad one.
      let from = 0;
      let at = line;
      let cr = afterCr;
      while (from < bytes.length) {
        const end = Math.min(nextByte(bytes, LF, from), nextByte(bytes, CR, from)) + 1;
        let text: string;
        try {
          text = decoder.decode(bytes.subarray(from, end));
        } catch {
          throw new TextDecodeError(name, at);
        }
        at += countBreaks(text, cr);
        cr = text.charCodeAt(text.length - 1) === CR;
        from = end;
      }
      // Every line decodes alone but not the whole (a stateful encoding): name the piece's first line.
      throw new TextDecodeError(name, line);
    }
  };
  const emit = (bytes: Uint8Array): string => {
    const text = decodePiece(bytes);
    line += countBreaks(text, afterCr);
    if (text.length > 0) afterCr = text.charCodeAt(text.length - 1) === CR;
    return text;
  };

  for await (const chunk of chunks) {
    const lf = chunk.lastIndexOf(LF);
    if (lf === -1) {
      carry.push(chunk);
      continue;
    }
    const head = chunk.subarray(0, lf + 1);
    const text = emit(carry.length ? concat([...carry, head]) : head);
    carry = lf + 1 < chunk.length ? [chunk.subarray(lf + 1)] : [];
    if (text) yield text;
  }
  if (carry.length) {
    const text = emit(concat(carry));
    if (text) yield text;
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
