import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { createdAt, id, ts, updatedAt, version } from './columns';
import { contacts, customers } from './customers';
import { activityTypeEnum } from './enums';
import { deals } from './sales';
import { cases } from './service';
import { users } from './users';

/**
 * Calls, emails, meetings, notes and tasks. A task has a due date and is open until completed.
 * Linked to a customer and optionally a contact, deal or case.
 */
export const activities = pgTable(
  'activities',
  {
    id: id(),
    type: activityTypeEnum('type').notNull(),
    subject: varchar('subject', { length: 200 }).notNull(),
    body: text('body'),
    occurredAt: ts('occurred_at').notNull().defaultNow(),
    dueAt: ts('due_at'),
    completedAt: ts('completed_at'),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    customerId: uuid('customer_id').references(() => customers.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    dealId: uuid('deal_id').references(() => deals.id, { onDelete: 'cascade' }),
    caseId: uuid('case_id').references(() => cases.id, { onDelete: 'cascade' }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: ts('deleted_at'),
    version: version(),
    /**
     * What created the activity when not a person typing it (e.g. 'churn-follow-up' from the churn
     * risk dashboard). At most one open task per customer and origin (activities_open_origin_uq),
     * so repeating a bulk follow-up does not pile up tasks.
     */
    origin: varchar('origin', { length: 40 }),
  },
  (t) => [
    index('activities_customer_time_idx').on(t.customerId, t.occurredAt),
    index('activities_open_tasks_idx')
      .on(t.ownerId, t.dueAt)
      .where(sql`${t.type} = 'task' and ${t.completedAt} is null and ${t.deletedAt} is null`),
    index('activities_owner_time_idx').on(t.ownerId, t.occurredAt),
    index('activities_deal_idx').on(t.dealId),
    index('activities_case_idx').on(t.caseId),
    uniqueIndex('activities_open_origin_uq')
      .on(t.customerId, t.origin)
      .where(
        sql`${t.origin} is not null and ${t.type} = 'task' and ${t.completedAt} is null and ${t.deletedAt} is null`,
      ),
    check('activities_task_due_ck', sql`${t.type} = 'task' or ${t.dueAt} is null`),
  ],
);
