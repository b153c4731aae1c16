import { type ConsentState, newConsent, requestConsent } from '../consent';
import { IMPORT_VALUE_FIELDS, type ImportValueField } from '../fields';
import type { CustomerRowData, RowError } from './schemas';

/**
 * Pure planning for a customer import chunk: how rows with the same key combine, and which stored
 * fields a row would change. Blank cells never overwrite stored values (as in most CRM importers),
 * and tags are added, never removed; so re-importing a file finds nothing to change.
 */

/** The fields a row sets as they come (lib/customers/fields.ts): not the key, the tags or the owner. */
export const CUSTOMER_TEXT_FIELDS = IMPORT_VALUE_FIELDS;
export type CustomerTextField = ImportValueField;
export const CONTACT_TEXT_FIELDS = ['firstName', 'lastName', 'email', 'phone', 'title'] as const;
type ContactTextField = (typeof CONTACT_TEXT_FIELDS)[number];
/** What a row's contact asks for: its text cells and its email consent (null: blank, unchanged). */
const CONTACT_WANTED_FIELDS = [...CONTACT_TEXT_FIELDS, 'emailConsent'] as const;
type ContactWantedField = (typeof CONTACT_WANTED_FIELDS)[number];
const CONTACT_CELL: Record<ContactWantedField, string> = {
  firstName: 'contactFirstName',
  lastName: 'contactLastName',
  email: 'contactEmail',
  phone: 'contactPhone',
  title: 'contactTitle',
  emailConsent: 'contactEmailConsent',
};

export const MAX_TAGS = 20;

export type StoredCustomer = Record<CustomerTextField, string | null> &
  ConsentState & {
    id: string;
    externalId: string | null;
    tags: string[];
    ownerId: string | null;
    version: number;
    deletedAt: Date | null;
  };
export type StoredContact = Record<ContactTextField, string | null> &
  ConsentState & {
    id: string;
    customerId: string;
    isPrimary: boolean;
    version: number;
  };
export type ContactData = NonNullable<CustomerRowData['contact']>;

/** The values a group of rows with one key asks for: the first row, filled in by later rows. */
export type Desired = Omit<CustomerRowData, 'contact'>;

export type Merged = { desired: Desired; accepted: number[]; conflicts: { line: number; errors: RowError[] }[] };

/**
 * Combines the rows of one customer key (a file may repeat a customer once per contact). A later
 * row may fill blanks; if it contradicts an earlier value it is rejected ("conflict"), not applied.
 */
export function mergeRows(rows: readonly { line: number; data: CustomerRowData }[]): Merged {
  const [first, ...rest] = rows;
  const { contact: _contact, ...desired } = first.data;
  const merged: Desired = { ...desired, tags: [...desired.tags] };
  const accepted = [first.line];
  const conflicts: Merged['conflicts'] = [];
  const fields = [...CUSTOMER_TEXT_FIELDS, 'externalId', 'ownerEmail', 'emailConsent'] as const;
  for (const row of rest) {
    const clash = fields.filter((f) => row.data[f] != null && merged[f] != null && row.data[f] !== merged[f]);
    if (clash.length) {
      conflicts.push({ line: row.line, errors: clash.map((field) => ({ field, reason: 'conflict' })) });
      continue;
    }
    for (const f of fields)
      if (merged[f] == null && row.data[f] != null) (merged as Record<string, unknown>)[f] = row.data[f];
    for (const t of row.data.tags) if (!merged.tags.includes(t)) merged.tags.push(t);
    accepted.push(row.line);
  }
  return { desired: merged, accepted, conflicts };
}

export type CustomerChanges = Partial<
  Record<CustomerTextField | 'tags' | 'ownerId' | 'emailConsent' | 'consentAt' | 'consentSource', unknown>
>;

/**
 * The stored fields the desired values would change, as their new values (empty when nothing
 * would), and whether the row asked to give consent to someone who unsubscribed (`consentRefused`:
 * consent stays off, the rest of the row still applies).
 */
