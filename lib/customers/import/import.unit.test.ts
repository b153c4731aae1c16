import { describe, expect, it } from 'vitest';
import { MAX_CSV_BYTES } from '@/lib/csv/checks';
import { toCsv } from '@/lib/csv/write';
import { mappingProblems, suggestMapping } from './fields';
import { chunkRows, readImportFile, toImportRows } from './read-file';
import { rejectedRowsCsv } from './report';
import { CustomerChunkSchema, MAX_CHUNK_ROWS, MAX_LINE, validateCustomerRow } from './schemas';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('column mapping suggestions', () => {
  it('recognises English and Chinese headers, in any case or spelling', () => {
    expect(
      suggestMapping(
        ['客户名称', '邮箱', '手机', 'Postal_Code', 'E-Mail Address', '联系人', 'Owner Email', 'Unknown'],
        true,
      ),
    ).toEqual(['name', 'email', 'phone', 'postalCode', null, 'contactFirstName', 'ownerEmail', null]);
  });

  it('offers the owner column only to those who may assign owners', () => {
    expect(suggestMapping(['name', 'owner_email'], false)).toEqual(['name', null]);
  });

  it('re-imports its own export: every exported header maps back', () => {
    const headers = [
      'id',
      'external_id',
      'kind',
      'name',
      'email',
      'phone',
      'website',
      'street',
      'city',
      'region',
      'postal_code',
      'country',
      'industry',
      'source',
      'tags',
      'notes',
      'owner_email',
      'owner_name',
      'email_consent',
      'created_at',
      'updated_at',
    ];
    const mapped = suggestMapping(headers, true);
    expect(mapped.filter(Boolean)).toEqual([
      'externalId',
      'kind',
      'name',
      'email',
      'phone',
      'website',
      'street',
      'city',
      'region',
      'postalCode',
      'country',
      'industry',
      'source',
      'tags',
      'notes',
      'ownerEmail',
      'emailConsent',
    ]);
  });

  it('reports required fields that are not mapped and fields mapped twice', () => {
    expect(mappingProblems(['name', 'email'])).toEqual([]);
    expect(mappingProblems(['name', null])).toEqual([{ problem: 'missing', fields: ['externalId', 'email'] }]);
    expect(mappingProblems(['email', 'email'])).toEqual([
      { problem: 'twice', fields: ['email'] },
      { problem: 'missing', fields: ['name'] },
    ]);
  });
});

describe('reading an import file', () => {
  it('refuses 10 MB of garbage with the "binary" message, and more than 10 MB as too large', () => {
    const junk = new Uint8Array(MAX_CSV_BYTES).map((_, i) => (i * 7919) % 256);
    expect(readImportFile(junk)).toEqual({ ok: false, problem: { key: 'binary' } });
    expect(readImportFile(new Uint8Array(MAX_CSV_BYTES + 1))).toEqual({ ok: false, problem: { key: 'tooLarge' } });
  });

  it('refuses a file without a header, an unclosed quote (with its line), and a header with no rows', () => {
    expect(readImportFile(utf8('Acme,acme@example.com\nBeta,beta@example.com'))).toEqual({
      ok: false,
      problem: { key: 'noHeader' },
    });
    expect(readImportFile(utf8('name,email\n"Acme,acme@example.com\n'))).toEqual({
      ok: false,
      problem: { key: 'unterminatedQuote', values: { line: 2 } },
    });
    expect(readImportFile(utf8('name,name\nA,B'))).toEqual({
      ok: false,
      problem: { key: 'duplicateColumn', values: { column: 2, name: 'name' } },
    });
    expect(readImportFile(utf8('name,email\n\n,\n'))).toEqual({ ok: false, problem: { key: 'noData' } });
  });

  it('reads a semicolon file with a BOM, numbering rows as a spreadsheet does and skipping blank ones', () => {
    const file = readImportFile(utf8('\uFEFFname;email\nAcme;a@acme.example\n\nBeta;b@beta.example\n'));
    if (!file.ok) throw new Error(file.problem.key);
    expect(file.rowCount).toBe(2);
    expect(toImportRows(file.records, ['name', 'email'])).toEqual([
      { line: 2, values: { name: 'Acme', email: 'a@acme.example' } },
      { line: 4, values: { name: 'Beta', email: 'b@beta.example' } },
    ]);
  });

  it('keeps only mapped columns, reads missing cells as empty and restores cells this app neutralised', () => {
    const file = readImportFile(utf8(toCsv([['name', 'phone', 'notes'], ['Acme', '+86 10 1234 5678', 'x'], ['Beta']])));
    if (!file.ok) throw new Error(file.problem.key);
    expect(toImportRows(file.records, ['name', 'phone', null])).toEqual([
      { line: 2, values: { name: 'Acme', phone: '+86 10 1234 5678' } },
      { line: 3, values: { name: 'Beta', phone: '' } },
    ]);
  });

  it('chunks by row count and by payload size', () => {
    const rows = Array.from({ length: 1_201 }, (_, i) => ({ line: i + 2, values: { name: `n${i}` } }));
    expect(chunkRows(rows, 500).map((c) => c.length)).toEqual([500, 500, 201]);
    const big = Array.from({ length: 10 }, (_, i) => ({ line: i + 2, values: { notes: 'x'.repeat(300_000) } }));
    expect(chunkRows(big, 500, 700_000).map((c) => c.length)).toEqual([2, 2, 2, 2, 2]);
    // 100 000 Chinese characters are 300 000 bytes of UTF-8: two rows per 700 kB chunk, not seven.
    const chinese = Array.from({ length: 4 }, (_, i) => ({ line: i + 2, values: { notes: '客'.repeat(100_000) } }));
    expect(chunkRows(chinese, 500, 700_000).map((c) => c.length)).toEqual([2, 2]);
  });
});

