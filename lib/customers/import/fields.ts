/**
 * What a customer import file's columns can mean, and the header names (English and Chinese) that suggest
 * each meaning. Pure and client-safe: the mapping step runs it in the browser, the server only ever
 * sees rows already keyed by these field names.
 */

import { CUSTOMER_IMPORT_ALIASES, CUSTOMER_IMPORT_NAMES, type CustomerImportName, type FormField } from '../fields';

/** A customer row's contact: the columns that fill in one contact of the customer. */
const CONTACT_FIELDS = [
  'contactFirstName',
  'contactLastName',
  'contactEmail',
  'contactPhone',
  'contactTitle',
  'contactEmailConsent',
] as const;

/** The importable customer fields (lib/customers/fields.ts), then the contact's. */
export const CUSTOMER_FIELDS = [...CUSTOMER_IMPORT_NAMES, ...CONTACT_FIELDS] as const;
export type CustomerField = (typeof CUSTOMER_FIELDS)[number];

export type ImportField = CustomerField;

/** Fields a file must map before it can run (a key is checked per row on the server). */
export const REQUIRED_FIELDS: readonly ImportField[] = ['name'];
/** At least one of each group must be mapped. */
export const ONE_OF_FIELDS: readonly (readonly ImportField[])[] = [['externalId', 'email']];

export function fieldsFor(canAssignOwner: boolean): readonly ImportField[] {
  return canAssignOwner ? CUSTOMER_FIELDS : CUSTOMER_FIELDS.filter((f) => f !== 'ownerEmail');
}

// Header names are compared after normaliseHeader: lower case, no spaces, _ - . / or brackets.
// Where two fields share a name, the earlier field in this order is suggested.
const CUSTOMER_ALIASES: Record<CustomerField, readonly string[]> = {
  ...CUSTOMER_IMPORT_ALIASES,
  contactFirstName: [
    'contactfirstname',
    'firstname',
    'givenname',
    'contactname',
    'contact',
    '联系人',
    '联系人名',
    '联系人姓名',
    '名',
  ],
  contactLastName: ['contactlastname', 'lastname', 'surname', 'familyname', '联系人姓', '姓'],
  contactEmail: ['contactemail', '联系人邮箱', '联系人电子邮件'],
  contactPhone: ['contactphone', 'contactmobile', '联系人电话', '联系人手机'],
  contactTitle: ['contacttitle', 'title', 'jobtitle', 'position', '职位', '职务', '联系人职位'],
  contactEmailConsent: ['contactemailconsent', 'contactconsent', 'contactoptin', '联系人邮件同意', '联系人订阅'],
};

/** "Postal code", "postal_code" and "Postal-Code" compare equal; so do full-width and half-width brackets. */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_./()\-:：]+/g, '');
}

/** For each column, the field its header suggests (or null). A field is suggested for one column at most. */
export function suggestMapping(headers: readonly string[], canAssignOwner: boolean): (ImportField | null)[] {
  const allowed = new Set<ImportField>(fieldsFor(canAssignOwner));
  const aliases = CUSTOMER_ALIASES as Record<string, readonly string[]>;
  const byAlias = new Map<string, ImportField>();
  for (const [field, names] of Object.entries(aliases)) {
    if (!allowed.has(field as ImportField)) continue;
    for (const name of [field.toLowerCase(), ...names]) if (!byAlias.has(name)) byAlias.set(name, field as ImportField);
  }
  const used = new Set<ImportField>();
  return headers.map((h) => {
    const field = byAlias.get(normaliseHeader(h));
    if (!field || used.has(field)) return null;
    used.add(field);
    return field;
  });
}

export type MappingProblem =
  | { problem: 'missing'; fields: readonly ImportField[] }
  | { problem: 'twice'; fields: readonly ImportField[] };

/** What stops a mapping from running: required fields not mapped, or a field mapped twice. */
export function mappingProblems(mapping: readonly (ImportField | null)[]): MappingProblem[] {
  const mapped = mapping.filter((f): f is ImportField => f !== null);
  const problems: MappingProblem[] = [];
  const twice = [...new Set(mapped.filter((f, i) => mapped.indexOf(f) !== i))];
  if (twice.length) problems.push({ problem: 'twice', fields: twice });
  for (const f of REQUIRED_FIELDS) if (!mapped.includes(f)) problems.push({ problem: 'missing', fields: [f] });
  for (const group of ONE_OF_FIELDS)
    if (!group.some((f) => mapped.includes(f))) problems.push({ problem: 'missing', fields: group });
  return problems;
}

/**
 * The import row parser's shape: each importable customer field parses as the form parses it
 * (`form`, the form schema's shape), except the fields the import reads its own way (`own`: those
 * the form has not, and those it reads differently). In the import's field order.
 */
export function customerImportShape<
  Form extends Record<FormField, unknown>,
  Own extends Partial<Record<CustomerImportName, unknown>>,
>(
  form: Form,
  own: Own,
): { [K in CustomerImportName]: K extends keyof Own ? Own[K] : K extends keyof Form ? Form[K] : never } {
  return Object.fromEntries(
    CUSTOMER_IMPORT_NAMES.map((name) => {
      const parser = name in own ? own[name] : (form as Record<string, unknown>)[name];
      if (parser === undefined) throw new Error(`import: no parser for the customer field ${name}`);
      return [name, parser];
    }),
  ) as never;
}
