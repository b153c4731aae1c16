import { z } from 'zod';
import { CUSTOMER_FIELD_SPECS } from '@/lib/customers/fields';
import { ContactSchema, CustomerSchema, emailField, FORMULA } from '@/lib/customers/schemas';
import { BAD_CHARACTERS_MESSAGE, hasBadCharacters } from '@/lib/validation';
import { CUSTOMER_FIELDS, customerImportShape, type ImportField } from './fields';

// Server-side validation of import rows. Every row of every chunk is parsed here, whatever the
// browser already checked. Errors are { field, reason } with reason a catalog key ("import.reasons").

/** The browser sends at most 500 rows per chunk (read-file.ts chunkRows); a bigger chunk is crafted. */
export const MAX_CHUNK_ROWS = 500;
/** Spreadsheet rows: 1 is the header, and a 10 MB file cannot have more rows than bytes. */
export const MAX_LINE = 10_000_000;
const cell = z.string().max(10_000);
const line = z.number().int().min(2).max(MAX_LINE);

/**
 * A chunk's rows. Their line numbers come from the browser and key every result (counts and the
 * rejected rows), so each must be a real spreadsheet row and appear once: two rows sent as line 2
 * would be written twice but counted once.
 */
const chunkRows = <T extends z.ZodType>(values: T) =>
  z
    .array(z.object({ line, values }))
    .min(1)
    .max(MAX_CHUNK_ROWS)
    .refine((rows) => new Set(rows.map((r) => r.line)).size === rows.length, 'duplicateLine');

export const CustomerChunkSchema = z.object({ rows: chunkRows(z.partialRecord(z.enum(CUSTOMER_FIELDS), cell)) });

/** The data functions' guard: a chunk that skipped the schema must still not mix up its rows. */
export function assertUniqueLines(rows: readonly { line: number }[]): void {
  if (new Set(rows.map((r) => r.line)).size !== rows.length)
    throw new Error('import: duplicate line numbers in a chunk');
}

export type RowError = { field: string; reason: string };
export type RowResult<T> = { ok: true; data: T } | { ok: false; errors: RowError[] };

const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);
const optionalText = (max: number) => z.preprocess(blankToNull, z.string().trim().max(max, 'tooLong').nullable());

const KINDS: Record<string, 'person' | 'company'> = {
  person: 'person',
  individual: 'person',
  个人: 'person',
  自然人: 'person',
  company: 'company',
  business: 'company',
  organisation: 'company',
  organization: 'company',
  org: 'company',
  公司: 'company',
  企业: 'company',
  单位: 'company',
};
const CONSENT: Record<string, boolean> = {
  yes: true,
  y: true,
  true: true,
  '1': true,
  on: true,
  是: true,
  同意: true,
  no: false,
  n: false,
  false: false,
  '0': false,
  off: false,
  否: false,
  不同意: false,
};
/** Email consent: yes or no (English or Chinese words, true/false, 1/0); blank means "not given" (unchanged). */
const consentField = z.preprocess(
  (v) => (typeof v === 'string' ? (v.trim() === '' ? null : (CONSENT[v.trim().toLowerCase()] ?? v)) : v),
  z.boolean('consent').nullable(),
);

/** Person or company; English or Chinese words; blank means "not given" (new customers become companies). */
const kindField = z.preprocess(
  (v) => (typeof v === 'string' ? (v.trim() === '' ? null : (KINDS[v.trim().toLowerCase()] ?? v)) : v),
  z.enum(['person', 'company'], 'kind').nullable(),
);

