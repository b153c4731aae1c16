import 'server-only';
import { and, asc, desc, eq, isNull, ne, type SQL, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { contacts, customers } from '@/db/schema';
import type { Result } from '@/lib/action-state';
import { audit, changedFields } from '@/lib/audit/audit';
import { can, type Viewer } from '@/lib/auth/permissions';
import { countCapped } from '@/lib/pagination';
import { newConsent, requestConsent } from './consent';
import { likePattern } from './filters';
import type { ContactInput, UpdateContactInput } from './schemas';
import {
  canEditContact,
  canManageContacts,
  customerNotDeleted,
  liveCustomer,
  visibleContacts,
  visibleCustomers,
} from './visibility';

export type ContactRow = {
  id: string;
  customerId: string;
  customerName: string;
  firstName: string;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  title: string | null;
  isPrimary: boolean;
  version: number;
};

const contactColumns = {
  id: contacts.id,
  customerId: contacts.customerId,
  customerName: customers.name,
  firstName: contacts.firstName,
  lastName: contacts.lastName,
  email: contacts.email,
  phone: contacts.phone,
  title: contacts.title,
  isPrimary: contacts.isPrimary,
  version: contacts.version,
};

export type ContactFilter = {
  q?: string;
  sort: 'name' | 'email' | 'customer' | 'createdAt';
  dir: 'asc' | 'desc';
  page: number;
  size: number;
};

/**
 * Sort keys as the contacts indexes are written (names case-insensitively). Directions stay plain
 * (asc: nulls last, desc: nulls first), so a forward or backward scan of the partial (key, id)
 * indexes on live contacts serves every sort without a sort step.
 */
const CONTACT_SORTS: Record<ContactFilter['sort'], SQL> = {
  name: sql`lower(${contacts.firstName})`,
  email: sql`${contacts.email}`,
  customer: sql`lower(${customers.name})`,
  createdAt: sql`${contacts.createdAt}`,
};

function contactWhere(viewer: Viewer, f: Pick<ContactFilter, 'q'>): SQL {
  // Contacts of a deleted customer are hidden: an anti-join on the few deleted customers (index
  // customers_deleted_idx) keeps the sort index usable, where a join on every customer would not.
  const conditions: SQL[] = [visibleContacts(viewer), customerNotDeleted(contacts.customerId)];
  if (f.q) {
    const like = likePattern(f.q);
    conditions.push(
      sql`((${contacts.firstName} || ' ' || coalesce(${contacts.lastName}, '')) ilike ${like} or ${contacts.email} ilike ${like})`,
    );
  }
  return and(...conditions) as SQL;
}

export function contactListQuery(viewer: Viewer, f: ContactFilter) {
  const key = CONTACT_SORTS[f.sort];
  const direction = f.dir === 'asc' ? asc : desc;
  // Deferred join: page through ids on the sort index, then fetch only the page's rows, so deep
  // pages cost an index walk rather than a join per skipped row.
  const ids = db.select({ id: contacts.id }).from(contacts);
  const page = (f.sort === 'customer' ? ids.innerJoin(customers, eq(customers.id, contacts.customerId)) : ids)
    .where(contactWhere(viewer, f))
    .orderBy(direction(key), direction(contacts.id))
    .limit(f.size)
    .offset((f.page - 1) * f.size)
    .as('page');
  return db
    .select(contactColumns)
    .from(page)
    .innerJoin(contacts, eq(contacts.id, page.id))
    .innerJoin(customers, eq(customers.id, contacts.customerId))
    .orderBy(direction(key), direction(contacts.id));
}

export async function listContacts(
  viewer: Viewer,
  f: ContactFilter,
): Promise<{ rows: ContactRow[]; total: number; totalExact: boolean }> {
  if (!can(viewer, 'customers:read')) return { rows: [], total: 0, totalExact: true };
  const [rows, total] = await Promise.all([
    contactListQuery(viewer, f),
    countCapped(db, db.select({ id: contacts.id }).from(contacts).where(contactWhere(viewer, f))),
  ]);
  return { rows, total: total.value, totalExact: total.exact };
}

export async function listCustomerContacts(viewer: Viewer, customerId: string): Promise<ContactRow[]> {
  if (!can(viewer, 'customers:read')) return [];
  return db
    .select(contactColumns)
    .from(contacts)
    .innerJoin(customers, eq(customers.id, contacts.customerId))
    .where(and(eq(contacts.customerId, customerId), visibleContacts(viewer), visibleCustomers(viewer)))
    .orderBy(desc(contacts.isPrimary), asc(contacts.firstName), asc(contacts.id));
}

export type ContactDetail = ContactRow & {
  emailConsent: boolean;
  /** When the person unsubscribed (null: never, or they opted back in themselves): staff cannot re-subscribe them. */
  unsubscribedAt: Date | null;
  canEdit: boolean;
  canDelete: boolean;
};

/** One contact; `canEdit` (its details) and `canDelete` (remove it) follow canEditContact and canManageContacts. */
export async function getContact(viewer: Viewer, id: string): Promise<ContactDetail | null> {
  if (!can(viewer, 'customers:read')) return null;
  const [row] = await db
    .select({
      ...contactColumns,
      emailConsent: contacts.emailConsent,
      unsubscribedAt: contacts.unsubscribedAt,
      ownerId: customers.ownerId,
    })
    .from(contacts)
    .innerJoin(customers, eq(customers.id, contacts.customerId))
    .where(and(eq(contacts.id, id), visibleContacts(viewer), visibleCustomers(viewer)))
    .limit(1);
  if (!row) return null;
  const { ownerId, ...contact } = row;
  return {
    ...contact,
    canEdit: canEditContact(viewer, { ownerId }),
    canDelete: canManageContacts(viewer, { ownerId }),
  };
}

export type ContactResult = Result<{ id: string }, 'forbidden' | 'notFound' | 'stale' | 'consentUnsubscribed'>;

/** Whether the viewer may change contacts of this live customer under `rule` (details, or add/remove). */
async function customerForContactEdit(
  viewer: Viewer,
  customerId: string,
  tx: Pick<typeof db, 'select'>,
  rule: typeof canEditContact,
) {
  const [customer] = await tx
    .select({ ownerId: customers.ownerId })
    .from(customers)
    .where(and(eq(customers.id, customerId), liveCustomer()))
    .limit(1);
  if (!customer) return 'notFound' as const;
  return rule(viewer, customer) ? ('ok' as const) : ('forbidden' as const);
}

export async function createContact(viewer: Viewer, input: ContactInput): Promise<ContactResult> {
  if (!can(viewer, 'contacts:write')) return { ok: false, reason: 'forbidden' };
  return db.transaction(async (tx) => {
    const allowed = await customerForContactEdit(viewer, input.customerId, tx, canManageContacts);
    if (allowed !== 'ok') return { ok: false, reason: allowed } as const;
    if (input.isPrimary)
      await tx.update(contacts).set({ isPrimary: false }).where(eq(contacts.customerId, input.customerId));
    const values = { ...input, ...newConsent(input.emailConsent, 'manual', new Date()) };
    const [created] = await tx.insert(contacts).values(values).returning({ id: contacts.id });
    await audit(tx, viewer, { action: 'create', entity: 'contact', entityId: created.id, diff: { ...input } });
    return { ok: true, id: created.id } as const;
  });
}

export async function updateContact(viewer: Viewer, input: UpdateContactInput): Promise<ContactResult> {
  if (!can(viewer, 'contacts:write')) return { ok: false, reason: 'forbidden' };
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(contacts)
      .where(and(eq(contacts.id, input.id), isNull(contacts.deletedAt)))
      .for('update');
    if (!before) return { ok: false, reason: 'notFound' } as const;
    const allowed = await customerForContactEdit(viewer, before.customerId, tx, canEditContact);
    if (allowed !== 'ok') return { ok: false, reason: allowed } as const;
    if (before.version !== input.version) return { ok: false, reason: 'stale' } as const;
    const { id, version, ...fields } = input;
    // Ticking consent for someone who unsubscribed is refused: only the person opts back in.
    const consent = requestConsent(before, fields.emailConsent, new Date(), 'manual');
    if (consent.refused) return { ok: false, reason: 'consentUnsubscribed' } as const;
    const { emailConsent, consentAt, consentSource } = consent.next;
    const next = { ...fields, emailConsent, consentAt, consentSource };
    const diff = changedFields(before as Record<string, unknown>, next);
    delete diff.consentAt;
    delete diff.consentSource;
    if (Object.keys(diff).length === 0) return { ok: true, id } as const;
    if (next.isPrimary && !before.isPrimary)
      await tx
        .update(contacts)
        .set({ isPrimary: false })
        .where(and(eq(contacts.customerId, before.customerId), ne(contacts.id, id)));
    await tx
      .update(contacts)
      .set({ ...next, updatedAt: sql`now()`, version: sql`${contacts.version} + 1` })
      .where(and(eq(contacts.id, id), eq(contacts.version, version)));
    await audit(tx, viewer, { action: 'update', entity: 'contact', entityId: id, diff });
    return { ok: true, id } as const;
  });
}

export async function deleteContact(viewer: Viewer, id: string): Promise<ContactResult & { customerId?: string }> {
  if (!can(viewer, 'contacts:write')) return { ok: false, reason: 'forbidden' };
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ customerId: contacts.customerId })
      .from(contacts)
      .where(and(eq(contacts.id, id), isNull(contacts.deletedAt)))
      .for('update');
    if (!row) return { ok: false, reason: 'notFound' } as const;
    const allowed = await customerForContactEdit(viewer, row.customerId, tx, canManageContacts);
    if (allowed !== 'ok') return { ok: false, reason: allowed } as const;
    await tx
      .update(contacts)
      .set({ deletedAt: sql`now()`, isPrimary: false, version: sql`${contacts.version} + 1` })
      .where(eq(contacts.id, id));
    await audit(tx, viewer, { action: 'delete', entity: 'contact', entityId: id });
    return { ok: true, id, customerId: row.customerId } as const;
  });
}
