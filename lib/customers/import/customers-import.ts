import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import { db, type Tx } from '@/db/client';
import { columnName, rows as rawRows } from '@/db/rows';
import { contacts, customers, users } from '@/db/schema';
import type { Result } from '@/lib/action-state';
import { type AuditEntry, audit, auditMany } from '@/lib/audit/audit';
import { can, type Viewer } from '@/lib/auth/permissions';
import {
  CUSTOMER_OWNER_ROLES,
  canEditContact,
  canEditCustomer,
  canManageContacts,
  editableCustomers,
  isLiveCustomer,
  liveCustomer,
} from '@/lib/customers/visibility';
import { columnsFor, IMPORT_UPDATED_FIELDS, IMPORTABLE_FIELDS } from '../fields';
import {
  type ContactData,
  type CustomerChanges,
  contactChanges,
  contactConflicts,
  contactKey,
  customerChanges,
  MAX_TAGS,
  mergeContact,
  mergeRows,
  newContactConsent,
  newCustomerConsent,
  type StoredContact,
  type StoredCustomer,
  sameContact,
} from './customer-plan';
import type { ImportRow } from './read-file';
import type { RejectedRow } from './report';
import { assertUniqueLines, type CustomerRowData, type RowError, validateCustomerRow } from './schemas';
import { anyText, setFromValues, valuesColumn, valuesTable } from './sql-values';

export type ChunkResult = {
  created: number;
  updated: number;
  unchanged: number;
  rejected: RejectedRow[];
  /**
   * Lines that asked to give email consent to a customer who unsubscribed: imported, but consent
   * stayed off (only the person opts back in: lib/customers/consent.ts).
   */
  consentKept: number[];
};
type Outcome = 'created' | 'updated' | 'unchanged';

/** Serialises imports, so two people importing the same new email at once cannot both create it. */
export const IMPORT_LOCK = 0x4c4f4453;

/** A stored customer as the import compares it: every importable field (lib/customers/fields.ts). */
const storedColumns = {
  id: customers.id,
  ...columnsFor(customers, IMPORTABLE_FIELDS),
  consentAt: customers.consentAt,
  consentSource: customers.consentSource,
  unsubscribedAt: customers.unsubscribedAt,
  version: customers.version,
  deletedAt: customers.deletedAt,
};

/**
 * Imports one chunk of customer rows (+ optional contacts). Every row is validated; the valid ones
 * are written in one transaction, with an audit row per customer and contact created or changed
 * (its line and what changed) and one for the chunk (the counts). Customers are matched by external id, else
 * by email; unchanged rows are not written, so re-importing a file moves no version or updated_at.
 * A sales rep creates customers they own and can change only customers they own.
 */
