import 'server-only';
import { type AnyColumn, and, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { db } from '@/db/client';
import { fromTable, rows } from '@/db/rows';
import {
  activities,
  campaignMembers,
  cases,
  contacts,
  customers,
  deals,
  leads,
  orders,
  quotes,
  users,
} from '@/db/schema';
import { can, type Viewer } from '@/lib/auth/permissions';
import { liveCustomer } from '../visibility';
import { MERGE_FIELDS, type MergeField, RELATED, type Related, type RelatedCounts } from './merge-rules';

export type { Related, RelatedCounts } from './merge-rules';

export type MergeSideDto = {
  id: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  ownerName: string | null;
  tags: string[];
  unsubscribedAt: Date | null;
  consentAt: Date | null;
  values: Record<MergeField, string | boolean | null>;
  counts: RelatedCounts;
};

const memberA = alias(campaignMembers, 'member_a');
const memberB = alias(campaignMembers, 'member_b');

/** The chosen-field columns, typed, for the select below. */
const fieldColumns = Object.fromEntries(MERGE_FIELDS.map((f) => [f, customers[f]])) as {
  [K in MergeField]: (typeof customers)[K];
};

/**
 * Both customers as the merge page shows them, with how many related rows each has (all rows,
 * soft-deleted ones included, since the merge moves them all). Null when the viewer may not merge,
 * the ids are the same, or either customer is missing or deleted.
 */
export type MergePreview = {
  a: MergeSideDto;
  b: MergeSideDto /** Campaigns both are members of: the merge keeps one membership each. */;
  sharedCampaigns: number;
};

export async function getMergePreview(viewer: Viewer, aId: string, bId: string): Promise<MergePreview | null> {
  if (!can(viewer, 'customers:merge') || aId === bId) return null;
  const ids = [aId, bId];
  const [found, counted, [shared]] = await Promise.all([
    db
      .select({
        id: customers.id,
        version: customers.version,
        createdAt: customers.createdAt,
        updatedAt: customers.updatedAt,
        ownerName: users.name,
        tags: customers.tags,
        unsubscribedAt: customers.unsubscribedAt,
        consentAt: customers.consentAt,
        ...fieldColumns,
      })
      .from(customers)
      .leftJoin(users, eq(users.id, customers.ownerId))
      .where(and(inArray(customers.id, ids), liveCustomer())),
    countRelated(ids),
    rows<{ n: number }>(
      db,
      sql`select count(*)::int as n from ${fromTable(memberA)} join ${fromTable(memberB)} on ${memberB.campaignId} = ${memberA.campaignId}
          where ${memberA.customerId} = ${aId} and ${memberB.customerId} = ${bId}`,
    ),
  ]);
  const side = (id: string): MergeSideDto | null => {
    const row = found.find((r) => r.id === id);
    if (!row) return null;
    const { ownerName, tags, version, createdAt, updatedAt, unsubscribedAt, consentAt } = row;
    const values = Object.fromEntries(MERGE_FIELDS.map((f) => [f, row[f]])) as MergeSideDto['values'];
    return {
      id,
      version,
      createdAt,
      updatedAt,
      ownerName,
      tags,
      unsubscribedAt,
      consentAt,
      values,
      counts: counted.get(id) ?? emptyCounts(),
    };
  };
  const a = side(aId);
  const b = side(bId);
  return a && b ? { a, b, sharedCampaigns: shared.n } : null;
}

const emptyCounts = (): RelatedCounts => Object.fromEntries(RELATED.map((r) => [r, 0])) as RelatedCounts;

/** The customer-id column of each table a merge moves rows of. */
const RELATED_COLUMN: Record<Related, AnyColumn> = {
  contacts: contacts.customerId,
  activities: activities.customerId,
  orders: orders.customerId,
  deals: deals.customerId,
  cases: cases.customerId,
  quotes: quotes.customerId,
  leads: leads.convertedCustomerId,
  campaignMembers: campaignMembers.customerId,
};

/** Related-row counts for a few customers in one statement (each subquery uses its table's customer index). */
export async function countRelated(ids: string[]): Promise<Map<string, RelatedCounts>> {
  const counts = RELATED.map((related) => {
    const column = RELATED_COLUMN[related];
    return sql`(select count(*) from ${column.table} where ${column} = ${customers.id})::int as ${sql.identifier(related)}`;
  });
  const found = await rows<{ id: string } & RelatedCounts>(
    db,
    sql`select ${customers.id}, ${sql.join(counts, sql`, `)}
        from ${customers} where ${inArray(customers.id, ids)}`,
  );
  return new Map(found.map(({ id, ...counts }) => [id, counts as RelatedCounts]));
}
