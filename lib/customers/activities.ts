import 'server-only';
import { and, asc, desc, eq, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { db } from '@/db/client';
import { activities, contacts, customers, users } from '@/db/schema';
import type { Result } from '@/lib/action-state';
import { audit } from '@/lib/audit/audit';
import { can, type Viewer } from '@/lib/auth/permissions';
import { activityDealVisible } from '@/lib/sales/visibility';
import type { ActivityInput } from './schemas';
import { canEditCustomer, customerIsLive, liveCustomer, TASK_OWNER_ROLES, visibleCustomers } from './visibility';

export type ActivityType = 'call' | 'email' | 'meeting' | 'note' | 'task';
export type TimelineItem = {
  id: string;
  type: ActivityType;
  subject: string;
  body: string | null;
  occurredAt: Date;
  dueAt: Date | null;
  completedAt: Date | null;
  ownerName: string | null;
  contactFirstName: string | null;
  contactLastName: string | null;
  createdByName: string | null;
};

const creator = alias(users, 'creator');
const timelineColumns = {
  id: activities.id,
  type: activities.type,
  subject: activities.subject,
  body: activities.body,
  occurredAt: activities.occurredAt,
  dueAt: activities.dueAt,
  completedAt: activities.completedAt,
  ownerName: users.name,
  contactFirstName: contacts.firstName,
  contactLastName: contacts.lastName,
  createdByName: creator.name,
};

/** Who may log activities on a customer: those who may edit it, and service agents (they serve every customer). */
export function canLogActivity(viewer: Viewer, customer: { ownerId: string | null }): boolean {
  if (!can(viewer, 'activities:write')) return false;
  return viewer.role === 'service_agent' || canEditCustomer(viewer, customer);
}

/**
 * A customer's timeline, newest first, keyset-paged: pass the last item's (occurredAt, id) as
 * `before` for the next page. Returns one page and the cursor for the next (or null).
 */
export async function listTimeline(
  viewer: Viewer,
  customerId: string,
  options: { before?: { at: Date; id: string }; limit?: number } = {},
): Promise<{ items: TimelineItem[]; next: { at: Date; id: string } | null }> {
  if (!can(viewer, 'customers:read')) return { items: [], next: null };
  const limit = options.limit ?? 20;
  const conditions: SQL[] = [
    eq(activities.customerId, customerId),
    isNull(activities.deletedAt),
    customerIsLive(activities.customerId),
    // An activity on a deal shows to those who may see the deal (not another rep's deal notes).
    activityDealVisible(viewer),
  ];
  if (options.before) {
    const { at, id } = options.before;
    conditions.push(
      or(lt(activities.occurredAt, at), and(eq(activities.occurredAt, at), lt(activities.id, id))) as SQL,
    );
  }
  const rows = await db
    .select(timelineColumns)
    .from(activities)
    .leftJoin(users, eq(users.id, activities.ownerId))
    .leftJoin(creator, eq(creator.id, activities.createdBy))
    .leftJoin(contacts, eq(contacts.id, activities.contactId))
    .where(and(...conditions))
    .orderBy(desc(activities.occurredAt), desc(activities.id))
    .limit(limit + 1);
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  const last = items[items.length - 1];
  return { items, next: more && last ? { at: last.occurredAt, id: last.id } : null };
}

export type TaskItem = {
  id: string;
  subject: string;
  dueAt: Date;
  completedAt: Date | null;
  ownerName: string | null;
  customerId: string | null;
  customerName: string | null;
  overdue: boolean;
};

const taskColumns = {
  id: activities.id,
  subject: activities.subject,
  dueAt: sql<Date>`${activities.dueAt}`.mapWith(activities.dueAt),
  completedAt: activities.completedAt,
  ownerName: users.name,
  customerId: activities.customerId,
  customerName: customers.name,
  overdue: sql<boolean>`${activities.dueAt} < now()`,
};

/** Open tasks on a customer, overdue first, then by due date. */
export async function listCustomerTasks(viewer: Viewer, customerId: string): Promise<TaskItem[]> {
  if (!can(viewer, 'customers:read')) return [];
  return db
    .select(taskColumns)
    .from(activities)
    .leftJoin(users, eq(users.id, activities.ownerId))
    .innerJoin(customers, eq(customers.id, activities.customerId))
    .where(
      and(
        eq(activities.customerId, customerId),
        eq(activities.type, 'task'),
        isNull(activities.completedAt),
        isNull(activities.deletedAt),
        visibleCustomers(viewer),
      ),
    )
    .orderBy(asc(activities.dueAt), asc(activities.id))
    .limit(50);
}

/**
 * The viewer's own open tasks (My day): overdue first, then by due date. Uses the open-tasks index.
 * Tasks of deleted customers are left out (their pages are gone); tasks without a customer stay.
 */
export async function listMyOpenTasks(viewer: Viewer, limit = 50): Promise<TaskItem[]> {
  return db
    .select(taskColumns)
    .from(activities)
    .leftJoin(users, eq(users.id, activities.ownerId))
    .leftJoin(customers, eq(customers.id, activities.customerId))
    .where(
      and(
        eq(activities.ownerId, viewer.userId),
        eq(activities.type, 'task'),
        isNull(activities.completedAt),
        isNull(activities.deletedAt),
        // Left-joined: a task without a customer passes too.
        liveCustomer(),
      ),
    )
    .orderBy(asc(activities.dueAt), asc(activities.id))
    .limit(limit);
}

export type ActivityResult = Result<
  { id: string },
  'forbidden' | 'notFound' | 'ownerInactive' | 'contactNotOfCustomer'
>;

export async function logActivity(viewer: Viewer, input: ActivityInput): Promise<ActivityResult> {
  if (!can(viewer, 'activities:write')) return { ok: false, reason: 'forbidden' };
  return db.transaction(async (tx) => {
    const [customer] = await tx
      .select({ ownerId: customers.ownerId })
      .from(customers)
      .where(and(eq(customers.id, input.customerId), liveCustomer()))
      .limit(1);
    if (!customer) return { ok: false, reason: 'notFound' } as const;
    if (!canLogActivity(viewer, customer)) return { ok: false, reason: 'forbidden' } as const;
    if (input.contactId) {
      const [contact] = await tx
        .select({ id: contacts.id })
        .from(contacts)
        .where(
          and(eq(contacts.id, input.contactId), eq(contacts.customerId, input.customerId), isNull(contacts.deletedAt)),
        )
        .limit(1);
      if (!contact) return { ok: false, reason: 'contactNotOfCustomer' } as const;
    }
    // Only managers and admins hand tasks to someone else, and only to an active user who may log
    // activities (a marketer could neither see it through nor complete it).
    const ownerId =
      input.ownerId && input.ownerId !== viewer.userId && can(viewer, 'customers:reassign')
        ? input.ownerId
        : viewer.userId;
    if (ownerId !== viewer.userId) {
      const [owner] = await tx
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.id, ownerId), eq(users.active, true), inArray(users.role, TASK_OWNER_ROLES)))
        .limit(1);
      if (!owner) return { ok: false, reason: 'ownerInactive' } as const;
    }
    const isTask = input.type === 'task';
    const [created] = await tx
      .insert(activities)
      .values({
        type: input.type,
        subject: input.subject,
        body: input.body,
        customerId: input.customerId,
        contactId: input.contactId,
        ownerId,
        createdBy: viewer.userId,
        occurredAt: isTask ? new Date() : (input.occurredAt ?? new Date()),
        dueAt: isTask ? input.dueAt : null,
      })
      .returning({ id: activities.id });
    await audit(tx, viewer, {
      action: 'create',
      entity: 'activity',
      entityId: created.id,
      diff: { type: input.type, subject: input.subject, customerId: input.customerId },
    });
    return { ok: true, id: created.id } as const;
  });
}

