import 'server-only';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { db, type Tx } from '@/db/client';
import { rows } from '@/db/rows';
import { activities, contacts, customers, dealStageHistory, deals, pipelineStages, quotes, users } from '@/db/schema';
import type { Result } from '@/lib/action-state';
import { audit, changedFields, reassignOwners } from '@/lib/audit/audit';
import { can, PERMISSIONS, type Viewer } from '@/lib/auth/permissions';
import { liveCustomer } from '@/lib/customers/visibility';
import { canEditDeal, editableDeals, visibleDeals } from '@/lib/sales/visibility';
import { getSettings } from '@/lib/settings/settings';
import { STAGE_MOVE_LOCK } from './board';
import type { CreateDealInput, DealActivityInput, UpdateDealInput } from './deal-schemas';

// Writes on deals outside the board: create, edit (version-checked), bulk reassign, log an activity.
// Each in one transaction with its audit row.

/**
 * A deal's open quotes (draft or sent) follow its owner: the new owner finds them under their name,
 * and the order an acceptance makes is theirs. Decided quotes keep the owner they were decided by.
 */
async function moveOpenQuotes(tx: Tx, dealIds: string[], ownerId: string | null): Promise<void> {
  if (dealIds.length === 0) return;
  await tx
    .update(quotes)
    .set({ ownerId, updatedAt: sql`now()` })
    .where(and(inArray(quotes.dealId, dealIds), inArray(quotes.status, ['draft', 'sent'])));
}

/** Roles that may own deals: those who may write deals (what they own is what they work on). */
export const DEAL_OWNER_ROLES = [...PERMISSIONS['deals:write']];

async function ownerIsActive(tx: Tx, ownerId: string | null): Promise<boolean> {
  if (!ownerId) return true;
  const [row] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, ownerId), eq(users.active, true), inArray(users.role, DEAL_OWNER_ROLES)))
    .limit(1);
  return Boolean(row);
}

async function contactOfCustomer(tx: Tx, contactId: string | null, customerId: string): Promise<boolean> {
  if (!contactId) return true;
  const [row] = await tx
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(eq(contacts.id, contactId), eq(contacts.customerId, customerId), isNull(contacts.deletedAt)))
    .limit(1);
  return Boolean(row);
}

type CreateResult = Result<{ id: string }, 'forbidden' | 'notFound' | 'ownerInactive' | 'contactNotOfCustomer'>;

/**
 * Creates a deal on a live customer in an open stage (the first one unless given), at the end of
 * that board column. A rep's deal is their own; managers and admins may name another owner. The
 * stage's move lock is taken as a board move takes it, so a stage being removed gets no new deal.
 */
export async function createDeal(viewer: Viewer, input: CreateDealInput): Promise<CreateResult> {
  if (!can(viewer, 'deals:write')) return { ok: false, reason: 'forbidden' };
  const ownerId = can(viewer, 'deals:reassign') ? (input.ownerId ?? viewer.userId) : viewer.userId;
  const { currency } = await getSettings();
  return db.transaction(async (tx): Promise<CreateResult> => {
    const [customer] = await tx
      .select({ id: customers.id })
      .from(customers)
      .where(and(eq(customers.id, input.customerId), liveCustomer()))
      .limit(1);
    if (!customer) return { ok: false, reason: 'notFound' };
    if (!(await contactOfCustomer(tx, input.contactId, customer.id)))
      return { ok: false, reason: 'contactNotOfCustomer' };
    if (!(await ownerIsActive(tx, ownerId))) return { ok: false, reason: 'ownerInactive' };
    const open = and(
      eq(pipelineStages.active, true),
      eq(pipelineStages.isWon, false),
      eq(pipelineStages.isLost, false),
    );
    const [first] = await tx
      .select({ id: pipelineStages.id })
      .from(pipelineStages)
      .where(input.stageId ? and(open, eq(pipelineStages.id, input.stageId)) : open)
      .orderBy(asc(pipelineStages.position))
      .limit(1);
    if (!first) return { ok: false, reason: 'notFound' };
    await tx.execute(sql`select pg_advisory_xact_lock(${STAGE_MOVE_LOCK}::int, hashtext(${first.id}))`);
    const [stage] = await tx
      .select({ id: pipelineStages.id })
      .from(pipelineStages)
      .where(and(open, eq(pipelineStages.id, first.id)));
    if (!stage) return { ok: false, reason: 'notFound' };
    const [{ p }] = await rows<{ p: number }>(
      tx,
      sql`select coalesce(max(${deals.position}), 0) + 1024 as p from ${deals}
          where ${deals.stageId} = ${stage.id} and ${deals.status} = 'open' and ${deals.deletedAt} is null`,
    );
    const [created] = await tx
      .insert(deals)
      .values({
        name: input.name,
        customerId: customer.id,
        contactId: input.contactId,
        ownerId,
        stageId: stage.id,
        amount: input.amount,
        currency,
        expectedCloseDate: input.expectedCloseDate,
        forecastCategory: input.forecastCategory,
        position: Number(p),
      })
      .returning({ id: deals.id });
    await tx.insert(dealStageHistory).values({ dealId: created.id, toStageId: stage.id, changedBy: viewer.userId });
    await audit(tx, viewer, {
      action: 'create',
      entity: 'deal',
      entityId: created.id,
      diff: { name: input.name, customerId: customer.id, stageId: stage.id, amount: input.amount, ownerId },
    });
    return { ok: true, id: created.id };
  });
}

