import 'server-only';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { db } from '@/db/client';
import { fromTable, rows } from '@/db/rows';
import { auditLog, caseComments, cases, contacts, customerScores, customers, users } from '@/db/schema';
import { currentRunId } from '@/lib/analytics/runs';
import { can, type Viewer } from '@/lib/auth/permissions';
import { getCustomerSummary, listCustomerDeals } from '@/lib/customers/customer-360';
import { liveCustomer } from '@/lib/customers/visibility';
import type { Locale } from '@/lib/i18n/config';
import type { CaseChannel, CasePriority, CaseStatus } from './case-schemas';
import { canEditCase, visibleCases } from './visibility';

// The case page: the case, its conversation, its history and the customer beside it. Every read
// checks visibleCases(viewer) on the case; `get*` returns null for missing and not-yours alike.

export type CaseDetail = {
  id: string;
  number: number;
  subject: string;
  description: string | null;
  status: CaseStatus;
  priority: CasePriority;
  channel: CaseChannel;
  customerId: string;
  customerName: string;
  contactId: string | null;
  contactName: string | null;
  contactEmail: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  dueAt: Date | null;
  firstRespondedAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  reopenedCount: number;
  createdAt: Date;
  updatedAt: Date;
  version: number;
  /** The viewer may reply, change status and priority. */
  canEdit: boolean;
  /** An agent may take it (it is unassigned). */
  canTake: boolean;
  /** The viewer may give it to anyone. */
  canReassign: boolean;
};

/** A case the viewer may read, or null. */
export async function getCase(viewer: Viewer, id: string): Promise<CaseDetail | null> {
  if (!can(viewer, 'cases:read')) return null;
  const [row] = await db
    .select({
      id: cases.id,
      number: cases.number,
      subject: cases.subject,
      description: cases.description,
      status: cases.status,
      priority: cases.priority,
      channel: cases.channel,
      customerId: cases.customerId,
      customerName: customers.name,
      contactId: cases.contactId,
      contactFirst: contacts.firstName,
      contactLast: contacts.lastName,
      contactEmail: contacts.email,
      assigneeId: cases.assigneeId,
      assigneeName: users.name,
      firstResponseDueAt: cases.firstResponseDueAt,
      resolutionDueAt: cases.resolutionDueAt,
      dueAt: cases.slaDueAt,
      firstRespondedAt: cases.firstRespondedAt,
      resolvedAt: cases.resolvedAt,
      closedAt: cases.closedAt,
      reopenedCount: cases.reopenedCount,
      createdAt: cases.createdAt,
      updatedAt: cases.updatedAt,
      version: cases.version,
    })
    .from(cases)
    .innerJoin(customers, eq(customers.id, cases.customerId))
    .leftJoin(contacts, and(eq(contacts.id, cases.contactId), isNull(contacts.deletedAt)))
    .leftJoin(users, eq(users.id, cases.assigneeId))
    .where(and(eq(cases.id, id), visibleCases(viewer), liveCustomer()))
    .limit(1);
  if (!row) return null;
  const { contactFirst, contactLast, ...rest } = row;
  const canEdit = can(viewer, 'cases:write') && canEditCase(viewer, row);
  return {
    ...rest,
    contactName: contactFirst ? [contactFirst, contactLast].filter(Boolean).join(' ') : null,
    canEdit,
    canTake: viewer.role === 'service_agent' && row.assigneeId === null,
    canReassign: can(viewer, 'cases:reassign'),
  };
}

export type CaseComment = {
  id: string;
  body: string;
  isPublic: boolean;
  /** Null: the customer wrote it (inbound mail). */
  authorId: string | null;
  authorName: string | null;
  createdAt: Date;
};

/** The conversation of a visible case, oldest first (public replies and internal notes alike: staff read both). */
export async function listCaseComments(viewer: Viewer, caseId: string, limit = 500): Promise<CaseComment[]> {
  if (!can(viewer, 'cases:read')) return [];
  return db
    .select({
      id: caseComments.id,
      body: caseComments.body,
      isPublic: caseComments.isPublic,
      authorId: caseComments.authorId,
      authorName: users.name,
      createdAt: caseComments.createdAt,
    })
    .from(caseComments)
    .leftJoin(users, eq(users.id, caseComments.authorId))
    .where(
      and(
        eq(caseComments.caseId, caseId),
        sql`exists (select 1 from ${cases} where ${cases.id} = ${caseId} and ${visibleCases(viewer)})`,
      ),
    )
    .orderBy(asc(caseComments.createdAt), asc(caseComments.id))
    .limit(limit);
}

