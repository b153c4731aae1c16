import 'server-only';
import { sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { rows } from '@/db/rows';
import { activities, cases, customers, deals, leads } from '@/db/schema';
import type { Viewer } from '@/lib/auth/permissions';
import { customerNotDeleted, liveCustomer } from '@/lib/customers/visibility';

/**
 * An open task as My day lists them (listMyOpenTasks): not done, not deleted, and without a
 * customer or of one that is not deleted.
 */
export const openTask = sql`${activities.type} = 'task' and ${activities.completedAt} is null and ${activities.deletedAt} is null and ${customerNotDeleted(activities.customerId)}`;
const openLead = sql`${leads.status} in ('new', 'contacted', 'qualified') and ${leads.deletedAt} is null`;
export const openDeal = sql`${deals.status} = 'open' and ${deals.deletedAt} is null`;
export const openCase = sql`${cases.status} in ('new', 'open', 'pending')`;

export type OwnedCounts = {
  customers: number;
  leads: number;
  openDeals: number;
  openDealValue: string;
  openCases: number;
  openTasks: number;
  overdueTasks: number;
};

/** Records the viewer owns in each area, in one round trip. */
export async function getOwnedCounts(viewer: Viewer): Promise<OwnedCounts> {
  const me = viewer.userId;
  const [r] = await rows<{
    customers: number;
    leads: number;
    open_deals: number;
    open_deal_value: string;
    open_cases: number;
    open_tasks: number;
    overdue_tasks: number;
  }>(
    db,
    sql`
    select
      (select count(*)::int from ${customers} where ${customers.ownerId} = ${me} and ${liveCustomer()}) as customers,
      (select count(*)::int from ${leads} where ${leads.ownerId} = ${me} and ${openLead}) as leads,
      (select count(*)::int from ${deals} where ${deals.ownerId} = ${me} and ${openDeal}) as open_deals,
      (select coalesce(sum(${deals.amount}), 0)::text from ${deals} where ${deals.ownerId} = ${me} and ${openDeal}) as open_deal_value,
      (select count(*)::int from ${cases} where ${cases.assigneeId} = ${me} and ${openCase}) as open_cases,
      (select count(*)::int from ${activities} where ${activities.ownerId} = ${me} and ${openTask}) as open_tasks,
      (select count(*)::int from ${activities} where ${activities.ownerId} = ${me} and ${openTask} and ${activities.dueAt} < now()) as overdue_tasks
  `,
  );
  return {
    customers: r.customers,
    leads: r.leads,
    openDeals: r.open_deals,
    openDealValue: r.open_deal_value,
    openCases: r.open_cases,
    openTasks: r.open_tasks,
    overdueTasks: r.overdue_tasks,
  };
}

export type RecentCustomer = { id: string; name: string; lastTouch: Date };

/** Customers the viewer touched most recently (their own activities), newest first. */
export async function listMyRecentCustomers(viewer: Viewer, limit = 8): Promise<RecentCustomer[]> {
  const found = await rows<{ id: string; name: string; last_touch: string }>(
    db,
    sql`
    select ${customers.id}, ${customers.name}, t.last_touch
    from (select ${activities.customerId} as customer_id, max(${activities.occurredAt}) as last_touch from ${activities}
          where ${activities.ownerId} = ${viewer.userId} and ${activities.customerId} is not null and ${activities.deletedAt} is null
          group by ${activities.customerId} order by 2 desc limit ${limit}) t
    join ${customers} on ${customers.id} = t.customer_id and ${liveCustomer()}
    order by t.last_touch desc`,
  );
  return found.map((r) => ({ id: r.id, name: r.name, lastTouch: new Date(r.last_touch) }));
}