type UpdateResult = Result<
  { id: string; version: number },
  'forbidden' | 'notFound' | 'stale' | 'ownerInactive' | 'contactNotOfCustomer'
>;

/**
 * Edits a deal the viewer may change, when nobody saved it since `version` was read. The owner
 * changes only for managers and admins (anyone else's submitted owner is ignored).
 */
export async function updateDeal(viewer: Viewer, input: UpdateDealInput): Promise<UpdateResult> {
  if (!can(viewer, 'deals:write')) return { ok: false, reason: 'forbidden' };
  return db.transaction(async (tx): Promise<UpdateResult> => {
    const [before] = await tx
      .select({
        name: deals.name,
        amount: deals.amount,
        expectedCloseDate: deals.expectedCloseDate,
        contactId: deals.contactId,
        ownerId: deals.ownerId,
        forecastCategory: deals.forecastCategory,
        customerId: deals.customerId,
        version: deals.version,
      })
      .from(deals)
      .where(and(eq(deals.id, input.id), visibleDeals(viewer)))
      .for('update');
    if (!before) return { ok: false, reason: 'notFound' };
    if (!canEditDeal(viewer, before)) return { ok: false, reason: 'forbidden' };
    if (before.version !== input.version) return { ok: false, reason: 'stale' };
    const ownerId = can(viewer, 'deals:reassign') ? input.ownerId : before.ownerId;
    if (ownerId !== before.ownerId && !(await ownerIsActive(tx, ownerId)))
      return { ok: false, reason: 'ownerInactive' };
    if (input.contactId !== before.contactId && !(await contactOfCustomer(tx, input.contactId, before.customerId)))
      return { ok: false, reason: 'contactNotOfCustomer' };
    const next = {
      name: input.name,
      // Compared as the database writes it (numeric(14,2) → "1200.00").
      amount: Number(input.amount).toFixed(2),
      expectedCloseDate: input.expectedCloseDate,
      contactId: input.contactId,
      ownerId,
      forecastCategory: input.forecastCategory,
    };
    const diff = changedFields({ ...before, amount: Number(before.amount).toFixed(2) }, next);
    if (Object.keys(diff).length === 0) return { ok: true, id: input.id, version: before.version };
    const [updated] = await tx
      .update(deals)
      .set({ ...next, updatedAt: sql`now()`, version: sql`${deals.version} + 1` })
      .where(and(eq(deals.id, input.id), eq(deals.version, input.version)))
      .returning({ version: deals.version });
    if (!updated) return { ok: false, reason: 'stale' };
    if (ownerId !== before.ownerId) await moveOpenQuotes(tx, [input.id], ownerId);
    await audit(tx, viewer, { action: 'update', entity: 'deal', entityId: input.id, diff });
    return { ok: true, id: input.id, version: updated.version };
  });
}

/** Gives the selected deals to another owner (managers and admins). Returns how many changed. */
export async function bulkReassignDeals(
  viewer: Viewer,
  ids: string[],
  ownerId: string,
): Promise<Result<{ changed: number }, 'forbidden' | 'ownerInactive'>> {
  if (!can(viewer, 'deals:reassign')) return { ok: false, reason: 'forbidden' };
  return db.transaction(async (tx) => {
    if (!(await ownerIsActive(tx, ownerId))) return { ok: false, reason: 'ownerInactive' } as const;
    const changed = await reassignOwners(
      tx,
      viewer,
      { table: deals, entity: 'deal' },
      ids,
      editableDeals(viewer),
      ownerId,
    );
    await moveOpenQuotes(tx, changed, ownerId);
    return { ok: true, changed: changed.length } as const;
  });
}

type ActivityResult = Result<{ id: string; customerId: string }, 'forbidden' | 'notFound'>;

/** Logs a call, email, meeting, note or task on a deal the viewer may change; it is theirs. */
export async function logDealActivity(viewer: Viewer, input: DealActivityInput): Promise<ActivityResult> {
  if (!can(viewer, 'deals:write') || !can(viewer, 'activities:write')) return { ok: false, reason: 'forbidden' };
  return db.transaction(async (tx): Promise<ActivityResult> => {
    const [deal] = await tx
      .select({ id: deals.id, ownerId: deals.ownerId, customerId: deals.customerId, contactId: deals.contactId })
      .from(deals)
      .innerJoin(customers, eq(customers.id, deals.customerId))
      .where(and(eq(deals.id, input.dealId), visibleDeals(viewer), liveCustomer()))
      .limit(1);
    if (!deal) return { ok: false, reason: 'notFound' };
    if (!canEditDeal(viewer, deal)) return { ok: false, reason: 'forbidden' };
    const isTask = input.type === 'task';
    const [created] = await tx
      .insert(activities)
      .values({
        type: input.type,
        subject: input.subject,
        body: input.body,
        customerId: deal.customerId,
        contactId: deal.contactId,
        dealId: deal.id,
        ownerId: viewer.userId,
        createdBy: viewer.userId,
        occurredAt: isTask ? new Date() : (input.occurredAt ?? new Date()),
        dueAt: isTask ? input.dueAt : null,
      })
      .returning({ id: activities.id });
    await audit(tx, viewer, {
      action: 'create',
      entity: 'activity',
      entityId: created.id,
      diff: { type: input.type, subject: input.subject, dealId: deal.id },
    });
    return { ok: true, id: created.id, customerId: deal.customerId };
  });
}