export type CaseHistoryItem = {
  id: number;
  action: string;
  actorName: string | null;
  at: Date;
  diff: Record<string, unknown> | null;
  /** For an assignment (or a create with an assignee): the name of who got the case. */
  assigneeName: string | null;
};

const assignee = alias(users, 'assignee');

/** Every audited change of a visible case and of its comments, newest first. */
export async function listCaseHistory(viewer: Viewer, caseId: string, limit = 200): Promise<CaseHistoryItem[]> {
  if (!can(viewer, 'cases:read')) return [];
  const found = await rows<{
    id: string | number;
    action: string;
    actor_name: string | null;
    at: string | Date;
    diff: Record<string, unknown> | string | null;
    assignee_name: string | null;
  }>(
    db,
    sql`select ${auditLog.id} as id, ${auditLog.action} as action, ${users.name} as actor_name, ${auditLog.at} as at, ${auditLog.diff} as diff,
               ${assignee.name} as assignee_name
        from ${auditLog} left join ${users} on ${users.id} = ${auditLog.actorId}
        left join ${fromTable(assignee)} on ${assignee.id}::text =
          (case when jsonb_typeof(${auditLog.diff} -> 'assigneeId') = 'array' then ${auditLog.diff} -> 'assigneeId' ->> 1
                else ${auditLog.diff} ->> 'assigneeId' end)
        where exists (select 1 from ${cases} where ${cases.id} = ${caseId} and ${visibleCases(viewer)})
          and ((${auditLog.entity} = 'case' and ${auditLog.entityId} = ${caseId}::text)
            or (${auditLog.entity} = 'case_comment' and ${auditLog.entityId} in
                 (select ${caseComments.id}::text from ${caseComments} where ${caseComments.caseId} = ${caseId})))
        order by ${auditLog.at} desc, ${auditLog.id} desc
        limit ${limit}`,
  );
  return found.map((r) => ({
    id: Number(r.id),
    action: r.action,
    actorName: r.actor_name,
    at: new Date(r.at),
    diff: typeof r.diff === 'string' ? (JSON.parse(r.diff) as Record<string, unknown>) : r.diff,
    assigneeName: r.assignee_name,
  }));
}

export type CaseCustomer = {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  /** The customer value matrix class of the current analytics run, when scored. */
  valueClass: string | null;
  lifetimeRevenue: string | null;
  orderCount: number | null;
  lastOrderAt: Date | null;
  openDeals: { id: string; name: string; stage: string; amount: string; currency: string }[];
  /** How many other cases of this customer are open. */
  otherOpenCases: number;
};

const other = alias(cases, 'other_case');

/**
 * The customer's 360 summary beside a case: contact details, value class, purchase summary and
 * open deals (read-only; through the same functions the customer page uses, so the same rules).
 */
export async function getCaseCustomer(viewer: Viewer, caseId: string, locale?: Locale): Promise<CaseCustomer | null> {
  if (!can(viewer, 'cases:read')) return null;
  const [row] = await rows<{
    id: string;
    name: string;
    email: string | null;
    phone: string | null;
    value_class: string | null;
    other_open: number;
  }>(
    db,
    sql`select ${customers.id} as id, ${customers.name} as name, ${customers.email} as email, ${customers.phone} as phone,
               (select ${customerScores.valueClass} from ${customerScores}
                 where ${customerScores.customerId} = ${customers.id} and ${customerScores.runId} = ${currentRunId}) as value_class,
               (select count(*)::int from ${fromTable(other)} where ${other.customerId} = ${customers.id}
                  and ${other.id} <> ${caseId} and ${other.status} in ('new','open','pending')) as other_open
        from ${cases} join ${customers} on ${customers.id} = ${cases.customerId}
        where ${cases.id} = ${caseId} and ${visibleCases(viewer)} and ${liveCustomer()}`,
  );
  if (!row) return null;
  const [summary, deals] = await Promise.all([
    getCustomerSummary(viewer, row.id),
    listCustomerDeals(viewer, row.id, locale),
  ]);
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    valueClass: row.value_class,
    lifetimeRevenue: summary?.lifetimeRevenue ?? null,
    orderCount: summary?.orderCount ?? null,
    lastOrderAt: summary?.lastOrderAt ?? null,
    openDeals: deals
      .filter((d) => d.status === 'open')
      .slice(0, 5)
      .map((d) => ({ id: d.id, name: d.name, stage: d.stage, amount: d.amount, currency: d.currency })),
    otherOpenCases: row.other_open,
  };
}

/** The live contacts of a customer, for the new-case form's contact choice. */
export { listCustomerContactOptions } from '@/lib/sales/deals/deals';