export async function importCustomerChunk(
  viewer: Viewer,
  input: readonly ImportRow[],
): Promise<Result<{ chunk: ChunkResult }, 'forbidden'>> {
  if (!can(viewer, 'customers:import')) return { ok: false, reason: 'forbidden' };
  assertUniqueLines(input);
  const mayAssign = can(viewer, 'customers:reassign');
  const rejected = new Map<number, RowError[]>();
  const valid: { line: number; data: CustomerRowData }[] = [];
  for (const row of input) {
    const result = validateCustomerRow(row.values);
    if (!result.ok) rejected.set(row.line, result.errors);
    else valid.push({ line: row.line, data: mayAssign ? result.data : { ...result.data, ownerEmail: null } });
  }
  const outcomes = new Map<number, Outcome>();
  const consentKept: number[] = [];
  const now = new Date();

  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${IMPORT_LOCK})`);
    const ownerIds = await resolveOwners(tx, valid, rejected);
    const live = valid.filter((r) => !rejected.has(r.line));

    const groups = new Map<string, typeof live>();
    for (const r of live) {
      const key = r.data.externalId ? `x:${r.data.externalId}` : `e:${r.data.email}`;
      const group = groups.get(key) ?? groups.set(key, []).get(key)!;
      group.push(r);
    }
    const stored = await loadCustomers(tx, [...groups.keys()]);

    const inserts: (typeof customers.$inferInsert)[] = [];
    const updates: { stored: StoredCustomer; changes: CustomerChanges }[] = [];
    const contactRows: {
      line: number;
      customer: { id: string; ownerId: string | null; isNew: boolean };
      contact: ContactData;
    }[] = [];
    const claimed = new Set<string>();
    const audits: AuditEntry[] = [];

    for (const [key, group] of groups) {
      const rejectAll = (field: string, reason: string) => {
        for (const r of group) rejected.set(r.line, [{ field, reason }]);
      };
      const matches = key.startsWith('x:') ? stored.byExternalId.get(key.slice(2)) : stored.byEmail.get(key.slice(2));
      const match = matches?.[0];
      if (key.startsWith('e:') && matches && matches.length > 1) {
        rejectAll('email', 'ambiguousEmail');
        continue;
      }
      if (match && !isLiveCustomer(match)) {
        rejectAll('externalId', 'deletedCustomer');
        continue;
      }
      if (match && claimed.has(match.id)) {
        rejectAll(key.startsWith('x:') ? 'externalId' : 'email', 'duplicate');
        continue;
      }

      const contradicting = contactConflicts(group);
      for (const [line, errors] of contradicting) rejected.set(line, errors);
      const usable = group.filter((r) => !contradicting.has(r.line));
      const { desired, accepted, conflicts } = mergeRows(usable);
      for (const c of conflicts) rejected.set(c.line, c.errors);
      const rows = usable.filter((r) => accepted.includes(r.line));
      const rejectRows = (field: string, reason: string) => {
        for (const r of rows) rejected.set(r.line, [{ field, reason }]);
      };
      const ownerId = desired.ownerEmail ? (ownerIds.get(desired.ownerEmail) ?? null) : null;

      let customer: { id: string; ownerId: string | null; isNew: boolean };
      if (match) {
        claimed.add(match.id);
        const { changes, consentRefused } = customerChanges(match, desired, ownerId, now);
        // consentAt and consentSource follow emailConsent: they are not changes of their own.
        const changed = Object.keys(changes).filter((f) => f !== 'consentAt' && f !== 'consentSource');
        if (changed.length && !canEditCustomer(viewer, match)) {
          rejectRows(changed[0], 'notYours');
          continue;
        }
        if (Array.isArray(changes.tags) && changes.tags.length > MAX_TAGS) {
          rejectRows('tags', 'tags');
          continue;
        }
        if (consentRefused) consentKept.push(rows[0].line);
        if (changed.length) {
          updates.push({ stored: match, changes });
          audits.push(importAudit('customer', match.id, rows[0].line, changesOf(match, changes)));
        }
        outcomes.set(rows[0].line, changed.length ? 'updated' : 'unchanged');
        customer = { id: match.id, ownerId: (changes.ownerId as string | undefined) ?? match.ownerId, isNew: false };
      } else {
        if (desired.tags.length > MAX_TAGS) {
          rejectRows('tags', 'tags');
          continue;
        }
        const { ownerEmail: _o, externalId, ...fields } = desired;
        customer = { id: randomUUID(), ownerId: mayAssign ? (ownerId ?? viewer.userId) : viewer.userId, isNew: true };
        const insert = {
          ...fields,
          ...newCustomerConsent(desired, now),
          id: customer.id,
          externalId,
          kind: fields.kind ?? 'company',
          ownerId: customer.ownerId,
        };
        inserts.push(insert);
        audits.push(importAudit('customer', customer.id, rows[0].line, { created: present(insert) }));
        outcomes.set(rows[0].line, 'created');
      }
      for (const r of rows) {
        if (!outcomes.has(r.line)) outcomes.set(r.line, 'unchanged');
        if (r.data.contact) contactRows.push({ line: r.line, customer, contact: r.data.contact });
      }
    }

    if (inserts.length) await tx.insert(customers).values(inserts);
    if (updates.length) await updateCustomers(tx, viewer, updates);
    await importContacts(tx, viewer, contactRows, { rejected, outcomes, audits, consentKept, now });
    for (const line of rejected.keys()) outcomes.delete(line);
    // A contact row rejected after its customer was planned leaves that customer's audit row: the
    // customer is still written. Rows are only ever rejected before they write anything of their own.
    await auditMany(tx, viewer, audits);
    const counts = countOutcomes(outcomes);
    await audit(tx, viewer, {
      action: 'import',
      entity: 'customer',
      entityId: 'import',
      diff: {
        ...counts,
        rejected: rejected.size,
        consentKept: consentKept.filter((line) => !rejected.has(line)),
        rows: input.length,
        lines: [input[0]?.line, input.at(-1)?.line],
      },
    });
  });

  const chunk: ChunkResult = {
    ...countOutcomes(outcomes),
    // A row rejected later (its contact) wrote nothing: it is reported as rejected only.
    consentKept: consentKept.filter((line) => outcomes.has(line)).sort((a, b) => a - b),
    rejected: [...rejected].map(([line, errors]) => ({ line, errors })).sort((a, b) => a.line - b.line),
  };
  return { ok: true, chunk };
}

/** One imported record's audit row: the spreadsheet line it came from and what it wrote. */
function importAudit(
  entity: 'customer' | 'contact',
  id: string,
  line: number,
  diff: Record<string, unknown>,
): AuditEntry {
  return { action: 'import', entity, entityId: id, diff: { line, ...diff } };
}

/** A new record's values, without the empty ones. */
function present(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(values).filter(
      ([key, v]) => key !== 'id' && v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0),
    ),
  );
}

/** The changed fields of a stored record as { field: [before, after] }. */
function changesOf(stored: Record<string, unknown>, changes: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(changes).map(([field, after]) => [field, [stored[field] ?? null, after]]));
}

function countOutcomes(outcomes: Map<number, Outcome>) {
  const counts = { created: 0, updated: 0, unchanged: 0 };
  for (const o of outcomes.values()) counts[o]++;
  return counts;
}

/** Owner emails → user ids (active users who may own customers), in one query; unknown owners reject their rows. */
async function resolveOwners(
  tx: Tx,
  rows: { line: number; data: CustomerRowData }[],
  rejected: Map<number, RowError[]>,
): Promise<Map<string, string>> {
  const emails = [...new Set(rows.map((r) => r.data.ownerEmail).filter((e): e is string => Boolean(e)))];
  const found = emails.length
    ? await tx
        .select({ id: users.id, email: users.email })
        .from(users)
        .where(and(inArray(users.email, emails), eq(users.active, true), inArray(users.role, CUSTOMER_OWNER_ROLES)))
    : [];
  const ids = new Map(found.map((u) => [u.email, u.id]));
  for (const r of rows)
    if (r.data.ownerEmail && !ids.has(r.data.ownerEmail))
      rejected.set(r.line, [{ field: 'ownerEmail', reason: 'owner' }]);
  return ids;
}

/** The chunk's customers by external id (any state) and by email (live ones), locked, in one query. */
async function loadCustomers(tx: Tx, keys: string[]) {
  const externalIds = keys.filter((k) => k.startsWith('x:')).map((k) => k.slice(2));
  const emails = keys.filter((k) => k.startsWith('e:')).map((k) => k.slice(2));
  const conditions: SQL[] = [];
  if (externalIds.length) conditions.push(anyText(customers.externalId, externalIds));
  if (emails.length) conditions.push(and(liveCustomer(), anyText(sql`lower(${customers.email})`, emails)) as SQL);
  const found: StoredCustomer[] = conditions.length
    ? await tx
        .select(storedColumns)
        .from(customers)
        .where(or(...conditions))
        .for('update')
    : [];
  const byExternalId = new Map<string, StoredCustomer[]>();
  const byEmail = new Map<string, StoredCustomer[]>();
  for (const c of found) {
    if (c.externalId) byExternalId.set(c.externalId, [c]);
    if (c.email && isLiveCustomer(c))
      byEmail.set(c.email.toLowerCase(), [...(byEmail.get(c.email.toLowerCase()) ?? []), c]);
  }
  return { byExternalId, byEmail };
}

/** What an import may change on a stored customer, after the (id, version) the update is keyed on. */
const CUSTOMER_UPDATE_COLUMNS = [
  customers.id,
  customers.version,
  ...IMPORT_UPDATED_FIELDS.map((f) => customers[f]),
  customers.consentAt,
  customers.consentSource,
];

/** All changed customers in one UPDATE … FROM (VALUES …), guarded by version and the viewer's edit rule. */
async function updateCustomers(
  tx: Tx,
  viewer: Viewer,
  updates: { stored: StoredCustomer; changes: CustomerChanges }[],
) {
  const values = updates.map(({ stored: s, changes: c }) => {
    const v = { ...s, ...c } as StoredCustomer;
    return [
      s.id,
      s.version,
      ...IMPORT_UPDATED_FIELDS.map((f) => v[f]),
      v.consentAt?.toISOString() ?? null,
      v.consentSource ?? null,
    ];
  });
  const set = setFromValues('v', CUSTOMER_UPDATE_COLUMNS.slice(2));
  const done = await rawRows<{ id: string }>(
    tx,
    sql`update ${customers}
        set ${set}, ${columnName(customers.updatedAt)} = now(), ${columnName(customers.version)} = ${customers.version} + 1
        from ${valuesTable('v', CUSTOMER_UPDATE_COLUMNS, values)}
        where ${customers.id} = ${valuesColumn('v', customers.id)} and ${customers.version} = ${valuesColumn('v', customers.version)}
          and ${editableCustomers(viewer)}
          and (not ${valuesColumn('v', customers.emailConsent)} or ${customers.unsubscribedAt} is null)
        returning ${customers.id}`,
  );
  // The rows were locked FOR UPDATE and checked above (consent too: never on for someone who
  // unsubscribed), so a shortfall is a bug: roll the chunk back.
  if (done.length !== updates.length) throw new Error(`import: updated ${done.length} of ${updates.length} customers`);
}

type ContactRow = {
  line: number;
  customer: { id: string; ownerId: string | null; isNew: boolean };
  contact: ContactData;
};

/** Creates or fills in each row's contact, matched by (customer, email) or (customer, name), in one insert and one update. */
async function importContacts(
  tx: Tx,
  viewer: Viewer,
  rows: ContactRow[],
  {
    rejected,
    outcomes,
    audits,
    consentKept,
    now,
  }: {
    rejected: Map<number, RowError[]>;
    outcomes: Map<number, Outcome>;
    audits: AuditEntry[];
    /** Lines whose consent for someone who unsubscribed was kept off (the contact's too). */
    consentKept: number[];
    now: Date;
  },
) {
  const existingIds = [...new Set(rows.filter((r) => !r.customer.isNew).map((r) => r.customer.id))];
  const stored: StoredContact[] = existingIds.length
    ? await tx
        .select({
          id: contacts.id,
          customerId: contacts.customerId,
          firstName: contacts.firstName,
          lastName: contacts.lastName,
          email: contacts.email,
          phone: contacts.phone,
          title: contacts.title,
          isPrimary: contacts.isPrimary,
          emailConsent: contacts.emailConsent,
          consentAt: contacts.consentAt,
          consentSource: contacts.consentSource,
          unsubscribedAt: contacts.unsubscribedAt,
          version: contacts.version,
        })
        .from(contacts)
        .where(and(inArray(contacts.customerId, existingIds), isNull(contacts.deletedAt)))
        .for('update')
    : [];
  const byKey = new Map(stored.map((c) => [`${c.customerId}|${contactKey(c)}`, c]));
  const hasPrimary = new Set(stored.filter((c) => c.isPrimary).map((c) => c.customerId));
  const planned = new Map<string, { contact: ContactData; customerId: string; stored?: StoredContact; line: number }>();

  for (const row of rows) {
    if (rejected.has(row.line)) continue;
    const key = `${row.customer.id}|${contactKey(row.contact)}`;
    const earlier = planned.get(key);
    const wanted = earlier ? mergeContact(earlier.contact, row.contact) : row.contact;
    if (Array.isArray(wanted)) {
      rejected.set(row.line, wanted);
      continue;
    }
    const existing = byKey.get(key);
    // A repeat of a contact an earlier row already plans writes nothing new of its own.
    const repeat = earlier !== undefined && sameContact(earlier.contact, wanted);
    const writes = !repeat && (!existing || Object.keys(contactChanges(existing, wanted, now).changes).length > 0);
    // A new contact needs the right to add contacts; changing an existing one, the right to edit details.
    const mayWrite = existing ? canEditContact(viewer, row.customer) : canManageContacts(viewer, row.customer);
    if (writes && !row.customer.isNew && !mayWrite) {
      rejected.set(row.line, [{ field: 'contactFirstName', reason: 'notYours' }]);
      continue;
    }
    planned.set(key, { contact: wanted, customerId: row.customer.id, stored: existing, line: row.line });
    if (writes && outcomes.get(row.line) === 'unchanged') outcomes.set(row.line, 'updated');
  }

  const inserts: (typeof contacts.$inferInsert)[] = [];
  const updates: unknown[][] = [];
  for (const p of planned.values()) {
    if (!p.stored) {
      const isPrimary = !hasPrimary.has(p.customerId);
      hasPrimary.add(p.customerId);
      const { emailConsent: _wanted, ...cells } = p.contact;
      const insert = {
        id: randomUUID(),
        customerId: p.customerId,
        ...cells,
        ...newContactConsent(p.contact, now),
        isPrimary,
      };
      inserts.push(insert);
      audits.push(importAudit('contact', insert.id, p.line, { created: present(insert) }));
      continue;
    }
    const { changes, consentRefused } = contactChanges(p.stored, p.contact, now);
    if (consentRefused) consentKept.push(p.line);
    if (Object.keys(changes).length) {
      const v = { ...p.stored, ...changes };
      updates.push([
        p.stored.id,
        p.stored.version,
        v.firstName,
        v.lastName,
        v.email,
        v.phone,
        v.title,
        v.emailConsent,
        v.consentAt?.toISOString() ?? null,
        v.consentSource ?? null,
      ]);
      const { consentAt: _at, consentSource: _source, ...audited } = changes;
      audits.push(importAudit('contact', p.stored.id, p.line, changesOf(p.stored, audited)));
    }
  }
  if (inserts.length) await tx.insert(contacts).values(inserts);
  if (updates.length) {
    const columns = [
      contacts.id,
      contacts.version,
      contacts.firstName,
      contacts.lastName,
      contacts.email,
      contacts.phone,
      contacts.title,
      contacts.emailConsent,
      contacts.consentAt,
      contacts.consentSource,
    ];
    // Consent is never turned on for a contact who unsubscribed (checked above, and here again).
    await tx.execute(
      sql`update ${contacts}
          set ${setFromValues('v', columns.slice(2))}, ${columnName(contacts.updatedAt)} = now(), ${columnName(contacts.version)} = ${contacts.version} + 1
          from ${valuesTable('v', columns, updates)}
          where ${contacts.id} = ${valuesColumn('v', contacts.id)} and ${contacts.version} = ${valuesColumn('v', contacts.version)}
            and (not ${valuesColumn('v', contacts.emailConsent)} or ${contacts.unsubscribedAt} is null)`,
    );
  }
}
