import { describe, expect, it } from 'vitest';
import {
  CsvParseError,
  CsvStreamParser,
  csvField,
  detectDelimiter,
  isBlankRecord,
  parseCsv,
  parseCsvRecords,
  readCsvBatches,
} from './csv';

const thrown = (f: () => unknown): unknown => {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
};

describe('parseCsv (RFC 4180)', () => {
  it('splits records on CRLF, LF and lone CR, and ignores one final line break', () => {
    expect(parseCsv('a,b\r\nc,d\ne,f\rg,h\r\n')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
      ['g', 'h'],
    ]);
    expect(parseCsv('a,b')).toEqual([['a', 'b']]);
    expect(parseCsv('')).toEqual([]);
  });

  it('reads quoted fields with embedded delimiters, doubled quotes and line breaks', () => {
    const text = 'name,notes\r\n"Acme, Inc.","He said ""hi""\r\nthen left"\r\n"",x\r\n';
    expect(parseCsv(text)).toEqual([
      ['name', 'notes'],
      ['Acme, Inc.', 'He said "hi"\r\nthen left'],
      ['', 'x'],
    ]);
    expect(parseCsv('a,"b, c","say ""hi""",')).toEqual([['a', 'b, c', 'say "hi"', '']]);
  });

  it('keeps empty fields, including a trailing one, and blank lines as records', () => {
    expect(parseCsv('a,,c,\n\n1,2,3,4')).toEqual([['a', '', 'c', ''], [''], ['1', '2', '3', '4']]);
    expect(isBlankRecord([''])).toBe(true);
    expect(isBlankRecord([' ', ''])).toBe(true);
    expect(isBlankRecord(['', 'x'])).toBe(false);
  });

  it('drops a byte-order mark and keeps Chinese text intact', () => {
    expect(parseCsv('\uFEFF名称,邮箱\n客户,a@b.cn')).toEqual([
      ['名称', '邮箱'],
      ['客户', 'a@b.cn'],
    ]);
  });

  it('keeps a quote inside an unquoted field as text (spreadsheets do)', () => {
    expect(parseCsv('5" screen,x')).toEqual([['5" screen', 'x']]);
  });

  it('reports an unclosed quote at the line it starts on, and text after a closing quote at its line', () => {
    const open = thrown(() => parseCsv('a,b\n1,"open\n2,3'));
    expect(open).toBeInstanceOf(CsvParseError);
    expect(open).toMatchObject({ code: 'unterminatedQuote', line: 2, message: 'unclosed quote starting at line 2' });
    expect(thrown(() => parseCsv('a\n"x\ny"z'))).toMatchObject({ code: 'textAfterQuote', line: 3 });
  });

  it('reads semicolon and tab files when told, and detects the delimiter from the header', () => {
    expect(parseCsv('a;"b;c"\n1;2', { delimiter: ';' })).toEqual([
      ['a', 'b;c'],
      ['1', '2'],
    ]);
    expect(parseCsv('a\tb\n1\t2', { delimiter: '\t' })).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(detectDelimiter('name;email;phone\n')).toBe(';');
    expect(detectDelimiter('name\temail\n')).toBe('\t');
    expect(detectDelimiter('"a;b",c\n')).toBe(',');
    expect(detectDelimiter('single\n')).toBe(',');
    expect(() => parseCsv('a', { delimiter: '"' })).toThrow(RangeError);
  });

  it('gives each record the physical line it starts on, counting line breaks inside quotes', () => {
    const text = 'h1,h2\r\n"two\r\nlines",x\r\n\r\n"three\nmore\rlines",y\nlast,z';
    expect(parseCsvRecords(text).map((r) => [r.line, r.fields[1]])).toEqual([
      [1, 'h2'],
      [2, 'x'],
      [4, undefined],
      [5, 'y'],
      [8, 'z'],
    ]);
  });

  // Its speed is measured by `npm run bench:import`, not asserted here (a loaded machine is no clock).
  it('parses 10 MB of rows in one string (a large export) into every record, the last one whole', () => {
    const line = 'Acme Ltd,acme@example.com,"Main St, 1",+1 555 0100\n';
    const text = line.repeat(Math.ceil(10_000_000 / line.length));
    const rows = parseCsv(text);
    expect(rows.length).toBe(Math.ceil(10_000_000 / line.length));
    expect(rows.at(-1)).toEqual(['Acme Ltd', 'acme@example.com', 'Main St, 1', '+1 555 0100']);
  });
});

