import 'server-only';
import { and, asc, eq, gt, type SQL } from 'drizzle-orm';
import { db } from '@/db/client';
import { campaignMembers, customers } from '@/db/schema';
import { can, type Viewer } from '@/lib/auth/permissions';

// A campaign's members for its stats page: one page at a time, keyset on the member id (the
// counters come from the campaign row, campaigns.ts getCampaign; this never counts).

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

/** Up to `limit` members after `after` (a member id), optionally of one status; [] for roles without marketing. */
export async function listCampaignMembers(
  viewer: Viewer,
  campaignId: string,
  options: { status?: MemberStatus; after?: string; limit?: number } = {},
): Promise<CampaignMemberRow[]> {
  if (!can(viewer, 'marketing:read')) return [];
  const where: SQL[] = [eq(campaignMembers.campaignId, campaignId)];
  if (options.status) where.push(eq(campaignMembers.status, options.status));
  if (options.after) where.push(gt(campaignMembers.id, options.after));
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
    .orderBy(asc(campaignMembers.id))
    .limit(Math.min(options.limit ?? 50, 200));
}
