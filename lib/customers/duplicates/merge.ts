import 'server-only';
import { type AnyColumn, and, asc, eq, inArray, or, type SQLWrapper, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { db, type Tx } from '@/db/client';
import { fromTable, rows } from '@/db/rows';
import {
  activities,
  campaignMembers,
  cases,
  contacts,
  customerScores,
  customers,
  deals,
  duplicateCandidates,
  leads,
  orders,
  quotes,
} from '@/db/schema';
import type { Result } from '@/lib/action-state';
import { audit, changedFields } from '@/lib/audit/audit';
import { can, type Viewer } from '@/lib/auth/permissions';
import { mergedConsent } from '../consent';
import { canEditCustomer, isLiveCustomer } from '../visibility';
import { completeChoices, MERGE_FIELDS, type MergeField, type Related } from './merge-rules';
import type { MergeInput } from './schemas';

export type MovedCounts = Record<Related, number>;
export type MergeResult = Result<
  {
    survivorId: string;
    loserId: string;
    moved: MovedCounts;
    removed: { campaignMembers: number; customerScores: number; duplicatePairs: number };
  },
  'forbidden' | 'notFound' | 'stale' | 'sameRecord'
>;

type CustomerRecord = typeof customers.$inferSelect;

/** The columns each chosen field carries over. Consent travels as a group (see MERGE_FIELDS). */
const COLUMNS: Record<MergeField, (keyof CustomerRecord)[]> = {
  ...(Object.fromEntries(MERGE_FIELDS.map((f) => [f, [f]])) as Record<MergeField, (keyof CustomerRecord)[]>),
  emailConsent: ['emailConsent', 'consentAt', 'consentSource', 'unsubscribedAt'],
};

/** Runs a data-modifying statement and returns how many rows it touched (same on both drivers). */
async function affected(tx: Tx, statement: SQLWrapper): Promise<number> {
  const [{ n }] = await rows<{ n: number }>(
    tx,
    sql`with m as (${statement.getSQL()} returning 1) select count(*)::int as n from m`,
  );
  return n;
}

/**
 * Merges customer `loser` into `survivor` in one transaction. Both rows are locked in id order
 * (so two merges touching the same pair cannot deadlock), must be live, editable by the viewer,
 * and at the versions the viewer saw. The survivor takes the chosen values and the union of tags;
 * every related row moves with one UPDATE per table; the loser is soft-deleted and points at the
 * survivor (merged_into_id). One audit row records the choices and the moved counts.
 */
export async function mergeCustomers(viewer: Viewer, input: MergeInput): Promise<MergeResult> {
  if (!can(viewer, 'customers:merge')) return { ok: false, reason: 'forbidden' };
  if (input.a === input.b) return { ok: false, reason: 'sameRecord' };
  return db.transaction(async (tx) => {
    const locked = await tx
      .select()
      .from(customers)
      .where(inArray(customers.id, [input.a, input.b]))
      .orderBy(asc(customers.id))
      .for('update');
    const rowA = locked.find((r) => r.id === input.a);
    const rowB = locked.find((r) => r.id === input.b);
    if (!rowA || !rowB || !isLiveCustomer(rowA) || !isLiveCustomer(rowB))
      return { ok: false, reason: 'notFound' } as const;
    if (!canEditCustomer(viewer, rowA) || !canEditCustomer(viewer, rowB))
      return { ok: false, reason: 'forbidden' } as const;
    if (rowA.version !== input.aVersion || rowB.version !== input.bVersion)
      return { ok: false, reason: 'stale' } as const;

    const [survivor, loser] = input.survivor === 'a' ? [rowA, rowB] : [rowB, rowA];
    const choices = completeChoices(input);
    const fromLoser = MERGE_FIELDS.filter((f) => choices[f] !== input.survivor);
    const next: Partial<CustomerRecord> = {};
    for (const field of fromLoser)
      for (const column of COLUMNS[field]) Object.assign(next, { [column]: loser[column] });
    // Whatever side was chosen, consent is the most restrictive of the two (lib/customers/consent.ts):
    // a merge never re-subscribes anyone. Choosing a side without consent may still switch it off.
    const consentSide = choices.emailConsent === input.survivor ? survivor : loser;
    Object.assign(next, mergedConsent(survivor, loser, consentSide.emailConsent));
    const tags = [...new Set([...survivor.tags, ...loser.tags])];
    if (tags.length !== survivor.tags.length) next.tags = tags;

    // external_id is unique: the loser gives its key up before the survivor takes it.
    if (fromLoser.includes('externalId') && loser.externalId !== null) {
      await tx.update(customers).set({ externalId: null }).where(eq(customers.id, loser.id));
    }
    await tx
      .update(customers)
      .set({ ...next, updatedAt: sql`now()`, version: sql`${customers.version} + 1` })
      .where(eq(customers.id, survivor.id));

    const moved = await moveRelated(tx, survivor.id, loser.id);
    await tx
      .update(customers)
      .set({
        deletedAt: sql`now()`,
        mergedIntoId: survivor.id,
        updatedAt: sql`now()`,
        version: sql`${customers.version} + 1`,
      })
      .where(eq(customers.id, loser.id));

    const diff = changedFields(survivor as Record<string, unknown>, next as Record<string, unknown>);
    await audit(tx, viewer, {
      action: 'merge',
      entity: 'customer',
      entityId: survivor.id,
      diff: {
        loserId: loser.id,
        loserName: loser.name,
        fromLoser,
        changed: diff,
        moved: moved.moved,
        removed: moved.removed,
        repointedMerges: moved.repointed,
      },
    });
    return {
      ok: true,
      survivorId: survivor.id,
      loserId: loser.id,
      moved: moved.moved,
      removed: moved.removed,
    } as const;
  });
}

/**
 * Moves every row that belongs to `loser` over to `survivor`: one statement per table, no per-row
 * work. Runs inside the merge transaction, after both customer rows are locked.
 */
async function moveRelated(tx: Tx, survivor: string, loser: string) {
  const bump = (table: { version: AnyColumn }) => ({ updatedAt: sql`now()`, version: sql`${table.version} + 1` });
  // campaign_members is unique on (campaign_id, customer_id): where both were members of the same
  // campaign, the survivor's membership (and its send/open history) is the one that stays.
  const survivorMember = alias(campaignMembers, 'survivor_member');
  const duplicateMembers = await affected(
    tx,
    tx.delete(campaignMembers).where(
      and(
        eq(campaignMembers.customerId, loser),
        sql`exists (select 1 from ${fromTable(survivorMember)}
          where ${survivorMember.customerId} = ${survivor} and ${survivorMember.campaignId} = ${campaignMembers.campaignId})`,
      ),
    ),
  );
  // A contact that was the loser's primary stays primary only if the survivor has no live primary.
  const survivorContact = alias(contacts, 'survivor_contact');
  const moved: MovedCounts = {
    contacts: await affected(
      tx,
      tx
        .update(contacts)
        .set({
          customerId: survivor,
          ...bump(contacts),
          isPrimary: sql`${contacts.isPrimary} and not exists (select 1 from ${fromTable(survivorContact)}
            where ${survivorContact.customerId} = ${survivor} and ${survivorContact.isPrimary} and ${survivorContact.deletedAt} is null)`,
        })
        .where(eq(contacts.customerId, loser)),
    ),
    activities: await affected(
      tx,
      tx
        .update(activities)
        .set({ customerId: survivor, ...bump(activities) })
        .where(eq(activities.customerId, loser)),
    ),
    orders: await affected(tx, tx.update(orders).set({ customerId: survivor }).where(eq(orders.customerId, loser))),
    deals: await affected(
      tx,
      tx
        .update(deals)
        .set({ customerId: survivor, ...bump(deals) })
        .where(eq(deals.customerId, loser)),
    ),
    cases: await affected(
      tx,
      tx
        .update(cases)
        .set({ customerId: survivor, ...bump(cases) })
        .where(eq(cases.customerId, loser)),
    ),
    quotes: await affected(
      tx,
      tx
        .update(quotes)
        .set({ customerId: survivor, ...bump(quotes) })
        .where(eq(quotes.customerId, loser)),
    ),
    leads: await affected(
      tx,
      tx
        .update(leads)
        .set({ convertedCustomerId: survivor, ...bump(leads) })
        .where(eq(leads.convertedCustomerId, loser)),
    ),
    campaignMembers: await affected(
      tx,
      tx.update(campaignMembers).set({ customerId: survivor }).where(eq(campaignMembers.customerId, loser)),
    ),
  };
  // Scores are per customer and run; the next analytics run scores the merged customer afresh.
  const customerScoresRemoved = await affected(
    tx,
    tx.delete(customerScores).where(eq(customerScores.customerId, loser)),
  );
  // The loser's duplicate pairs go with it (the survivor's stay until the next scan re-scores them).
  const pairsRemoved = await affected(
    tx,
    tx
      .delete(duplicateCandidates)
      .where(or(eq(duplicateCandidates.customerA, loser), eq(duplicateCandidates.customerB, loser))),
  );
  // Customers merged into the loser earlier now point straight at the survivor: no chains.
  const repointed = await affected(
    tx,
    tx.update(customers).set({ mergedIntoId: survivor }).where(eq(customers.mergedIntoId, loser)),
  );
  return {
    moved,
    removed: { campaignMembers: duplicateMembers, customerScores: customerScoresRemoved, duplicatePairs: pairsRemoved },
    repointed,
  };
}