export function customerChanges(
  stored: StoredCustomer,
  desired: Desired,
  ownerId: string | null,
  now: Date,
): { changes: CustomerChanges; consentRefused: boolean } {
  const changes: CustomerChanges = {};
  for (const f of CUSTOMER_TEXT_FIELDS) if (desired[f] != null && desired[f] !== stored[f]) changes[f] = desired[f];
  const added = desired.tags.filter((t) => !stored.tags.includes(t));
  if (added.length) changes.tags = [...stored.tags, ...added];
  if (ownerId && ownerId !== stored.ownerId) changes.ownerId = ownerId;
  const consent = requestConsent(stored, desired.emailConsent, now, 'import');
  if (consent.next.emailConsent !== stored.emailConsent) {
    changes.emailConsent = consent.next.emailConsent;
    changes.consentAt = consent.next.consentAt;
    changes.consentSource = consent.next.consentSource;
  }
  return { changes, consentRefused: consent.refused };
}

/** A new customer's consent: what the row says (blank: none), given now by the import. */
export function newCustomerConsent(
  desired: Desired,
  now: Date,
): Pick<ConsentState, 'emailConsent' | 'consentAt' | 'consentSource'> {
  return newConsent(desired.emailConsent === true, 'import', now);
}

/** Contact identity within a customer: its email, else its name (case-insensitive). */
export function contactKey(c: { firstName: string | null; lastName: string | null; email: string | null }): string {
  return c.email
    ? `e:${c.email.toLowerCase()}`
    : `n:${(c.firstName ?? '').trim().toLowerCase()}\u0000${(c.lastName ?? '').trim().toLowerCase()}`;
}

export type ContactChanges = Partial<
  Record<ContactTextField, string> & Pick<ConsentState, 'emailConsent' | 'consentAt' | 'consentSource'>
>;

/**
 * The stored contact's fields the row would change, and whether it asked to give consent to a
 * contact who unsubscribed (`consentRefused`: consent stays off, the rest still applies), under
 * the same rules as a customer's (lib/customers/consent.ts).
 */
export function contactChanges(
  stored: StoredContact,
  wanted: ContactData,
  now: Date,
): { changes: ContactChanges; consentRefused: boolean } {
  const changes: ContactChanges = {};
  for (const f of CONTACT_TEXT_FIELDS) {
    const v = wanted[f];
    if (v != null && v !== stored[f]) changes[f] = v;
  }
  const consent = requestConsent(stored, wanted.emailConsent, now, 'import');
  if (consent.next.emailConsent !== stored.emailConsent) {
    changes.emailConsent = consent.next.emailConsent;
    changes.consentAt = consent.next.consentAt;
    changes.consentSource = consent.next.consentSource;
  }
  return { changes, consentRefused: consent.refused };
}

/** A new contact's consent: what the row says (blank: none), given now by the import. */
export function newContactConsent(wanted: ContactData, now: Date) {
  return newConsent(wanted.emailConsent === true, 'import', now);
}

/** Whether two rows ask the same of one contact. */
export function sameContact(a: ContactData, b: ContactData): boolean {
  return CONTACT_WANTED_FIELDS.every((f) => a[f] === b[f]);
}

/** Fills the blanks of an earlier planned contact from a later row; conflicting values are errors. */
export function mergeContact(planned: ContactData, later: ContactData): RowError[] | ContactData {
  const clash = CONTACT_WANTED_FIELDS.filter((f) => later[f] != null && planned[f] != null && later[f] !== planned[f]);
  if (clash.length) return clash.map((f) => ({ field: CONTACT_CELL[f], reason: 'conflict' }));
  const next = { ...planned };
  for (const f of CONTACT_WANTED_FIELDS)
    if (next[f] == null && later[f] != null) (next as Record<string, unknown>)[f] = later[f];
  return next;
}

/**
 * The rows of one customer whose contact contradicts the same contact in an earlier row. They are
 * rejected before the customer is planned, so a rejected row writes nothing, not even its customer
 * cells (mergeRows then combines only the rows left).
 */
export function contactConflicts(rows: readonly { line: number; data: CustomerRowData }[]): Map<number, RowError[]> {
  const planned = new Map<string, ContactData>();
  const conflicts = new Map<number, RowError[]>();
  for (const { line, data } of rows) {
    if (!data.contact) continue;
    const key = contactKey(data.contact);
    const earlier = planned.get(key);
    const merged = earlier ? mergeContact(earlier, data.contact) : data.contact;
    if (Array.isArray(merged)) conflicts.set(line, merged);
    else planned.set(key, merged);
  }
  return conflicts;
}

export function contactField(f: ContactTextField): string {
  return CONTACT_CELL[f];
}
