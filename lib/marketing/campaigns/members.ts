import 'server-only';
import { and, asc, eq, gt, like, type SQL, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { campaignMembers, customers } from '@/db/schema';
import { can, type Viewer } from '@/lib/auth/permissions';
import { countCapped, type Total } from '@/lib/pagination';

// A campaign's members for its stats page: one page at a time, keyset on the customer id, which
// the unique index (campaign_id, customer_id) already orders; a status filter walks
// campaign_members_status_page_idx and an address search campaign_members_email_idx (migration
// campaign_pages), so a page reads about 50 index entries at 1M members. The counters come from
// the campaign row (campaigns.ts getCampaign); a filtered total is counted up to a cap (countCapped).

export type MemberStatus = (typeof campaignMembers.$inferSelect)['status'];

export type CampaignMemberRow = {
  id: string;
  customerId: string;
  customerName: string;
  email: string;
  status: MemberStatus;
  skipReason: string | null;
  attempts: number;
  sentAt: Date | null;
  openedAt: Date | null;
  clickedAt: Date | null;
  unsubscribedAt: Date | null;
  error: string | null;
};

export type MemberFilter = { status?: MemberStatus; email?: string };

/** The members of one campaign matching the filter (an address search is a prefix: addresses are stored lower-cased). */
function memberWhere(campaignId: string, filter: MemberFilter): SQL[] {
  const where: SQL[] = [eq(campaignMembers.campaignId, campaignId)];
  if (filter.status) where.push(eq(campaignMembers.status, filter.status));
  const email = filter.email?.trim().toLowerCase();
  if (email) where.push(like(campaignMembers.email, `${email.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  return where;
}

/**
 * Up to `limit` members after `after` (a customer id: the order is the customer id's), optionally of
 * one status or with an address starting with `email`; [] for roles without marketing.
 */
export async function listCampaignMembers(
  viewer: Viewer,
  campaignId: string,
  options: MemberFilter & { after?: string; limit?: number } = {},
): Promise<CampaignMemberRow[]> {
  if (!can(viewer, 'marketing:read')) return [];
  const where = memberWhere(campaignId, options);
  if (options.after) where.push(gt(campaignMembers.customerId, options.after));
  return db
    .select({
      id: campaignMembers.id,
      customerId: campaignMembers.customerId,
      customerName: customers.name,
      email: campaignMembers.email,
      status: campaignMembers.status,
      skipReason: campaignMembers.skipReason,
      attempts: campaignMembers.attempts,
      sentAt: campaignMembers.sentAt,
      openedAt: campaignMembers.openedAt,
      clickedAt: campaignMembers.clickedAt,
      unsubscribedAt: campaignMembers.unsubscribedAt,
      error: campaignMembers.error,
    })
    .from(campaignMembers)
    .innerJoin(customers, eq(customers.id, campaignMembers.customerId))
    .where(and(...where))
    .orderBy(asc(campaignMembers.customerId))
    .limit(Math.min(options.limit ?? 50, 200));
}

/** How many members match a filter, counted up to the list cap (countCapped); null for roles without marketing. */
export async function countCampaignMembers(
  viewer: Viewer,
  campaignId: string,
  filter: MemberFilter,
): Promise<Total | null> {
  if (!can(viewer, 'marketing:read')) return null;
  return countCapped(
    db,
    db
      .select({ id: campaignMembers.id })
      .from(campaignMembers)
      .where(and(...memberWhere(campaignId, filter))),
  );
}

export type SkipReason = NonNullable<(typeof campaignMembers.$inferSelect)['skipReason']>;
export type SkipCounts = { reason: SkipReason; count: number }[];

/** Up to this many skipped members are read to split them by reason; beyond, the split is estimated. */
const SKIP_SAMPLE = 10_000;

/**
 * The skipped members by reason. At most SKIP_SAMPLE rows are read (the status index's first ones,
 * in customer-id order, which is random): when the campaign skipped more, each reason's share of
 * that sample is scaled to the skipped counter and `exact` is false.
 */
export async function countSkipReasons(
  viewer: Viewer,
  campaignId: string,
  skipped: number,
): Promise<{ rows: SkipCounts; exact: boolean } | null> {
  if (!can(viewer, 'marketing:read')) return null;
  if (skipped === 0) return { rows: [], exact: true };
  const sample = db
    .select({ reason: campaignMembers.skipReason })
    .from(campaignMembers)
    .where(and(eq(campaignMembers.campaignId, campaignId), eq(campaignMembers.status, 'skipped')))
    .limit(SKIP_SAMPLE)
    .as('sample');
  const found = await db
    .select({ reason: sample.reason, count: sql<number>`count(*)::int` })
    .from(sample)
    .groupBy(sample.reason);
  const read = found.reduce((n, r) => n + r.count, 0);
  const exact = read >= skipped || read < SKIP_SAMPLE;
  const rows = found
    .filter((r): r is { reason: SkipReason; count: number } => r.reason !== null)
    .map((r) => ({ reason: r.reason, count: exact ? r.count : Math.round((r.count / read) * skipped) }))
    .sort((a, b) => b.count - a.count);
  return { rows, exact };
}
