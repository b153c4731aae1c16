import 'server-only';
import { eq, or, type SQL, sql } from 'drizzle-orm';
import { deals, orders } from '@/db/schema';
import type { Viewer } from '@/lib/auth/permissions';
import { agentQueue } from '@/lib/service/visibility';

/**
 * Deals a viewer may read: admins and managers all; sales reps their own; service agents the deals
 * of customers with a case in their queue (unassigned or theirs); marketers none.
 */
export function visibleDeals(viewer: Viewer): SQL {
  switch (viewer.role) {
    case 'admin':
    case 'manager':
      return sql`${deals.deletedAt} is null`;
    case 'sales_rep':
      return sql`${deals.deletedAt} is null and ${deals.ownerId} = ${viewer.userId}`;
    case 'service_agent':
      return sql`${deals.deletedAt} is null and exists (select 1 from cases c where c.customer_id = ${deals.customerId} and ${agentQueue(viewer, sql`c`)})`;
    default:
      return sql`false`;
  }
}

/**
 * Orders a viewer may list: admins and managers all; sales reps those they own or of customers they
 * own; service agents those of customers with a case in their queue; marketers none (they see
 * customer-level aggregates and analytics, not order lines).
 */
export function visibleOrders(viewer: Viewer): SQL {
  switch (viewer.role) {
    case 'admin':
    case 'manager':
      return sql`true`;
    case 'sales_rep':
      return or(
        eq(orders.ownerId, viewer.userId),
        sql`exists (select 1 from customers oc where oc.id = ${orders.customerId} and oc.owner_id = ${viewer.userId})`,
      ) as SQL;
    case 'service_agent':
      return sql`exists (select 1 from cases c where c.customer_id = ${orders.customerId} and ${agentQueue(viewer, sql`c`)})`;
    default:
      return sql`false`;
  }
}
