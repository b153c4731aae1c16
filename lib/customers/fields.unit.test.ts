import fs from 'node:fs';
import path from 'node:path';
import { PgVarchar } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { customers } from '@/db/schema';
import {
  CUSTOMER_FIELD_SPECS,
  CUSTOMER_IMPORT_NAMES,
  type CustomerFieldName,
  EXPORT_FIELDS,
  type FieldSpec,
  FORM_FIELDS,
  IMPORT_VALUE_FIELDS,
  IMPORTABLE_FIELDS,
  importName,
  LIST_FIELDS,
  MERGE_FIELDS,
} from './fields';
import { suggestMapping } from './import/fields';
import { validateCustomerRow } from './import/schemas';
import { CustomerSchema } from './schemas';

const spec = (field: CustomerFieldName): FieldSpec => CUSTOMER_FIELD_SPECS[field];
const messages = (locale: string, area: string) =>
  JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '..', 'i18n', 'messages', locale, `${area}.json`), 'utf8'));

/** A cell of `length` characters the field's kind accepts, when its length is all that is wrong. */
function cellOfLength(kind: FieldSpec['kind'], length: number): string {
  if (kind === 'url') return `https://${'a'.repeat(length - 'https://'.length - '.com'.length)}.com`;
  return 'x'.repeat(length);
}

/** A cell the field's kind refuses, whatever its length. */
const BAD_CELL: Partial<Record<FieldSpec['kind'], string>> = {
  email: 'not an email',
  phone: 'call me',
  url: 'http://',
  country: 'USA',
  enum: 'robot',
  tags: Array.from({ length: 21 }, (_, i) => `t${i}`).join(','),
  owner: 'not an email',
  boolean: 'perhaps',
};

describe('the customer field list', () => {
  it('derives the lists each screen has always used, in their order', () => {
    expect(MERGE_FIELDS).toEqual([
      'name',
      'kind',
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
      'ownerId',
      'emailConsent',
      'notes',
      'externalId',
    ]);
    expect(CUSTOMER_IMPORT_NAMES).toEqual([
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
    expect(IMPORT_VALUE_FIELDS).not.toContain('externalId');
    // Consent is planned on its own (lib/customers/consent.ts), never written as it comes.
    expect(IMPORT_VALUE_FIELDS).not.toContain('emailConsent');
    expect(LIST_FIELDS).toEqual([
      'id',
      'kind',
      'name',
      'email',
      'phone',
      'city',
      'country',
      'industry',
      'tags',
      'ownerId',
      'createdAt',
      'updatedAt',
    ]);
  });

  it('each maximum length is its database column’s (varchar) length', () => {
    for (const field of Object.keys(CUSTOMER_FIELD_SPECS) as CustomerFieldName[]) {
      const column = customers[field];
      if (column instanceof PgVarchar) expect(spec(field).max, field).toBe(column.length);
    }
  });

  it('the form schema has exactly the form fields; every text field takes its maximum length and refuses one more', () => {
    expect(Object.keys(CustomerSchema.shape).sort()).toEqual([...FORM_FIELDS].sort());
    for (const field of FORM_FIELDS) {
      const { kind, max } = spec(field);
      if ((kind !== 'text' && kind !== 'url') || max === undefined) continue;
      const parse = (length: number) =>
        CustomerSchema.pick({ [field]: true } as never).safeParse({ [field]: cellOfLength(kind, length) });
      expect(parse(max).success, `${field} at ${max}`).toBe(true);
      expect(
        parse(max + 1).error?.issues.map((i) => i.message),
        `${field} at ${max + 1}`,
      ).toContain('tooLong');
    }
  });

  it('every merge field is one a person sets: in the form or in an import', () => {
    for (const field of MERGE_FIELDS)
      expect(FORM_FIELDS.includes(field as never) || IMPORTABLE_FIELDS.includes(field as never), field).toBe(true);
  });

  it('every importable field has a parser: a cell too long, or of the wrong kind, is refused on that field', () => {
    for (const field of IMPORTABLE_FIELDS) {
      const { kind, max } = spec(field);
      const name = importName(field);
      const cell = kind === 'text' ? cellOfLength(kind, max! + 1) : BAD_CELL[kind];
      expect(cell, `a bad ${kind} cell`).toBeDefined();
      const result = validateCustomerRow({ externalId: 'X-1', name: 'Acme', [name]: cell });
      expect(result.ok ? [] : result.errors.map((e) => e.field), name).toContain(name);
    }
  });

  it('every field name and header alias suggests its own import field, and every export header maps back', () => {
    for (const field of IMPORTABLE_FIELDS) {
      const name = importName(field);
      for (const header of [name, ...(spec(field).import?.aliases ?? [])])
        expect(suggestMapping([header], true), header).toEqual([name]);
    }
    for (const field of EXPORT_FIELDS) {
      if (!IMPORTABLE_FIELDS.includes(field as never)) continue;
      const header = field === 'ownerId' ? 'owner_email' : customers[field].name;
      expect(suggestMapping([header], true), header).toEqual([importName(field as never)]);
    }
  });

  it('every merge and import field has its label in English and Chinese', () => {
    for (const locale of ['en', 'zh-CN']) {
      const merge = messages(locale, 'duplicates').customerMerge.fields;
      const imported = messages(locale, 'import').import.customerFields;
      for (const field of MERGE_FIELDS) expect(merge[field], `${locale} merge ${field}`).toBeTruthy();
      for (const name of CUSTOMER_IMPORT_NAMES) expect(imported[name], `${locale} import ${name}`).toBeTruthy();
    }
  });
});
