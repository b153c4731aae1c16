import 'server-only';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { rows } from '@/db/rows';
import { customers, users } from '@/db/schema';
import { can, type Viewer } from '@/lib/auth/permissions';
import { MERGE_FIELDS, type MergeField, RELATED, type RelatedCounts } from './merge-rules';

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
      .where(and(inArray(customers.id, ids), isNull(customers.deletedAt))),
    countRelated(ids),
    rows<{ n: number }>(
      db,
      sql`select count(*)::int as n from campaign_members x join campaign_members y on y.campaign_id = x.campaign_id
          where x.customer_id = ${aId} and y.customer_id = ${bId}`,
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

/** Related-row counts for a few customers in one statement (each subquery uses its table's customer index). */
export async function countRelated(ids: string[]): Promise<Map<string, RelatedCounts>> {
  const found = await rows<{ id: string } & RelatedCounts>(
    db,
    sql`select c.id,
          (select count(*) from contacts x where x.customer_id = c.id)::int as "contacts",
          (select count(*) from activities x where x.customer_id = c.id)::int as "activities",
          (select count(*) from orders x where x.customer_id = c.id)::int as "orders",
          (select count(*) from deals x where x.customer_id = c.id)::int as "deals",
          (select count(*) from cases x where x.customer_id = c.id)::int as "cases",
          (select count(*) from quotes x where x.customer_id = c.id)::int as "quotes",
          (select count(*) from leads x where x.converted_customer_id = c.id)::int as "leads",
          (select count(*) from campaign_members x where x.customer_id = c.id)::int as "campaignMembers"
        from customers c where c.id in (${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )})`,
  );
  return new Map(found.map(({ id, ...counts }) => [id, counts as RelatedCounts]));
}
