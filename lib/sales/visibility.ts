import 'server-only';
import { type AnyColumn, eq, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { fromTable } from '@/db/rows';
import { activities, cases, customers, deals, leads, orderImports, orders, quotes } from '@/db/schema';
import { can, type Viewer } from '@/lib/auth/permissions';
import { agentQueue } from '@/lib/service/visibility';

const queueCase = alias(cases, 'queue_case');
const ownedCustomer = alias(customers, 'owned_customer');

/** A case in the agent's queue exists for the customer `customerId`. */
function inAgentQueue(viewer: Viewer, customerId: AnyColumn): SQL {
  return sql`exists (select 1 from ${fromTable(queueCase)} where ${queueCase.customerId} = ${customerId} and ${agentQueue(viewer, queueCase)})`;
}

/**
 * Leads a viewer may read and work: admins and managers all live leads; sales reps the leads they
 * own (DESIGN: "own only"; an unassigned lead is not a rep's to pick up: assignment rules give every
 * new lead an owner when any rep is active, and managers hand out the rest); service agents and
 * marketers none. Editing follows reading (a rep edits what they see, a converted lead is read-only).
 */
export function visibleLeads(viewer: Viewer): SQL {
  switch (viewer.role) {
    case 'admin':
    case 'manager':
      return sql`${leads.deletedAt} is null`;
    case 'sales_rep':
      return sql`${leads.deletedAt} is null and ${leads.ownerId} = ${viewer.userId}`;
    default:
      return sql`false`;
  }
}

/** A lead that is not deleted (the one spelling of it outside visibleLeads). */
export function liveLead(): SQL {
  return sql`${leads.deletedAt} is null`;
}

/** Roles a lead may be assigned to (its owner works it): reps, and managers or admins who take one themselves. */
export const LEAD_OWNER_ROLES = ['sales_rep', 'manager', 'admin'] as const;

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

/** Whether the viewer may change this deal (edit, move, log on it): reps their own, managers and admins any. */
export function canEditDeal(viewer: Viewer, deal: { ownerId: string | null }): boolean {
  if (!can(viewer, 'deals:write')) return false;
  return viewer.role !== 'sales_rep' || deal.ownerId === viewer.userId;
}

/** Deals a viewer may change, as SQL on `deals` (the same rule as canEditDeal, for bulk updates). */
export function editableDeals(viewer: Viewer): SQL {
  if (!can(viewer, 'deals:write')) return sql`false`;
  if (viewer.role === 'sales_rep') return sql`${visibleDeals(viewer)} and ${deals.ownerId} = ${viewer.userId}`;
  return visibleDeals(viewer);
}

/**
 * Activities a viewer may read, as far as their deal goes: one linked to a deal is seen by those
 * who may see that deal (a rep reading another rep's customer does not read the notes on that
 * rep's deals); one without a deal follows its customer. `deals` is not in the outer query.
 */
export function activityDealVisible(viewer: Viewer): SQL {
  return sql`(${activities.dealId} is null or exists (select 1 from ${deals} where ${deals.id} = ${activities.dealId} and ${visibleDeals(viewer)}))`;
}

/**
 * Quotes a viewer may read: those of a deal the viewer may see (a quote without a deal: admins and
 * managers only, who see every deal). `deals` is not in the outer query.
 */
export function visibleQuotes(viewer: Viewer): SQL {
  switch (viewer.role) {
    case 'admin':
    case 'manager':
      // Every quote but those of a deleted deal (deal_id is a foreign key, so a quote's deal exists):
      // an anti-join on deals_deleted_idx, which lets the list walk quotes_list_idx; the
      // `deal_id is null or exists (live deal)` form read every deal into a hashed subplan (130 ms at 90k).
      return sql`not exists (select 1 from ${deals} where ${deals.id} = ${quotes.dealId} and ${deals.deletedAt} is not null)`;
    case 'sales_rep':
      // The rep's live deals once (deals_owner_status_idx), then quotes_deal_idx.
      return sql`${quotes.dealId} = any(array(select ${deals.id} from ${deals} where ${deals.ownerId} = ${viewer.userId} and ${deals.deletedAt} is null))`;
    default:
      return sql`exists (select 1 from ${deals} where ${deals.id} = ${quotes.dealId} and ${visibleDeals(viewer)})`;
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
      // `= any(array(…))`, not `exists`: the customer ids are computed once and both arms use an index
      // (a bitmap OR over orders_owner_time_idx and orders_customer_time_idx), where the `exists`
      // form read all 1M orders through a hashed subplan to count a rep's 9k (120 ms → 14 ms).
      return or(
        eq(orders.ownerId, viewer.userId),
        sql`${orders.customerId} = any(array(select ${ownedCustomer.id} from ${fromTable(ownedCustomer)} where ${ownedCustomer.ownerId} = ${viewer.userId}))`,
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
