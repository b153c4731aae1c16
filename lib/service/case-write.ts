import 'server-only';
import { and, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import { db, type Tx } from '@/db/client';
import { caseComments, cases, contacts, customers, users } from '@/db/schema';
import type { Result } from '@/lib/action-state';
import { audit, auditMany } from '@/lib/audit/audit';
import { can, PERMISSIONS, type Viewer } from '@/lib/auth/permissions';
import { liveCustomer } from '@/lib/customers/visibility';
import { prepareQueue } from '@/lib/jobs/queues';
import { mailSendJob, queueCaseMail } from '@/lib/mail/outbound';
import { pickCaseAssignee } from './assignment';
import {
  type BulkAssignCasesInput,
  type BulkCaseStatusInput,
  type CaseAssigneeInput,
  type CaseCommentInput,
  type CasePriorityInput,
  type CaseStatus,
  type CaseStatusInput,
  type CreateCaseInput,
  canMove,
} from './case-schemas';
import { issueCsatSurvey } from './csat';
import { recordServiceTimes } from './service-times';
import { refreshCaseSla, refreshCasesSla } from './sla';
import { canEditCase, editableCases, visibleCases } from './visibility';

// Writes on cases: create, comment, status, priority, assignee, and the bulk forms. Each in one
// transaction with its audit rows; single-case changes are version-checked (optimistic locking).

/** Roles that may be given cases: those who may work them. */
export const CASE_ASSIGNEE_ROLES = [...PERMISSIONS['cases:write']];

async function assigneeIsActive(tx: Tx, assigneeId: string | null): Promise<boolean> {
  if (!assigneeId) return true;
  const [row] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, assigneeId), eq(users.active, true), inArray(users.role, CASE_ASSIGNEE_ROLES)))
    .limit(1);
  return Boolean(row);
}

type CreateResult = Result<
  { id: string; number: number; assigneeId: string | null },
  'forbidden' | 'notFound' | 'contactNotOfCustomer' | 'assigneeInactive'
>;

/**
 * Opens a case on a live customer (and optionally one of its contacts). Managers and admins may
 * give it to anyone; an agent's case is theirs or goes to the queue. Without an assignee the
 * company's assignment rule picks one (lib/service/assignment.ts). SLA due times are computed here.
 */
export async function createCase(viewer: Viewer, input: CreateCaseInput): Promise<CreateResult> {
  if (!can(viewer, 'cases:write')) return { ok: false, reason: 'forbidden' };
  if (input.assigneeId && input.assigneeId !== viewer.userId && !can(viewer, 'cases:reassign'))
    return { ok: false, reason: 'forbidden' };
  return db.transaction((tx) => openCase(tx, viewer, input));
}

/**
 * A case opened by a customer's message (inbound email, a web form): no staff viewer, the
 * assignment rule picks the assignee, the audit row has no actor. For the mail listener. Runs
 * `inTransaction` (e.g. store the message's headers and attachments) in the same transaction.
 */
export async function createCaseFromMessage(
  input: Omit<CreateCaseInput, 'assigneeId'>,
  options: { inTransaction?: (tx: Tx, created: { id: string; number: number }) => Promise<void> } = {},
): Promise<CreateResult> {
  return db.transaction(async (tx) => {
    const result = await openCase(tx, null, { ...input, assigneeId: null });
    if (result.ok) await options.inTransaction?.(tx, { id: result.id, number: result.number });
    return result;
  });
}

