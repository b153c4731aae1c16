import 'server-only';
import { and, eq, isNull, type SQL, sql } from 'drizzle-orm';
import { contacts, customers } from '@/db/schema';
import { can, PERMISSIONS, type Viewer } from '@/lib/auth/permissions';

// The customer rules of shared/DESIGN.md, in one place: everyone reads customers and contacts;
// sales reps edit only customers they own; managers and admins edit all and reassign; service
// agents edit contact details only (they neither add nor remove contacts); marketers read only.

/** Roles that may own customers: those who may edit customers (what they own is what they edit). */
export const CUSTOMER_OWNER_ROLES = [...PERMISSIONS['customers:write']];

/** Roles that may own tasks: those who may log activities (and so complete them). */
export const TASK_OWNER_ROLES = [...PERMISSIONS['activities:write']];

/** Customers a viewer may read: every live (not deleted) customer. */
export function visibleCustomers(_viewer: Viewer): SQL {
  return isNull(customers.deletedAt);
}

/** Customers a viewer may edit. Never undefined: a role without the right gets `false`. */
export function editableCustomers(viewer: Viewer): SQL {
  if (viewer.role === 'admin' || viewer.role === 'manager') return isNull(customers.deletedAt);
  if (viewer.role === 'sales_rep') return and(isNull(customers.deletedAt), eq(customers.ownerId, viewer.userId)) as SQL;
  return sql`false`;
}

export function canEditCustomer(viewer: Viewer, customer: { ownerId: string | null }): boolean {
  if (!can(viewer, 'customers:write')) return false;
  return viewer.role !== 'sales_rep' || customer.ownerId === viewer.userId;
}

/**
 * Who may add or remove a customer's contacts: those who may edit the customer (its owner rep,
 * managers, admins). Service agents may not: they only keep contact details current.
 */
export function canManageContacts(viewer: Viewer, customer: { ownerId: string | null }): boolean {
  return can(viewer, 'contacts:write') && canEditCustomer(viewer, customer);
}

/** Who may edit a contact's details: those who may manage the customer's contacts, and service agents on any customer. */
export function canEditContact(viewer: Viewer, customer: { ownerId: string | null }): boolean {
  if (!can(viewer, 'contacts:write')) return false;
  return viewer.role === 'service_agent' || canManageContacts(viewer, customer);
}

export function visibleContacts(_viewer: Viewer): SQL {
  return isNull(contacts.deletedAt);
}

/** A contact whose customer is not deleted, as an anti-join on the (few) deleted customers. */
export function contactOfLiveCustomer(): SQL {
  return sql`not exists (select 1 from customers dc where dc.id = ${contacts.customerId} and dc.deleted_at is not null)`;
}
