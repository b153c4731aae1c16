import 'server-only';
import { and, eq, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { rows } from '@/db/rows';
import { cases, customers, users } from '@/db/schema';
import { can, type Viewer } from '@/lib/auth/permissions';
import { likePattern } from '@/lib/customers/filters';
import { customerNotDeleted } from '@/lib/customers/visibility';
import { countCapped, type Total } from '@/lib/pagination';
import type { CaseChannel, CasePriority, CaseStatus } from './case-schemas';
import { effectiveView, type QueueFilter, type QueueSort, type QueueView, queueViewsFor } from './queue-filters';
import { visibleCases } from './visibility';

// The case queue: one page of a view (sorted and paged in SQL) and the count of each view. Every
// read starts from visibleCases(viewer); the views narrow it, never widen it.

const OPEN = sql`${cases.status} in ('new','open','pending')`;
/** The SLA clock runs (lib/service/sla.ts stops it while pending): only these cases breach or come due. */
const RUNNING = sql`${cases.status} in ('new','open')`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A view's own condition (the indexes cases_open_due_idx / cases_assignee_open_due_idx serve them). */
function viewCondition(viewer: Viewer, view: QueueView): SQL {
  switch (view) {
    case 'mine':
      return and(eq(cases.assigneeId, viewer.userId), OPEN) as SQL;
    case 'unassigned':
      return and(isNull(cases.assigneeId), OPEN) as SQL;
    case 'team':
      // No teams in the schema: every assigned open case. Only managers and admins have the view.
      return can(viewer, 'cases:reassign') ? (and(isNotNull(cases.assigneeId), OPEN) as SQL) : sql`false`;
    case 'breaching':
      return and(OPEN, RUNNING, sql`${cases.slaDueAt} <= now() + interval '1 hour'`) as SQL;
    case 'all':
      return sql`true`;
  }
}

/** The WHERE of a view with the filters: always the viewer's visibility rule, never a view they do not have. */
export function queueWhere(viewer: Viewer, view: QueueView, filter: Partial<QueueFilter>): SQL {
  if (!can(viewer, 'cases:read') || !queueViewsFor(viewer.role).includes(view)) return sql`false`;
  const conditions: SQL[] = [visibleCases(viewer), viewCondition(viewer, view), customerNotDeleted(cases.customerId)];
  if (filter.status) conditions.push(eq(cases.status, filter.status));
  if (filter.priority) conditions.push(eq(cases.priority, filter.priority));
  if (filter.channel) conditions.push(eq(cases.channel, filter.channel));
  if (filter.customer) {
    conditions.push(
      UUID.test(filter.customer)
        ? eq(cases.customerId, filter.customer)
        : sql`${customers.name} ilike ${likePattern(filter.customer)}`,
    );
  }
  // Only managers and admins filter by assignee; an agent's views already say whose cases.
  if (can(viewer, 'cases:reassign') && filter.assignee) {
    if (filter.assignee === 'me') conditions.push(eq(cases.assigneeId, viewer.userId));
    else if (filter.assignee === 'none') conditions.push(isNull(cases.assigneeId));
    else conditions.push(eq(cases.assigneeId, filter.assignee));
  }
  return and(...conditions) as SQL;
}

/** `customers` for a filter on the customer's name; otherwise the queue reads cases alone. */
function customerJoin(filter: Partial<QueueFilter>): SQL {
  return filter.customer && !UUID.test(filter.customer)
    ? sql`join ${customers} on ${customers.id} = ${cases.customerId}`
    : sql``;
}

const PRIORITY_RANK = sql`array_position(array['urgent','high','normal','low']::case_priority[], ${cases.priority})`;

/** Each sort's key. 'due' (the default) is the SLA due time, nulls last, as the due indexes store it. */
const SORT_KEYS: Record<QueueSort, SQL> = {
  due: sql`${cases.slaDueAt}`,
  created: sql`${cases.createdAt}`,
  priority: PRIORITY_RANK,
  number: sql`${cases.number}`,
};

function direction(filter: Pick<QueueFilter, 'dir'>): SQL {
  return sql.raw(filter.dir === 'desc' ? 'desc' : 'asc');
}

export type QueueRow = {
  id: string;
  number: number;
  subject: string;
  customerId: string;
  customerName: string;
  status: CaseStatus;
  priority: CasePriority;
  channel: CaseChannel;
  assigneeId: string | null;
  assigneeName: string | null;
  createdAt: Date;
  /** The SLA due time the queue sorts by (first response while unanswered, else resolution). */
  dueAt: Date | null;
  /** Its SLA clock runs (new or open) and it is past its due time. */
  breached: boolean;
  /** Its SLA clock runs and it is due within the hour. */
  dueSoon: boolean;
};

type RawRow = {
  id: string;
  number: string | number;
  subject: string;
  customer_id: string;
  customer_name: string;
  status: CaseStatus;
  priority: CasePriority;
  channel: CaseChannel;
  assignee_id: string | null;
  assignee_name: string | null;
  created_at: string | Date;
  due_at: string | Date | null;
  breached: boolean;
  due_soon: boolean;
};

export type QueuePage = { view: QueueView | null; rows: QueueRow[]; total: number; totalExact: boolean; now: Date };

/**
 * Views count exactly up to this many cases, then show the planner's estimate ("about N"): five
 * tabs counting 10,000 open cases each would cost more than the page itself (measured at 200k cases).
 */
export const QUEUE_COUNT_CAP = 1000;

/**
 * One page of a queue view, its total (exact up to QUEUE_COUNT_CAP), and the time the marks were
 * computed at. `count: false` skips the total (the page takes it from countQueueViews).
 */
export async function listQueue(
  viewer: Viewer,
  filter: QueueFilter,
  { count = true }: { count?: boolean } = {},
): Promise<QueuePage> {
  const view = effectiveView(viewer.role, filter.view);
  const now = new Date();
  if (!view || !can(viewer, 'cases:read')) return { view, rows: [], total: 0, totalExact: true, now };
  const where = queueWhere(viewer, view, filter);
  const key = SORT_KEYS[filter.sort];
  const dir = direction(filter);
  const [found, total] = await Promise.all([
    // The page's ids through the sort's index first, then the names for those rows only.
    rows<RawRow>(
      db,
      sql`select ${cases.id} as id, ${cases.number} as number, ${cases.subject} as subject,
                 ${cases.customerId} as customer_id, ${customers.name} as customer_name, ${cases.status} as status,
                 ${cases.priority} as priority, ${cases.channel} as channel, ${cases.assigneeId} as assignee_id,
                 ${users.name} as assignee_name, ${cases.createdAt} as created_at, ${cases.slaDueAt} as due_at,
                 coalesce(${RUNNING} and ${cases.slaDueAt} < ${now}, false) as breached,
                 coalesce(${RUNNING} and ${cases.slaDueAt} >= ${now} and ${cases.slaDueAt} <= ${now}::timestamptz + interval '1 hour', false) as due_soon
          from (select ${cases.id} as id, ${key} as k from ${cases} ${customerJoin(filter)}
                where ${where} order by ${key} ${dir} nulls last, ${cases.id} ${dir}
                limit ${filter.size} offset ${(filter.page - 1) * filter.size}) p
          join ${cases} on ${cases.id} = p.id
          join ${customers} on ${customers.id} = ${cases.customerId}
          left join ${users} on ${users.id} = ${cases.assigneeId}
          order by p.k ${dir} nulls last, p.id ${dir}`,
    ),
    count
      ? countCapped(db, sql`select 1 from ${cases} ${customerJoin(filter)} where ${where}`, QUEUE_COUNT_CAP)
      : Promise.resolve({ value: 0, exact: false }),
  ]);
  return {
    view,
    rows: found.map((r) => ({
      id: r.id,
      number: Number(r.number),
      subject: r.subject,
      customerId: r.customer_id,
      customerName: r.customer_name,
      status: r.status,
      priority: r.priority,
      channel: r.channel,
      assigneeId: r.assignee_id,
      assigneeName: r.assignee_name,
      createdAt: new Date(r.created_at),
      dueAt: r.due_at ? new Date(r.due_at) : null,
      breached: r.breached,
      dueSoon: r.due_soon,
    })),
    total: total.value,
    totalExact: total.exact,
    now,
  };
}

/** How many cases each of the viewer's views holds with the same filters (capped like the list's total). */
export async function countQueueViews(
  viewer: Viewer,
  filter: Partial<QueueFilter>,
): Promise<{ view: QueueView; total: Total }[]> {
  if (!can(viewer, 'cases:read')) return [];
  const views = queueViewsFor(viewer.role);
  const totals = await Promise.all(
    views.map((view) =>
      countCapped(
        db,
        sql`select 1 from ${cases} ${customerJoin(filter)} where ${queueWhere(viewer, view, filter)}`,
        QUEUE_COUNT_CAP,
      ),
    ),
  );
  return views.map((view, i) => ({ view, total: totals[i] }));
}
