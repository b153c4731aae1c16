import 'server-only';
import { and, asc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { rows } from '@/db/rows';
import { activities, cases, customers, deals, teamCounts, users } from '@/db/schema';
import type { Db } from '@/db/types';
import type { Viewer } from '@/lib/auth/permissions';
import { liveCustomer } from '@/lib/customers/visibility';
import { enqueue, type JobDefinition } from '@/lib/jobs/queues';
import { openCase, openDeal, openTask } from './my-day';

/** The people the team table lists: active reps and agents. */
const TEAM_ROLES = ['sales_rep', 'service_agent'] as const;

/** Older than this, a page view asks for a new snapshot (the job also runs every 5 minutes). */
export const TEAM_COUNTS_MAX_AGE_MS = 5 * 60_000;

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

/**
 * Recomputes every team member's counts in one grouped query per measure and replaces the snapshot
 * in one transaction (readers see the old or the new numbers, never a mix). ~0.5 s at 100k
 * customers / 200k cases: a job's work, not a page view's.
 */
export async function refreshTeamCounts(executor: Db): Promise<number> {
  return executor.transaction(async (tx) => {
    const found = await rows<{ user_id: string }>(
      tx,
      sql`
      insert into ${teamCounts} (user_id, customers, open_deals, open_deal_value, open_cases, open_tasks, overdue_tasks, computed_at)
      select ${users.id}, coalesce(c.n, 0), coalesce(d.n, 0), coalesce(d.value, 0), coalesce(k.n, 0),
             coalesce(t.open, 0), coalesce(t.overdue, 0), now()
      from ${users}
      left join (select ${customers.ownerId} as owner_id, count(*) n from ${customers} where ${liveCustomer()}
                 group by ${customers.ownerId}) c on c.owner_id = ${users.id}
      left join (select ${deals.ownerId} as owner_id, count(*) n, sum(${deals.amount}) as value from ${deals} where ${openDeal}
                 group by ${deals.ownerId}) d on d.owner_id = ${users.id}
      left join (select ${cases.assigneeId} as assignee_id, count(*) n from ${cases} where ${openCase}
                 group by ${cases.assigneeId}) k on k.assignee_id = ${users.id}
      left join (select ${activities.ownerId} as owner_id, count(*) open, count(*) filter (where ${activities.dueAt} < now()) overdue
                 from ${activities} where ${openTask} group by ${activities.ownerId}) t on t.owner_id = ${users.id}
      where ${users.active} and ${inArray(users.role, [...TEAM_ROLES])}
      on conflict (user_id) do update set
        customers = excluded.customers, open_deals = excluded.open_deals, open_deal_value = excluded.open_deal_value,
        open_cases = excluded.open_cases, open_tasks = excluded.open_tasks, overdue_tasks = excluded.overdue_tasks,
        computed_at = excluded.computed_at
      returning user_id`,
    );
    const ids = found.map((r) => r.user_id);
    // People who left the team (deactivated, new role) drop out of the table.
    await tx.delete(teamCounts).where(ids.length ? notInArray(teamCounts.userId, ids) : sql`true`);
    return ids.length;
  });
}

export const teamCountsJob: JobDefinition<object> = {
  name: 'home-team-counts',
  policy: 'stately',
  expireInSeconds: 10 * 60,
  handler: async () => {
    await refreshTeamCounts(db);
  },
};

/**
 * Per-person counts for managers and admins, from the snapshot, with the time it was computed.
 * A missing or stale snapshot asks the job for a new one (a stately queue keeps at most one
 * waiting) and shows what there is meanwhile.
 */
export async function getTeamCounts(viewer: Viewer): Promise<{ rows: TeamRow[]; computedAt: Date | null } | null> {
  if (viewer.role !== 'manager' && viewer.role !== 'admin') return null;
  const found = await db
    .select({
      userId: users.id,
      name: users.name,
      role: users.role,
      customers: teamCounts.customers,
      openDeals: teamCounts.openDeals,
      openCases: teamCounts.openCases,
      openTasks: teamCounts.openTasks,
      overdueTasks: teamCounts.overdueTasks,
      computedAt: teamCounts.computedAt,
    })
    .from(teamCounts)
    .innerJoin(users, eq(users.id, teamCounts.userId))
    .where(and(eq(users.active, true), inArray(users.role, [...TEAM_ROLES])))
    .orderBy(asc(users.role), asc(users.name));
  const computedAt = found.length ? new Date(Math.min(...found.map((r) => r.computedAt.getTime()))) : null;
  if (!computedAt || Date.now() - computedAt.getTime() > TEAM_COUNTS_MAX_AGE_MS) {
    await enqueue(teamCountsJob, {}, { tx: null }).catch((error) =>
      console.error('[home] could not ask for team counts:', (error as Error).message),
    );
  }
  return { rows: found.map(({ computedAt: _, ...row }) => row), computedAt };
}