// Cells parse as the customer form parses them, but for the fields the form has not (the external
// id, the owner's email) or reads otherwise (the type, also in words).
const CustomerRowSchema = z.object(
  customerImportShape(CustomerSchema.shape, {
    externalId: optionalText(CUSTOMER_FIELD_SPECS.externalId.max),
    kind: kindField,
    ownerEmail: emailField,
    emailConsent: consentField,
  }),
);
const ContactRowSchema = ContactSchema.pick({
  firstName: true,
  lastName: true,
  email: true,
  phone: true,
  title: true,
}).extend({ emailConsent: consentField });
const CONTACT_FIELDS = {
  contactFirstName: 'firstName',
  contactLastName: 'lastName',
  contactEmail: 'email',
  contactPhone: 'phone',
  contactTitle: 'title',
  contactEmailConsent: 'emailConsent',
} as const;

export type CustomerRowData = z.infer<typeof CustomerRowSchema> & { contact: z.infer<typeof ContactRowSchema> | null };

const REASONS = new Set([
  'required',
  'tooLong',
  'email',
  'phone',
  'country',
  'url',
  'tags',
  'kind',
  'formula',
  'consent',
]);

function issues(error: z.ZodError, rename: (field: string) => string = (f) => f): RowError[] {
  return error.issues.map((i) => ({
    field: rename(String(i.path[0] ?? '')),
    reason: REASONS.has(i.message) ? i.message : 'invalid',
  }));
}

/**
 * A cell with NUL or U+FFFD (an invalid byte in the file) rejects its row, whatever field it is in
 * (and only those errors are reported): PostgreSQL cannot store NUL, and U+FFFD means the value
 * was damaged before it reached us.
 */
function badCharacterErrors(values: Partial<Record<ImportField, string>>): RowError[] {
  return Object.entries(values)
    .filter(([, v]) => typeof v === 'string' && hasBadCharacters(v))
    .map(([field]) => ({ field, reason: BAD_CHARACTERS_MESSAGE }));
}

/** Every cell a spreadsheet would run as a formula is refused, whatever field it is in. */
function formulaErrors(values: Partial<Record<ImportField, string>>): RowError[] {
  return Object.entries(values)
    .filter(([, v]) => typeof v === 'string' && FORMULA.test(v))
    .map(([field]) => ({ field, reason: 'formula' }));
}

/** First error per field, formula errors first. */
function firstPerField(errors: RowError[]): RowError[] {
  const byField = new Map<string, RowError>();
  for (const e of errors) if (!byField.has(e.field)) byField.set(e.field, e);
  return [...byField.values()];
}

/**
 * One customer row (+ optional contact). Customers are keyed by external id, else email: a row
 * with neither is refused. A contact needs a first name when any contact cell is filled.
 */
export function validateCustomerRow(values: Partial<Record<ImportField, string>>): RowResult<CustomerRowData> {
  const damaged = badCharacterErrors(values);
  if (damaged.length) return { ok: false, errors: damaged };
  const formula = formulaErrors(values);
  const all = Object.fromEntries(CUSTOMER_FIELDS.map((f) => [f, values[f] ?? '']));
  const customer = CustomerRowSchema.safeParse(all);
  const contactCells = Object.keys(CONTACT_FIELDS).some((f) => all[f].trim() !== '');
  const contact = contactCells
    ? ContactRowSchema.safeParse(
        Object.fromEntries(Object.entries(CONTACT_FIELDS).map(([from, to]) => [to, all[from]])),
      )
    : null;
  const errors = [...formula];
  if (!customer.success) errors.push(...issues(customer.error));
  if (contact && !contact.success) {
    const back = Object.fromEntries(Object.entries(CONTACT_FIELDS).map(([from, to]) => [to, from])) as Record<
      string,
      string
    >;
    errors.push(...issues(contact.error, (f) => back[f] ?? f));
  }
  if (
    customer.success &&
    !customer.data.externalId &&
    !customer.data.email &&
    !formula.some((e) => e.field === 'externalId' || e.field === 'email')
  ) {
    errors.push({ field: 'externalId', reason: 'needsKey' });
  }
  if (errors.length) return { ok: false, errors: firstPerField(errors) };
  return { ok: true, data: { ...customer.data!, contact: contact?.success ? contact.data : null } };
}
