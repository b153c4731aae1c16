import { describe, expect, it } from 'vitest';
import { checkHeader, decodeCsvBytes, MAX_CSV_BYTES } from './checks';

const utf8 = (s: string) => new TextEncoder().encode(s);

/** Deterministic pseudo-random bytes (a linear congruential generator), so failures reproduce. */
function garbage(size: number, avoidZero = false): Uint8Array {
  const bytes = new Uint8Array(size);
  let x = 12345;
  for (let i = 0; i < size; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    bytes[i] = avoidZero ? 1 + ((x >>> 16) % 255) : (x >>> 16) & 0xff;
  }
  return bytes;
}

describe('decodeCsvBytes', () => {
  it('decodes UTF-8 and strips the byte-order mark', () => {
    expect(decodeCsvBytes(utf8('\uFEFF名称,email\n客户,a@b.cn'))).toEqual({
      ok: true,
      text: '名称,email\n客户,a@b.cn',
    });
  });

  it('refuses 10 MB of random garbage as binary (it holds NUL bytes)', () => {
    expect(decodeCsvBytes(garbage(MAX_CSV_BYTES))).toEqual({ ok: false, error: 'binary' });
  });

  it('refuses 10 MB of garbage without NUL bytes as not UTF-8', () => {
    expect(decodeCsvBytes(garbage(MAX_CSV_BYTES, true))).toEqual({ ok: false, error: 'encoding' });
  });

  it('refuses anything over 10 MB before looking at it', () => {
    expect(decodeCsvBytes(new Uint8Array(MAX_CSV_BYTES + 1))).toEqual({ ok: false, error: 'tooLarge' });
    expect(MAX_CSV_BYTES).toBe(10 * 1024 * 1024);
  });

  it('refuses GBK-encoded Chinese (an old Excel "CSV") and UTF-16 as the wrong encoding', () => {
    // "客户" in GBK is BF CD BB A7: not valid UTF-8.
    expect(decodeCsvBytes(new Uint8Array([0x6e, 0x61, 0x6d, 0x65, 0x0a, 0xbf, 0xcd, 0xbb, 0xa7]))).toEqual({
      ok: false,
      error: 'encoding',
    });
    expect(decodeCsvBytes(new Uint8Array([0xff, 0xfe, 0x6e, 0x00, 0x61, 0x00]))).toEqual({
      ok: false,
      error: 'encoding',
    });
  });

  it('refuses a PNG or a zip (an .xlsx) as binary, and an empty file as empty', () => {
    expect(decodeCsvBytes(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]))).toEqual({
      ok: false,
      error: 'binary',
    });
    expect(decodeCsvBytes(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]))).toEqual({
      ok: false,
      error: 'binary',
    });
    expect(decodeCsvBytes(new Uint8Array())).toEqual({ ok: false, error: 'empty' });
    expect(decodeCsvBytes(utf8('\uFEFF \r\n'))).toEqual({ ok: false, error: 'empty' });
  });
});

describe('checkHeader', () => {
  it('accepts column names in English and Chinese, trimmed', () => {
    expect(checkHeader([' Name ', '邮箱', 'Phone number', 'Created (UTC)'])).toEqual({
      ok: true,
      headers: ['Name', '邮箱', 'Phone number', 'Created (UTC)'],
    });
  });

  it('refuses a first row of data as "no header"', () => {
    for (const row of [
      ['Acme Ltd', 'acme@example.com'],
      ['Acme', '+1 555 0100'],
      ['2026-01-02', 'x'],
      ['Acme', '12.50'],
      ['https://acme.example', 'x'],
      ['x'.repeat(65)],
    ]) {
      expect(checkHeader(row)).toEqual({ ok: false, error: 'noHeader' });
    }
    expect(checkHeader(undefined)).toEqual({ ok: false, error: 'noHeader' });
    expect(checkHeader(['', ' '])).toEqual({ ok: false, error: 'noHeader' });
  });

  it('refuses empty and duplicate column names (case-insensitive), naming the column', () => {
    expect(checkHeader(['name', '', 'email'])).toEqual({ ok: false, error: 'emptyColumn', column: 2 });
    expect(checkHeader(['name', 'Email', 'EMAIL '])).toEqual({
      ok: false,
      error: 'duplicateColumn',
      column: 3,
      name: 'EMAIL',
    });
  });
});
