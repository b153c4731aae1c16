import 'server-only';
import { sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { rows } from '@/db/rows';
import type { Viewer } from '@/lib/auth/permissions';

export type OwnedCounts = { customers: number; leads: number; openDeals: number; openDealValue: string; openCases: number; openTasks: number; overdueTasks: number };

/** Records the viewer owns in each area, in one round trip. */
export async function getOwnedCounts(viewer: Viewer): Promise<OwnedCounts> {
  const me = viewer.userId;
  const [r] = await rows<{ customers: number; leads: number; open_deals: number; open_deal_value: string; open_cases: number; open_tasks: number; overdue_tasks: number }>(db, sql`
    select
      (select count(*)::int from customers where owner_id = ${me} and deleted_at is null) as customers,
      (select count(*)::int from leads where owner_id = ${me} and status in ('new','contacted','qualified') and deleted_at is null) as leads,
      (select count(*)::int from deals where owner_id = ${me} and status = 'open' and deleted_at is null) as open_deals,
      (select coalesce(sum(amount), 0)::text from deals where owner_id = ${me} and status = 'open' and deleted_at is null) as open_deal_value,
      (select count(*)::int from cases where assignee_id = ${me} and status in ('new','open','pending')) as open_cases,
      (select count(*)::int from activities where owner_id = ${me} and type = 'task' and completed_at is null and deleted_at is null) as open_tasks,
      (select count(*)::int from activities where owner_id = ${me} and type = 'task' and completed_at is null and deleted_at is null and due_at < now()) as overdue_tasks
  `);
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