/** The insert behind both: customer and contact checked, assignee given or picked by the rule, SLA, audit. */
async function openCase(tx: Tx, actor: Viewer | null, input: CreateCaseInput): Promise<CreateResult> {
  const [customer] = await tx
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.id, input.customerId), liveCustomer()))
    .limit(1);
  if (!customer) return { ok: false, reason: 'notFound' };
  if (input.contactId) {
    const [contact] = await tx
      .select({ id: contacts.id })
      .from(contacts)
      .where(and(eq(contacts.id, input.contactId), eq(contacts.customerId, customer.id), isNull(contacts.deletedAt)))
      .limit(1);
    if (!contact) return { ok: false, reason: 'contactNotOfCustomer' };
  }
  if (!(await assigneeIsActive(tx, input.assigneeId))) return { ok: false, reason: 'assigneeInactive' };
  const pick = input.assigneeId
    ? null
    : await pickCaseAssignee(tx, { customerId: customer.id, contactId: input.contactId });
  const assigneeId = input.assigneeId ?? pick?.assigneeId ?? null;
  const [created] = await tx
    .insert(cases)
    .values({
      customerId: customer.id,
      contactId: input.contactId,
      subject: input.subject,
      description: input.description,
      priority: input.priority,
      channel: input.channel,
      assigneeId,
      status: 'new',
    })
    .returning({ id: cases.id, number: cases.number });
  await refreshCaseSla(tx, created.id);
  await audit(tx, actor, {
    action: 'create',
    entity: 'case',
    entityId: created.id,
    diff: {
      subject: input.subject,
      customerId: customer.id,
      priority: input.priority,
      channel: input.channel,
      assigneeId,
      ...(pick ? { rule: pick.mode, language: pick.language } : {}),
    },
  });
  return { ok: true, id: created.id, number: created.number, assigneeId };
}

/** What a comment write hands to a hook running in its transaction (the mail helper's outbox). */
export type CommentWritten = {
  id: string;
  caseId: string;
  caseNumber: number;
  isPublic: boolean;
  body: string;
  authorId: string | null;
};

export type CommentOptions = {
  /**
   * Runs inside the comment's transaction after the insert: e.g. queue the reply's email in an
   * outbox table, so the comment and its mail commit (or roll back) together. Throwing aborts both.
   */
  inTransaction?: (tx: Tx, comment: CommentWritten) => Promise<void>;
};

type CommentResult = Result<{ id: string; caseId: string; isPublic: boolean }, 'forbidden' | 'notFound'>;

/**
 * Adds a public reply or an internal note to a case the viewer may change. The first public reply
 * by staff is the case's first response; a reply on a new case opens it. Sends nothing: mail for
 * public replies is the caller's (see `options.inTransaction`).
 */
export async function addCaseComment(
  viewer: Viewer,
  input: CaseCommentInput,
  options: CommentOptions = {},
): Promise<CommentResult> {
  if (!can(viewer, 'cases:write')) return { ok: false, reason: 'forbidden' };
  await prepareQueue(mailSendJob); // mail is queued inside the transaction below
  return db.transaction(async (tx): Promise<CommentResult> => {
    const [before] = await tx
      .select({
        id: cases.id,
        number: cases.number,
        assigneeId: cases.assigneeId,
        status: cases.status,
        firstRespondedAt: cases.firstRespondedAt,
      })
      .from(cases)
      .where(and(eq(cases.id, input.caseId), visibleCases(viewer)))
      .for('update');
    if (!before) return { ok: false, reason: 'notFound' };
    if (!canEditCase(viewer, before)) return { ok: false, reason: 'forbidden' };
    const isPublic = input.kind === 'reply';
    const [comment] = await tx
      .insert(caseComments)
      .values({ caseId: before.id, authorId: viewer.userId, body: input.body, isPublic })
      .returning({ id: caseComments.id });
    const changes: { firstRespondedAt?: SQL; status?: CaseStatus } = {};
    if (isPublic && !before.firstRespondedAt) changes.firstRespondedAt = sql`now()`;
    if (isPublic && before.status === 'new') changes.status = 'open';
    if (Object.keys(changes).length) {
      await tx
        .update(cases)
        .set({ ...changes, updatedAt: sql`now()`, version: sql`${cases.version} + 1` })
        .where(eq(cases.id, before.id));
      if (changes.status) await refreshCaseSla(tx, before.id);
      if (changes.firstRespondedAt) await recordServiceTimes(tx, [before.id]);
    }
    await audit(tx, viewer, {
      action: isPublic ? 'reply' : 'note',
      entity: 'case_comment',
      entityId: comment.id,
      diff: {
        caseId: before.id,
        ...(changes.status ? { status: [before.status, changes.status] } : {}),
        ...(changes.firstRespondedAt ? { firstResponse: true } : {}),
      },
    });
    await options.inTransaction?.(tx, {
      id: comment.id,
      caseId: before.id,
      caseNumber: before.number,
      isPublic,
      body: input.body,
      authorId: viewer.userId,
    });
    return { ok: true, id: comment.id, caseId: before.id, isPublic };
  });
}