describe('CsvStreamParser (chunks in, records with lines out)', () => {
  // Every tricky boundary: CRLF, lone CR, doubled quotes, quoted line breaks, a BOM, a trailing delimiter.
  const text = '\uFEFFid,"note, quoted"\r\n1,"say ""hi""\r\nbye"\r2,plain\n\n3,"x"\r\n4,';
  const whole = parseCsvRecords(text);

  const inChunks = (size: number) => {
    const parser = new CsvStreamParser();
    const out = [];
    for (let i = 0; i < text.length; i += size) out.push(...parser.push(text.slice(i, i + size)));
    out.push(...parser.end());
    return out;
  };

  it('gives the same records and lines whatever the chunk size, down to one character', () => {
    expect(whole).toEqual([
      { line: 1, fields: ['id', 'note, quoted'] },
      { line: 2, fields: ['1', 'say "hi"\r\nbye'] },
      { line: 4, fields: ['2', 'plain'] },
      { line: 5, fields: [''] },
      { line: 6, fields: ['3', 'x'] },
      { line: 7, fields: ['4', ''] },
    ]);
    for (const size of [1, 2, 3, 5, 7, 64]) expect(inChunks(size)).toEqual(whole);
  });

  it('gives the same records when split at every single position', () => {
    for (let at = 0; at <= text.length; at++) {
      const parser = new CsvStreamParser();
      const out = [...parser.push(text.slice(0, at)), ...parser.push(text.slice(at)), ...parser.end()];
      expect(out).toEqual(whole);
    }
  });

  it('returns each record as soon as its line break arrives', () => {
    const parser = new CsvStreamParser();
    expect(parser.push('1,"first')).toEqual([]);
    expect(parser.push('\nsecond",3\n4')).toEqual([{ line: 1, fields: ['1', 'first\nsecond', '3'] }]);
    expect(parser.end()).toEqual([{ line: 3, fields: ['4'] }]);
  });

  it('end() throws on an unclosed quote naming the line it started on', () => {
    const parser = new CsvStreamParser();
    parser.push('a,b\n1,2\n3,"never');
    parser.push(' closed\nmore\n');
    expect(thrown(() => parser.end())).toMatchObject({ code: 'unterminatedQuote', line: 3 });
  });

  it('reads an async stream of chunks, a batch of records per chunk', async () => {
    async function* chunks() {
      yield 'a,b\r';
      yield '\n1,"x';
      yield '""y"\r\n';
    }
    const batches = [];
    for await (const batch of readCsvBatches(chunks())) batches.push(batch);
    expect(batches).toEqual([[{ line: 1, fields: ['a', 'b'] }], [{ line: 2, fields: ['1', 'x"y'] }]]);
  });

  it('fails on 5 MB with an unclosed quote on line 3 by reading it once (it used to re-parse every line)', () => {
    const rows = 'C1,2024-01-05,19.99\n'.repeat(260_000);
    const parser = new CsvStreamParser();
    parser.push('customer_id,date,amount\nA,2024-01-01,10\n"B,2024-01-02,11\n');
    for (let i = 0; i < rows.length; i += 65_536) expect(parser.push(rows.slice(i, i + 65_536))).toEqual([]);
    expect(thrown(() => parser.end())).toMatchObject({ code: 'unterminatedQuote', line: 3 });
  });
});

it('quotes output fields only when needed', () => {
  expect([csvField('plain'), csvField('a,b'), csvField('say "x"'), csvField(null), csvField(3.5)]).toEqual([
    'plain',
    '"a,b"',
    '"say ""x"""',
    '',
    '3.5',
  ]);
});
