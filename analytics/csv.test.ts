import { expect, it } from 'vitest';
import { CsvRecordReader, csvField, parseCsv, parseCsvRecord } from './csv';

it('splits plain and quoted fields, with doubled quotes and commas inside quotes', () => {
  expect(parseCsvRecord('a,"b, c","say ""hi""",')).toEqual(['a', 'b, c', 'say "hi"', '']);
});

it('strips a trailing carriage return (CRLF files)', () => {
  expect(parseCsvRecord('x,1\r')).toEqual(['x', '1']);
});

it('joins lines while a quoted field is open', () => {
  const reader = new CsvRecordReader();
  expect(reader.push('1,"first')).toBeNull();
  expect(reader.push('second",3')).toEqual(['1', 'first\nsecond', '3']);
  expect(() => {
    reader.push('"open');
    reader.end();
  }).toThrow(/inside a quoted field/);
});

it('parses a text with a header and skips blank lines', () => {
  expect(parseCsv('id,amount\n"A",1.5\n\nB,2\n')).toEqual([
    ['id', 'amount'],
    ['A', '1.5'],
    ['B', '2'],
  ]);
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