/**
 * A message from the customer on an existing case (inbound email): a public comment without a
 * staff author. A case waiting on the customer (pending) or done (resolved, closed) opens again;
 * reopening counts. No viewer: the mail listener is the system. Returns null for an unknown case.
 */
export async function recordCustomerReply(
  input: { caseId: string; body: string },
  options: CommentOptions = {},
): Promise<{ id: string; reopened: boolean } | null> {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ id: cases.id, number: cases.number, status: cases.status })
      .from(cases)
      .where(eq(cases.id, input.caseId))
      .for('update');
    if (!before) return null;
    const [comment] = await tx
      .insert(caseComments)
      .values({ caseId: before.id, authorId: null, body: input.body, isPublic: true })
      .returning({ id: caseComments.id });
    const reopened = before.status === 'resolved' || before.status === 'closed';
    if (reopened || before.status === 'pending') {
      await tx
        .update(cases)
        .set({ ...statusChanges(before.status, 'open'), updatedAt: sql`now()`, version: sql`${cases.version} + 1` })
        .where(eq(cases.id, before.id));
      await refreshCaseSla(tx, before.id);
    }
    await audit(tx, null, {
      action: 'customerReply',
      entity: 'case_comment',
      entityId: comment.id,
      diff: {
        caseId: before.id,
        ...(before.status !== 'open' && before.status !== 'new' ? { status: [before.status, 'open'] } : {}),
      },
    });
    await options.inTransaction?.(tx, {
      id: comment.id,
      caseId: before.id,
      caseNumber: before.number,
      isPublic: true,
      body: input.body,
      authorId: null,
    });
    return { id: comment.id, reopened };
  });
}

/** Back to work from resolved or closed. */
function isReopen(from: CaseStatus, to: CaseStatus): boolean {
  return to === 'open' && (from === 'resolved' || from === 'closed');
}

/** The columns a status move sets besides the status: resolution and closing times, reopen count. */
function statusChanges(from: CaseStatus, to: CaseStatus) {
  if (to === 'resolved') return { status: to, resolvedAt: sql`now()`, closedAt: null };
  if (to === 'closed') return { status: to, closedAt: sql`now()` };
  if (isReopen(from, to))
    return { status: to, resolvedAt: null, closedAt: null, reopenedCount: sql`${cases.reopenedCount} + 1` };
  return { status: to };
}

type CaseRow = { id: string; assigneeId: string | null; status: CaseStatus; priority: string; version: number };
type UpdateResult<R extends 'forbidden' | 'notFound' | 'stale' | 'statusMove' | 'assigneeInactive'> = Result<
  { id: string; version: number },
  R
>;

/** Locks a visible case for a single-case change and checks who may change it and the version read. */
async function lockForChange(
  tx: Tx,
  viewer: Viewer,
  ref: { id: string; version: number },
  mayChange: (row: CaseRow) => boolean = (row) => canEditCase(viewer, row),
): Promise<{ ok: true; row: CaseRow } | { ok: false; reason: 'forbidden' | 'notFound' | 'stale' }> {
  const [row] = await tx
    .select({
      id: cases.id,
      assigneeId: cases.assigneeId,
      status: cases.status,
      priority: cases.priority,
      version: cases.version,
    })
    .from(cases)
    .where(and(eq(cases.id, ref.id), visibleCases(viewer)))
    .for('update');
  if (!row) return { ok: false, reason: 'notFound' };
  if (!mayChange(row)) return { ok: false, reason: 'forbidden' };
  if (row.version !== ref.version) return { ok: false, reason: 'stale' };
  return { ok: true, row };
}

