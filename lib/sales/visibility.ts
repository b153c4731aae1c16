import 'server-only';
import { type AnyColumn, eq, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { fromTable } from '@/db/rows';
import { cases, customers, deals, orderImports, orders, quotes } from '@/db/schema';
import { can, type Viewer } from '@/lib/auth/permissions';
import { agentQueue } from '@/lib/service/visibility';

const queueCase = alias(cases, 'queue_case');
const ownedCustomer = alias(customers, 'owned_customer');

/** A case in the agent's queue exists for the customer `customerId`. */
function inAgentQueue(viewer: Viewer, customerId: AnyColumn): SQL {
  return sql`exists (select 1 from ${fromTable(queueCase)} where ${queueCase.customerId} = ${customerId} and ${agentQueue(viewer, queueCase)})`;
}

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
      return sql`${deals.deletedAt} is null and ${inAgentQueue(viewer, deals.customerId)}`;
    default:
      return sql`false`;
  }
}

/**
 * Quotes a viewer may read: those of the deals they may read (visibleDeals: reps their own deals',
 * agents those of their queue's customers, marketers none); admins and managers all, a quote whose
 * deal was removed included.
 */
export function visibleQuotes(viewer: Viewer): SQL {
  switch (viewer.role) {
    case 'admin':
    case 'manager':
      return sql`true`;
    case 'sales_rep':
    case 'service_agent':
      return sql`exists (select 1 from ${deals} where ${deals.id} = ${quotes.dealId} and ${visibleDeals(viewer)})`;
    default:
      return sql`false`;
  }
}

/**
 * Quotes a viewer may change (edit a draft, send, accept, reject): those of deals they may change,
 * as on the board: reps their own deals', admins and managers all; agents and marketers none.
 */
export function writableQuotes(viewer: Viewer): SQL {
  if (!can(viewer, 'quotes:write')) return sql`false`;
  if (viewer.role === 'sales_rep')
    return sql`exists (select 1 from ${deals} where ${deals.id} = ${quotes.dealId} and ${deals.deletedAt} is null and ${deals.ownerId} = ${viewer.userId})`;
  return sql`true`;
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
        sql`exists (select 1 from ${fromTable(ownedCustomer)} where ${ownedCustomer.id} = ${orders.customerId} and ${ownedCustomer.ownerId} = ${viewer.userId})`,
      ) as SQL;
    case 'service_agent':
      return inAgentQueue(viewer, orders.customerId);
    default:
      return sql`false`;
  }
}

/**
 * Order imports a viewer may follow: admins and managers all; anyone else who may import, their
 * own (a rep's import names the rep's customers, its report their rows).
 */
export function visibleOrderImports(viewer: Viewer): SQL {
  if (!can(viewer, 'orders:import')) return sql`false`;
  if (viewer.role === 'admin' || viewer.role === 'manager') return sql`true`;
  return eq(orderImports.createdBy, viewer.userId);
}
