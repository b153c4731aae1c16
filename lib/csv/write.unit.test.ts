import { describe, expect, it } from 'vitest';
import { parseCsv } from '@/analytics/csv';
import { CSV_BOM, csvCell, csvRecord, neutraliseCell, restoreNeutralisedCell, toCsv } from './write';

describe('CSV writer', () => {
  it('neutralises cells starting with = + - @ tab or CR by a leading single quote (OWASP CSV injection)', () => {
    for (const dangerous of ['=1+1', '+1 555', '-2', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://x","y")'])
      expect(neutraliseCell(dangerous)).toBe(`'${dangerous}`);
    for (const safe of ['Acme', ' =spaced', '1=1', "'quoted", '']) expect(neutraliseCell(safe)).toBe(safe);
  });

  it('quotes cells with commas, quotes or line breaks and doubles inner quotes', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
  });

  it('writes null as empty, dates as ISO 8601 and arrays comma-joined', () => {
    expect(csvRecord([null, undefined, new Date('2026-01-02T03:04:05Z'), ['vip', 'b2b'], 42, true])).toBe(
      ',,2026-01-02T03:04:05.000Z,"vip, b2b",42,true\r\n',
    );
  });

  it('round-trips through the parser, with a BOM for Excel', () => {
    const rows = [
      ['名称', 'notes'],
      ['客户 "A", Ltd', 'line 1\r\nline 2'],
      ['', '=cmd'],
    ];
    const text = toCsv(rows);
    expect(text.startsWith(CSV_BOM)).toBe(true);
    expect(parseCsv(text)).toEqual([
      ['名称', 'notes'],
      ['客户 "A", Ltd', 'line 1\r\nline 2'],
      ['', "'=cmd"],
    ]);
    expect(toCsv(rows, { bom: false }).startsWith(CSV_BOM)).toBe(false);
  });

  it('restores only what it neutralised', () => {
    expect(restoreNeutralisedCell("'+86 138 0000 0000")).toBe('+86 138 0000 0000');
    expect(restoreNeutralisedCell("'=cmd")).toBe('=cmd');
    expect(restoreNeutralisedCell("'quoted")).toBe("'quoted");
    expect(restoreNeutralisedCell("'")).toBe("'");
  });
});