async function bump(tx: Tx, ref: { id: string; version: number }, set: Record<string, unknown>): Promise<number> {
  const [updated] = await tx
    .update(cases)
    .set({ ...set, updatedAt: sql`now()`, version: sql`${cases.version} + 1` })
    .where(and(eq(cases.id, ref.id), eq(cases.version, ref.version)))
    .returning({ version: cases.version });
  return updated.version;
}

/** Moves a case along the workflow (new → open → pending → resolved → closed; reopen to open). */
export async function changeCaseStatus(
  viewer: Viewer,
  input: CaseStatusInput,
): Promise<UpdateResult<'forbidden' | 'notFound' | 'stale' | 'statusMove'>> {
  if (!can(viewer, 'cases:write')) return { ok: false, reason: 'forbidden' };
  await prepareQueue(mailSendJob); // mail is queued inside the transaction below
  return db.transaction(async (tx) => {
    const locked = await lockForChange(tx, viewer, input);
    if (!locked.ok) return locked;
    const { row } = locked;
    if (!canMove(row.status, input.status)) return { ok: false, reason: 'statusMove' } as const;
    const version = await bump(tx, input, statusChanges(row.status, input.status));
    await refreshCaseSla(tx, row.id);
    if (input.status === 'resolved') await afterResolved(tx, [row.id]);
    const reopen = isReopen(row.status, input.status);
    await audit(tx, viewer, {
      action: reopen ? 'reopen' : 'status',
      entity: 'case',
      entityId: row.id,
      diff: { status: [row.status, input.status] },
    });
    return { ok: true, id: row.id, version } as const;
  });
}

/** Changes a case's priority; its SLA due times follow. */
export async function changeCasePriority(
  viewer: Viewer,
  input: CasePriorityInput,
): Promise<UpdateResult<'forbidden' | 'notFound' | 'stale'>> {
  if (!can(viewer, 'cases:write')) return { ok: false, reason: 'forbidden' };
  return db.transaction(async (tx) => {
    const locked = await lockForChange(tx, viewer, input);
    if (!locked.ok) return locked;
    const { row } = locked;
    if (row.priority === input.priority) return { ok: true, id: row.id, version: row.version } as const;
    const version = await bump(tx, input, { priority: input.priority });
    await refreshCaseSla(tx, row.id);
    await audit(tx, viewer, {
      action: 'priority',
      entity: 'case',
      entityId: row.id,
      diff: { priority: [row.priority, input.priority] },
    });
    return { ok: true, id: row.id, version } as const;
  });
}

/**
 * Gives a case to someone (or back to the unassigned queue). Managers and admins: any case, any
 * active agent, manager or admin. An agent only takes an unassigned case for themselves.
 */
export async function changeCaseAssignee(
  viewer: Viewer,
  input: CaseAssigneeInput,
): Promise<UpdateResult<'forbidden' | 'notFound' | 'stale' | 'assigneeInactive'>> {
  if (!can(viewer, 'cases:write')) return { ok: false, reason: 'forbidden' };
  const manages = can(viewer, 'cases:reassign');
  if (!manages && input.assigneeId !== viewer.userId) return { ok: false, reason: 'forbidden' };
  return db.transaction(async (tx) => {
    const locked = await lockForChange(tx, viewer, input, (row) => manages || row.assigneeId === null);
    if (!locked.ok) return locked;
    const { row } = locked;
    if (row.assigneeId === input.assigneeId) return { ok: true, id: row.id, version: row.version } as const;
    if (!(await assigneeIsActive(tx, input.assigneeId))) return { ok: false, reason: 'assigneeInactive' } as const;
    const version = await bump(tx, input, { assigneeId: input.assigneeId });
    await audit(tx, viewer, {
      action: 'assign',
      entity: 'case',
      entityId: row.id,
      diff: { assigneeId: [row.assigneeId, input.assigneeId] },
    });
    return { ok: true, id: row.id, version } as const;
  });
}

/**
 * Assigns the selected cases. Managers and admins: to anyone active (or nobody). An agent only
 * takes unassigned cases for themselves: naming anyone else is refused, and cases that are not
 * unassigned (or not visible) are left alone. Returns how many changed.
 */
