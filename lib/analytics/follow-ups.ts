import 'server-only';
import { sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { columnName, rows } from '@/db/rows';
import { activities, customers, users } from '@/db/schema';
import type { Result } from '@/lib/action-state';
import { auditMany } from '@/lib/audit/audit';
import { can, type Viewer } from '@/lib/auth/permissions';
import { editableCustomers, TASK_OWNER_ROLES } from '@/lib/customers/visibility';
import { FOLLOW_UP_ORIGIN } from './dashboards/churn-risk';
import { analyticsVisible } from './scope';

/** Days until a follow-up task is due. */
export const FOLLOW_UP_DUE_DAYS = 2;

export type FollowUpOutcome = {
  /** Tasks created, one per customer. */
  created: number;
  /** Customers that already had an open follow-up (none is added). */
  alreadyOpen: number;
  /** Customers the viewer may not act on, without an active owner, or missing. */
  skipped: number;
};

/**
 * "Create follow-up task for the owner" (the churn-risk dashboard's bulk action): one open task per
 * selected customer, owned by the customer's owner, due in two days, in one transaction with an
 * audit row per task. Only customers the viewer may edit and whose analytics they see (a rep: their
 * own; managers and admins: all) with an active owner who can work tasks. A customer that already
 * has an open follow-up gets none (the partial unique index activities_open_origin_uq makes this
 * hold under concurrent clicks too).
 */
export async function createFollowUpTasks(
  viewer: Viewer,
  customerIds: string[],
  text: { subject: string; body: string },
): Promise<Result<FollowUpOutcome, 'forbidden'>> {
  if (!can(viewer, 'activities:write') || !can(viewer, 'analytics:read') || !can(viewer, 'customers:write'))
    return { ok: false, reason: 'forbidden' };
  const ids = [...new Set(customerIds)];
  return db.transaction(async (tx) => {
    const created = await rows<{ id: string; customer_id: string; owner_id: string }>(
      tx,
      sql`insert into ${activities} (${sql.join(
        [
          activities.type,
          activities.subject,
          activities.body,
          activities.ownerId,
          activities.customerId,
          activities.createdBy,
          activities.occurredAt,
          activities.dueAt,
          activities.origin,
        ].map(columnName),
        sql`, `,
      )})
          select 'task', ${text.subject}, ${text.body}, ${customers.ownerId}, ${customers.id}, ${viewer.userId}, now(),
                 now() + make_interval(days => ${FOLLOW_UP_DUE_DAYS}), ${FOLLOW_UP_ORIGIN}
          from ${customers} join ${users} on ${users.id} = ${customers.ownerId}
          where ${customers.id} = any(${sql.param(ids)}::uuid[])
            and ${editableCustomers(viewer)} and ${analyticsVisible(viewer)}
            and ${users.active} and ${users.role} in (${sql.join(
              TASK_OWNER_ROLES.map((r) => sql`${r}`),
              sql`, `,
            )})
            and not exists (select 1 from ${activities} where ${activities.customerId} = ${customers.id}
                            and ${activities.origin} = ${FOLLOW_UP_ORIGIN} and ${activities.type} = 'task'
                            and ${activities.completedAt} is null and ${activities.deletedAt} is null)
          on conflict do nothing
          returning ${columnName(activities.id)} as id, ${columnName(activities.customerId)} as customer_id,
                    ${columnName(activities.ownerId)} as owner_id`,
    );
    // Of the rest, those with an open follow-up already (counted apart: the outcome says so).
    const [open] = await rows<{ n: number }>(
      tx,
      sql`select count(distinct ${activities.customerId})::int as n from ${activities}
          where ${activities.customerId} = any(${sql.param(ids)}::uuid[])
            and not (${activities.customerId} = any(${sql.param(created.map((c) => c.customer_id))}::uuid[]))
            and ${activities.origin} = ${FOLLOW_UP_ORIGIN} and ${activities.type} = 'task'
            and ${activities.completedAt} is null and ${activities.deletedAt} is null
            and exists (select 1 from ${customers} where ${customers.id} = ${activities.customerId}
                        and ${editableCustomers(viewer)} and ${analyticsVisible(viewer)})`,
    );
    await auditMany(
      tx,
      viewer,
      created.map((c) => ({
        action: 'create',
        entity: 'activity',
        entityId: c.id,
        diff: { type: 'task', origin: FOLLOW_UP_ORIGIN, customerId: c.customer_id, ownerId: c.owner_id },
      })),
    );
    return {
      ok: true,
      created: created.length,
      alreadyOpen: open?.n ?? 0,
      skipped: ids.length - created.length - (open?.n ?? 0),
    } as const;
  });
}
