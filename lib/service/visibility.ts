import 'server-only';
import { type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { fromTable } from '@/db/rows';
import { cases, customers } from '@/db/schema';
import type { Viewer } from '@/lib/auth/permissions';

type CasesTable = typeof cases | ReturnType<typeof alias<typeof cases, string>>;
const ownedCustomer = alias(customers, 'owned_customer');

/** The agent queue rule on cases (or an alias of it): unassigned cases and the viewer's own. */
export function agentQueue(viewer: Viewer, table: CasesTable = cases): SQL {
  return sql`(${table.assigneeId} is null or ${table.assigneeId} = ${viewer.userId})`;
}

/**
 * Cases a viewer may read: admins and managers all; service agents their queue (unassigned and
 * their own); sales reps the cases of customers they own; marketers none.
 */
export function visibleCases(viewer: Viewer): SQL {
  switch (viewer.role) {
    case 'admin':
    case 'manager':
      return sql`true`;
    case 'service_agent':
      return agentQueue(viewer);
    case 'sales_rep':
      return sql`exists (select 1 from ${fromTable(ownedCustomer)} where ${ownedCustomer.id} = ${cases.customerId} and ${ownedCustomer.ownerId} = ${viewer.userId})`;
    default:
      return sql`false`;
  }
}

/**
 * Cases a viewer may change: managers and admins all; agents their own (an unassigned case they
 * only take, see takeableCase); nobody else any.
 */
export function editableCases(viewer: Viewer): SQL {
  if (viewer.role === 'admin' || viewer.role === 'manager') return sql`true`;
  if (viewer.role === 'service_agent') return sql`${cases.assigneeId} = ${viewer.userId}`;
  return sql`false`;
}

/** The same rule on a case row already read. */
export function canEditCase(viewer: Viewer, row: { assigneeId: string | null }): boolean {
  if (viewer.role === 'admin' || viewer.role === 'manager') return true;
  return viewer.role === 'service_agent' && row.assigneeId === viewer.userId;
}