export async function bulkAssignCases(
  viewer: Viewer,
  input: BulkAssignCasesInput,
): Promise<Result<{ changed: number }, 'forbidden' | 'assigneeInactive'>> {
  if (!can(viewer, 'cases:write')) return { ok: false, reason: 'forbidden' };
  const manages = can(viewer, 'cases:reassign');
  if (!manages && input.assigneeId !== viewer.userId) return { ok: false, reason: 'forbidden' };
  return db.transaction(async (tx) => {
    if (!(await assigneeIsActive(tx, input.assigneeId))) return { ok: false, reason: 'assigneeInactive' } as const;
    const before = await tx
      .select({ id: cases.id, assigneeId: cases.assigneeId })
      .from(cases)
      .where(
        and(
          inArray(cases.id, input.ids),
          visibleCases(viewer),
          manages ? sql`true` : isNull(cases.assigneeId),
          sql`${cases.assigneeId} is distinct from ${input.assigneeId}`,
        ),
      )
      .for('update');
    if (before.length === 0) return { ok: true, changed: 0 } as const;
    await tx
      .update(cases)
      .set({ assigneeId: input.assigneeId, updatedAt: sql`now()`, version: sql`${cases.version} + 1` })
      .where(
        inArray(
          cases.id,
          before.map((c) => c.id),
        ),
      );
    await auditMany(
      tx,
      viewer,
      before.map((c) => ({
        action: 'assign',
        entity: 'case',
        entityId: c.id,
        diff: { assigneeId: [c.assigneeId, input.assigneeId], bulk: true },
      })),
    );
    return { ok: true, changed: before.length } as const;
  });
}

/**
 * Moves the selected cases to a status (managers and admins). Cases whose status cannot move
 * there by the workflow are left alone. Returns how many changed.
 */
export async function bulkChangeCaseStatus(
  viewer: Viewer,
  input: BulkCaseStatusInput,
): Promise<Result<{ changed: number }, 'forbidden'>> {
  if (!can(viewer, 'cases:reassign')) return { ok: false, reason: 'forbidden' };
  await prepareQueue(mailSendJob); // mail is queued inside the transaction below
  return db.transaction(async (tx) => {
    const found = await tx
      .select({ id: cases.id, status: cases.status })
      .from(cases)
      .where(and(inArray(cases.id, input.ids), visibleCases(viewer), editableCases(viewer)))
      .for('update');
    const movable = found.filter((c) => canMove(c.status, input.status));
    // One UPDATE per source status (at most five): each sets that move's columns.
    const byStatus = new Map<CaseStatus, typeof movable>();
    for (const c of movable) byStatus.set(c.status, [...(byStatus.get(c.status) ?? []), c]);
    for (const [from, list] of byStatus) {
      await tx
        .update(cases)
        .set({ ...statusChanges(from, input.status), updatedAt: sql`now()`, version: sql`${cases.version} + 1` })
        .where(
          inArray(
            cases.id,
            list.map((c) => c.id),
          ),
        );
    }
    await refreshCasesSla(
      tx,
      movable.map((c) => c.id),
    );
    if (input.status === 'resolved')
      await afterResolved(
        tx,
        movable.map((c) => c.id),
      );
    await auditMany(
      tx,
      viewer,
      movable.map((c) => ({
        action: isReopen(c.status, input.status) ? 'reopen' : 'status',
        entity: 'case',
        entityId: c.id,
        diff: { status: [c.status, input.status], bulk: true },
      })),
    );
    return { ok: true, changed: movable.length } as const;
  });
}

/**
 * A case just resolved: its first-response and resolution times in business minutes (the service
 * dashboard's medians), and the satisfaction survey emailed to the customer, in the same transaction.
 */
async function afterResolved(tx: Tx, caseIds: string[]): Promise<void> {
  await recordServiceTimes(tx, caseIds);
  for (const caseId of caseIds) {
    const survey = await issueCsatSurvey(tx, caseId);
    if (survey) await queueCaseMail(tx, { caseId, text: survey.text, subject: survey.subject });
  }
}