describe('row validation', () => {
  it('accepts a customer with a contact, normalising email, country, kind and tags', () => {
    const result = validateCustomerRow({
      externalId: ' C-1 ',
      name: 'Acme',
      email: 'Info@Acme.Example',
      country: 'de',
      kind: '公司',
      tags: 'VIP, b2b,vip',
      contactFirstName: 'Alice',
      contactEmail: 'ALICE@acme.example',
    });
    expect(result).toMatchObject({
      ok: true,
      data: {
        externalId: 'C-1',
        email: 'info@acme.example',
        country: 'DE',
        kind: 'company',
        tags: ['vip', 'b2b'],
        contact: { firstName: 'Alice', email: 'alice@acme.example', lastName: null },
      },
    });
  });

  it('rejects a formula in any cell as "formula", even where another check would fail first', () => {
    expect(validateCustomerRow({ name: '=HYPERLINK("http://x","y")', email: 'a@b.co' })).toEqual({
      ok: false,
      errors: [{ field: 'name', reason: 'formula' }],
    });
    expect(validateCustomerRow({ name: 'Acme', email: '@SUM(1)' })).toEqual({
      ok: false,
      errors: [{ field: 'email', reason: 'formula' }],
    });
    expect(validateCustomerRow({ name: 'Acme', externalId: '+cmd|x', email: 'a@b.co' })).toEqual({
      ok: false,
      errors: [{ field: 'externalId', reason: 'formula' }],
    });
  });

  it('names each bad field: email, phone, country, missing key, contact without a first name', () => {
    expect(validateCustomerRow({ name: 'Acme', email: 'nope', phone: 'abc', country: 'Germany' })).toEqual({
      ok: false,
      errors: [
        { field: 'email', reason: 'email' },
        { field: 'phone', reason: 'phone' },
        { field: 'country', reason: 'country' },
      ],
    });
    expect(validateCustomerRow({ name: 'Acme' })).toEqual({
      ok: false,
      errors: [{ field: 'externalId', reason: 'needsKey' }],
    });
    expect(validateCustomerRow({ name: 'Acme', email: 'a@b.co', contactEmail: 'c@b.co' })).toEqual({
      ok: false,
      errors: [{ field: 'contactFirstName', reason: 'required' }],
    });
    expect(validateCustomerRow({ name: 'x'.repeat(201), email: 'a@b.co' })).toEqual({
      ok: false,
      errors: [{ field: 'name', reason: 'tooLong' }],
    });
  });
});

describe('cells with characters PostgreSQL cannot store', () => {
  it('a NUL or U+FFFD in any cell rejects the row as invalidCharacters, naming the field', () => {
    expect(validateCustomerRow({ name: 'Acme\u0000', email: 'a@b.co' })).toEqual({
      ok: false,
      errors: [{ field: 'name', reason: 'invalidCharacters' }],
    });
    expect(validateCustomerRow({ name: 'Acme', email: 'a@b.co', contactTitle: 'CEO\uFFFD', city: '\u0000' })).toEqual({
      ok: false,
      errors: [
        { field: 'contactTitle', reason: 'invalidCharacters' },
        { field: 'city', reason: 'invalidCharacters' },
      ],
    });
  });
});

describe('import chunks', () => {
  const rows = (lines: number[]) => ({ rows: lines.map((line) => ({ line, values: { name: `N${line}` } })) });

  it('accepts up to 500 rows with distinct spreadsheet line numbers (2 and up)', () => {
    expect(MAX_CHUNK_ROWS).toBe(500);
    expect(CustomerChunkSchema.safeParse(rows(Array.from({ length: 500 }, (_, i) => i + 2))).success).toBe(true);
    expect(CustomerChunkSchema.safeParse(rows([MAX_LINE])).success).toBe(true);
  });

  it('refuses a chunk whose line numbers repeat: two rows both line 2 would be written twice but counted once', () => {
    const result = CustomerChunkSchema.safeParse(rows([2, 3, 2]));
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toBe('duplicateLine');
    expect(
      CustomerChunkSchema.safeParse({
        rows: [
          { line: 7, values: {} },
          { line: 7, values: {} },
        ],
      }).success,
    ).toBe(false);
  });

  it('refuses line numbers that are no spreadsheet data row, and chunks over 500 rows', () => {
    for (const line of [0, 1, -2, 2.5, MAX_LINE + 1, Number.MAX_SAFE_INTEGER, Number.NaN])
      expect(CustomerChunkSchema.safeParse(rows([line])).success, String(line)).toBe(false);
    expect(CustomerChunkSchema.safeParse(rows(Array.from({ length: 501 }, (_, i) => i + 2))).success).toBe(false);
    expect(CustomerChunkSchema.safeParse({ rows: [] }).success).toBe(false);
  });
});

describe('rejected rows report', () => {
  it('lists row number, problems and the original cells, neutralising a rejected formula', () => {
    const records = [
      ['Name', 'Email'],
      ['Acme', 'nope'],
      ['=HYPERLINK("http://x","y")', 'a@b.co'],
    ];
    const csv = rejectedRowsCsv(
      records[0],
      records,
      [
        { line: 2, errors: [{ field: 'email', reason: 'email' }] },
        { line: 3, errors: [{ field: 'name', reason: 'formula' }] },
      ],
      (e) => `${e.field}: ${e.reason}`,
      { row: 'Row', problems: 'Problems' },
    );
    expect(csv).toBe(
      '\uFEFFRow,Problems,Name,Email\r\n2,email: email,Acme,nope\r\n3,name: formula,"\'=HYPERLINK(""http://x"",""y"")",a@b.co\r\n',
    );
  });
});
