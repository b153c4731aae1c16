import 'server-only';
import { type SQL, sql } from 'drizzle-orm';
import { cases } from '@/db/schema';
import type { Viewer } from '@/lib/auth/permissions';

/** The agent queue rule on a cases alias: unassigned cases and the viewer's own. */
export function agentQueue(viewer: Viewer, alias: SQL): SQL {
  return sql`(${alias}.assignee_id is null or ${alias}.assignee_id = ${viewer.userId})`;
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
      return sql`(${cases.assigneeId} is null or ${cases.assigneeId} = ${viewer.userId})`;
    case 'sales_rep':
      return sql`exists (select 1 from customers cc where cc.id = ${cases.customerId} and cc.owner_id = ${viewer.userId})`;
    default:
      return sql`false`;
  }
}
