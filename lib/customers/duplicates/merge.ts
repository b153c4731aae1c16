import 'server-only';
import { asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { db, type Tx } from '@/db/client';
import { rows } from '@/db/rows';
import { customers } from '@/db/schema';
import type { Result } from '@/lib/action-state';
import { audit, changedFields } from '@/lib/audit/audit';
import { can, type Viewer } from '@/lib/auth/permissions';
import { canEditCustomer } from '../visibility';
import { completeChoices, MERGE_FIELDS, type MergeField, type Related } from './merge-rules';
import type { MergeInput } from './schemas';

export type MovedCounts = Record<Related, number>;
export type MergeResult = Result<
  {
    survivorId: string;
    loserId: string;
    moved: MovedCounts;
    removed: { campaignMembers: number; customerScores: number };
  },
  'forbidden' | 'notFound' | 'stale' | 'sameRecord'
>;

type CustomerRecord = typeof customers.$inferSelect;

/** The columns each chosen field carries over. Consent travels as a group (see MERGE_FIELDS). */
const COLUMNS: Record<MergeField, (keyof CustomerRecord)[]> = {
  ...(Object.fromEntries(MERGE_FIELDS.map((f) => [f, [f]])) as Record<MergeField, (keyof CustomerRecord)[]>),
  emailConsent: ['emailConsent', 'consentAt', 'unsubscribedAt'],
};

/** Runs a data-modifying statement and returns how many rows it touched (same on both drivers). */
async function affected(tx: Tx, statement: SQL): Promise<number> {
  const [{ n }] = await rows<{ n: number }>(
    tx,
    sql`with m as (${statement} returning 1) select count(*)::int as n from m`,
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
    if (!rowA || !rowB || rowA.deletedAt || rowB.deletedAt) return { ok: false, reason: 'notFound' } as const;
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
  const bump = sql`updated_at = now(), version = version + 1`;
  // A contact that was the loser's primary stays primary only if the survivor has no live primary.
  const contacts = await affected(
    tx,
    sql`update contacts set customer_id = ${survivor}, ${bump},
          is_primary = is_primary and not exists (select 1 from contacts s where s.customer_id = ${survivor} and s.is_primary and s.deleted_at is null)
        where customer_id = ${loser}`,
  );
  const activities = await affected(
    tx,
    sql`update activities set customer_id = ${survivor}, ${bump} where customer_id = ${loser}`,
  );
  const orders = await affected(tx, sql`update orders set customer_id = ${survivor} where customer_id = ${loser}`);
  const deals = await affected(
    tx,
    sql`update deals set customer_id = ${survivor}, ${bump} where customer_id = ${loser}`,
  );
  const cases = await affected(
    tx,
    sql`update cases set customer_id = ${survivor}, ${bump} where customer_id = ${loser}`,
  );
  const quotes = await affected(
    tx,
    sql`update quotes set customer_id = ${survivor}, ${bump} where customer_id = ${loser}`,
  );
  const leads = await affected(
    tx,
    sql`update leads set converted_customer_id = ${survivor}, ${bump} where converted_customer_id = ${loser}`,
  );
  // campaign_members is unique on (campaign_id, customer_id): where both were members of the same
  // campaign, the survivor's membership (and its send/open history) is the one that stays.
  const duplicateMembers = await affected(
    tx,
    sql`delete from campaign_members l where l.customer_id = ${loser}
          and exists (select 1 from campaign_members s where s.customer_id = ${survivor} and s.campaign_id = l.campaign_id)`,
  );
  const campaignMembers = await affected(
    tx,
    sql`update campaign_members set customer_id = ${survivor} where customer_id = ${loser}`,
  );
  // Scores are per customer and run; the next analytics run scores the merged customer afresh.
  const customerScores = await affected(tx, sql`delete from customer_scores where customer_id = ${loser}`);
  // Customers merged into the loser earlier now point straight at the survivor: no chains.
  const repointed = await affected(
    tx,
    sql`update customers set merged_into_id = ${survivor} where merged_into_id = ${loser}`,
  );
  return {
    moved: { contacts, activities, orders, deals, cases, quotes, leads, campaignMembers } satisfies MovedCounts,
    removed: { campaignMembers: duplicateMembers, customerScores },
    repointed,
  };
}
