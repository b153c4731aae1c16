import 'server-only';
import { sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { rows } from '@/db/rows';
import type { Viewer } from '@/lib/auth/permissions';

/** On an activities alias `a`: the task has no customer or a live one, as My day lists them (listMyOpenTasks). */
const liveTaskCustomer = sql`not exists (select 1 from customers tc where tc.id = a.customer_id and tc.deleted_at is not null)`;

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
      (select count(*)::int from customers where owner_id = ${me} and deleted_at is null) as customers,
      (select count(*)::int from leads where owner_id = ${me} and status in ('new','contacted','qualified') and deleted_at is null) as leads,
      (select count(*)::int from deals where owner_id = ${me} and status = 'open' and deleted_at is null) as open_deals,
      (select coalesce(sum(amount), 0)::text from deals where owner_id = ${me} and status = 'open' and deleted_at is null) as open_deal_value,
      (select count(*)::int from cases where assignee_id = ${me} and status in ('new','open','pending')) as open_cases,
      (select count(*)::int from activities a where owner_id = ${me} and type = 'task' and completed_at is null and deleted_at is null and ${liveTaskCustomer}) as open_tasks,
      (select count(*)::int from activities a where owner_id = ${me} and type = 'task' and completed_at is null and deleted_at is null and ${liveTaskCustomer} and due_at < now()) as overdue_tasks
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
    select c.id, c.name, t.last_touch
    from (select customer_id, max(occurred_at) as last_touch from activities
          where owner_id = ${viewer.userId} and customer_id is not null and deleted_at is null
          group by customer_id order by 2 desc limit ${limit}) t
    join customers c on c.id = t.customer_id and c.deleted_at is null
    order by t.last_touch desc`,
  );
  return found.map((r) => ({ id: r.id, name: r.name, lastTouch: new Date(r.last_touch) }));
}

export type TeamRow = {
  userId: string;
  name: string;
  role: string;
  customers: number;
  openDeals: number;
  openCases: number;
  openTasks: number;
  overdueTasks: number;
};

/** Per-person counts for managers and admins: one grouped query per measure, joined in SQL. */
export async function getTeamCounts(viewer: Viewer): Promise<TeamRow[] | null> {
  if (viewer.role !== 'manager' && viewer.role !== 'admin') return null;
  const found = await rows<{
    user_id: string;
    name: string;
    role: string;
    customers: number;
    open_deals: number;
    open_cases: number;
    open_tasks: number;
    overdue_tasks: number;
  }>(
    db,
    sql`
    select u.id as user_id, u.name, u.role::text as role,
      coalesce(c.n, 0)::int as customers, coalesce(d.n, 0)::int as open_deals, coalesce(k.n, 0)::int as open_cases,
      coalesce(t.open, 0)::int as open_tasks, coalesce(t.overdue, 0)::int as overdue_tasks
    from users u
    left join (select owner_id, count(*) n from customers where deleted_at is null group by owner_id) c on c.owner_id = u.id
    left join (select owner_id, count(*) n from deals where status = 'open' and deleted_at is null group by owner_id) d on d.owner_id = u.id
    left join (select assignee_id, count(*) n from cases where status in ('new','open','pending') group by assignee_id) k on k.assignee_id = u.id
    left join (select owner_id, count(*) open, count(*) filter (where due_at < now()) overdue from activities a
               where type = 'task' and completed_at is null and deleted_at is null and ${liveTaskCustomer} group by owner_id) t on t.owner_id = u.id
    where u.active and u.role in ('sales_rep', 'service_agent')
    order by u.role, u.name`,
  );
  return found.map((r) => ({
    userId: r.user_id,
    name: r.name,
    role: r.role,
    customers: r.customers,
    openDeals: r.open_deals,
    openCases: r.open_cases,
    openTasks: r.open_tasks,
    overdueTasks: r.overdue_tasks,
  }));
}
