import 'server-only';
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { contacts, customers } from '@/db/schema';
import { can, type Viewer } from '@/lib/auth/permissions';

// The customer rules of shared/DESIGN.md, in one place: everyone reads customers and contacts;
// sales reps edit only customers they own; managers and admins edit all and reassign; service
// agents edit contact details only; marketers read only.

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

/** Contacts a viewer may edit: those of customers they may edit, or any for service agents. */
export function canEditContact(viewer: Viewer, customer: { ownerId: string | null }): boolean {
  if (!can(viewer, 'contacts:write')) return false;
  return viewer.role === 'service_agent' || canEditCustomer(viewer, customer);
}

export function visibleContacts(_viewer: Viewer): SQL {
  return isNull(contacts.deletedAt);
}