/** Completes (or reopens) a task: its owner, or anyone who may edit the customer. */
export async function setTaskDone(
  viewer: Viewer,
  id: string,
  done: boolean,
): Promise<ActivityResult & { customerId?: string | null }> {
  if (!can(viewer, 'activities:write')) return { ok: false, reason: 'forbidden' };
  return db.transaction(async (tx) => {
    const [task] = await tx
      .select({
        ownerId: activities.ownerId,
        customerId: activities.customerId,
        customerOwner: customers.ownerId,
        completedAt: activities.completedAt,
      })
      .from(activities)
      .leftJoin(customers, eq(customers.id, activities.customerId))
      .where(and(eq(activities.id, id), eq(activities.type, 'task'), isNull(activities.deletedAt)))
      .for('update', { of: activities });
    if (!task) return { ok: false, reason: 'notFound' } as const;
    if (task.ownerId !== viewer.userId && !canEditCustomer(viewer, { ownerId: task.customerOwner }))
      return { ok: false, reason: 'forbidden' } as const;
    if ((task.completedAt !== null) !== done) {
      await tx
        .update(activities)
        .set({ completedAt: done ? sql`now()` : null, updatedAt: sql`now()`, version: sql`${activities.version} + 1` })
        .where(eq(activities.id, id));
      await audit(tx, viewer, { action: done ? 'complete' : 'reopen', entity: 'activity', entityId: id });
    }
    return { ok: true, id, customerId: task.customerId } as const;
  });
}
