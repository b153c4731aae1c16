import { describe, expect, it } from 'vitest';
import { decodeText, TextDecodeError } from './decode';

const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p)));

/** Splits bytes into chunks of `size` bytes (a stream splits anywhere, even inside a character). */
const chunked = (data: Uint8Array, size: number) => {
  const out: Uint8Array[] = [];
  for (let i = 0; i < data.length; i += size) out.push(data.subarray(i, i + size));
  return out;
};

const decode = async (chunks: Uint8Array[], encoding?: string) => {
  let text = '';
  for await (const piece of decodeText(chunks, encoding)) text += piece;
  return text;
};

const failure = async (chunks: Uint8Array[], encoding?: string) => {
  try {
    await decode(chunks, encoding);
  } catch (error) {
    return error;
  }
  throw new Error('expected a TextDecodeError');
};

describe('decodeText', () => {
  const text = '\uFEFFid,名称\r\n1,Zoë 😀\n2,"two\rlines"\n3,end';

  it('decodes UTF-8 split anywhere, even inside a character, and keeps the BOM for the CSV parser', async () => {
    const data = bytes(text);
    for (const size of [1, 2, 3, 5, 64]) expect(await decode(chunked(data, size))).toBe(text);
  });

  it('refuses an invalid byte with its line (a lone CR counts as a line break, as in the parser)', async () => {
    // Line 4 (after CRLF, LF and a lone CR) holds 0xE9 ("é" in latin1), which is not UTF-8 on its own.
    const data = bytes('a,b\r\n1,x\n2,"y\rz', [0xe9], '"\n3,w\n');
    for (const size of [1, 4, 1000]) {
      const error = await failure(chunked(data, size));
      expect(error).toBeInstanceOf(TextDecodeError);
      expect(error).toMatchObject({ line: 4, encoding: 'utf-8', message: 'line 4 is not valid utf-8 text' });
    }
  });

  it('refuses a file cut inside a character, on its last line', async () => {
    expect(await failure([bytes('a\nb\n', [0xe5, 0x90])])).toMatchObject({ line: 3 });
  });

  it('reads latin1 and GBK when told', async () => {
    expect(await decode([bytes('Zo', [0xeb], '\n')], 'latin1')).toBe('Zoë\n');
    expect(await decode(chunked(bytes([0xc3, 0xfb, 0xb3, 0xc6], '\n'), 1), 'gbk')).toBe('名称\n');
  });

  it('refuses UTF-16 and unknown encodings', async () => {
    await expect(decode([bytes('a')], 'utf-16le')).rejects.toThrow(/UTF-16/);
    await expect(decode([bytes('a')], 'no-such-encoding')).rejects.toThrow(RangeError);
  });
});
