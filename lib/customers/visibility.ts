import 'server-only';
import { type AnyColumn, and, eq, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { fromTable } from '@/db/rows';
import { contacts, customers } from '@/db/schema';
import { can, PERMISSIONS, type Viewer } from '@/lib/auth/permissions';

// The customer rules of shared/DESIGN.md, in one place: everyone reads customers and contacts;
// sales reps edit only customers they own; managers and admins edit all and reassign; service
// agents edit contact details only (they neither add nor remove contacts); marketers read only.

/** Roles that may own customers: those who may edit customers (what they own is what they edit). */
export const CUSTOMER_OWNER_ROLES = [...PERMISSIONS['customers:write']];

/** Roles that may own tasks: those who may log activities (and so complete them). */
export const TASK_OWNER_ROLES = [...PERMISSIONS['activities:write']];

// "A live customer", in one place. A deleted customer has deleted_at set; so has a customer merged
// into another (merged_into_id points at the survivor), so "live" needs no second test. Three
// spellings, one rule, each as fast as its use needs:
//   liveCustomer(t)         on customers (or an alias) already in the query
//   customerIsLive(col)     a customer id elsewhere names a live customer: EXISTS on the primary key
//   customerNotDeleted(col) …or is NULL: an anti-join on the few deleted customers (the partial
//                           index customers_deleted_idx), which leaves the outer table's own index
//                           (a sort, an owner's open tasks) free to drive the plan

type CustomersTable = typeof customers | ReturnType<typeof alias<typeof customers, string>>;
const liveRow = alias(customers, 'live_customer');
const deletedRow = alias(customers, 'deleted_customer');

/** `table` (customers or an alias of it) is a live customer: neither deleted nor merged away. */
export function liveCustomer(table: CustomersTable = customers): SQL {
  return isNull(table.deletedAt);
}

/** `table` is a deleted (or merged-away) customer: the few rows of the partial index customers_deleted_idx. */
export function deletedCustomer(table: CustomersTable = customers): SQL {
  return isNotNull(table.deletedAt);
}

/** `customerId` names a live customer (NULL does not). */
export function customerIsLive(customerId: AnyColumn): SQL {
  return sql`exists (select 1 from ${fromTable(liveRow)} where ${liveRow.id} = ${customerId} and ${liveCustomer(liveRow)})`;
}

/** `customerId` is NULL or names a customer that is not deleted (as "My day" lists tasks without a customer). */
export function customerNotDeleted(customerId: AnyColumn | SQL): SQL {
  return sql`not exists (select 1 from ${fromTable(deletedRow)} where ${deletedRow.id} = ${customerId} and ${isNotNull(deletedRow.deletedAt)})`;
}

/** The same rule on a customer row already read (inside a transaction, after a lock). */
export function isLiveCustomer(row: { deletedAt: Date | null }): boolean {
  return row.deletedAt === null;
}

/** Customers a viewer may read: every live customer. */
export function visibleCustomers(_viewer: Viewer): SQL {
  return liveCustomer();
}

/** Customers a viewer may edit. Never undefined: a role without the right gets `false`. */
export function editableCustomers(viewer: Viewer): SQL {
  if (viewer.role === 'admin' || viewer.role === 'manager') return liveCustomer();
  if (viewer.role === 'sales_rep') return and(liveCustomer(), eq(customers.ownerId, viewer.userId)) as SQL;
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
