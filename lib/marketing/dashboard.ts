import 'server-only';
import { and, desc, eq, gte, inArray, isNotNull, lt, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { rows } from '@/db/rows';
import { campaignResults, campaigns, segments } from '@/db/schema';
import { can, type Viewer } from '@/lib/auth/permissions';
import { dateParam, optional } from '@/lib/search-params';
import type { CampaignCounters, CampaignStatus } from './campaigns/campaigns';
import { campaignCounterColumns } from './campaigns/campaigns';
import { type SegmentSizePoint, segmentSizeSeries } from './segments/size-history';

// The marketing dashboard's numbers (issue 13): each campaign's counters (kept on its row as sends
// happen) and its last attribution (campaign_results, written by the attribution job), plus the
// history of segment sizes. Every read is of small tables: no member or order is scanned here.
// Rights: marketing:read (marketers and admins, managers read-only); reps and agents get null.

export const MarketingDashboardFilterSchema = z.object({
  campaign: optional(z.uuid()),
  /** Campaigns started on or after this day (UTC); default 90 days back. */
  from: dateParam,
  /** …and on or before this day. */
  to: dateParam,
});
export type MarketingDashboardFilter = z.infer<typeof MarketingDashboardFilterSchema>;

/** How far back the dashboard looks by default. */
export const DEFAULT_DAYS = 90;
/** At most this many campaigns (newest first) and segments in the charts. */
const MAX_CAMPAIGNS = 50;
const MAX_SEGMENTS = 6;

export type CampaignAttribution = {
  computedAt: Date;
  revenue: string;
  holdoutRevenue: string;
  converted: number;
  holdoutConverted: number;
  sentMembers: number;
  holdoutMembers: number;
  roi: number | null;
  incrementalPerMember: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  relativeLift: number | null;
  caveats: string[];
  windowClosesAt: Date | null;
};

export type DashboardCampaign = {
  id: string;
  name: string;
  status: CampaignStatus;
  segmentId: string | null;
  startedAt: Date | null;
  cost: string;
  holdoutPercent: number;
  attributionDays: number;
  counters: CampaignCounters;
  /** Null until the attribution job has run for it. */
  result: CampaignAttribution | null;
};

export type MarketingDashboard = {
  /** The range applied (YYYY-MM-DD, inclusive). */
  from: string;
  to: string;
  /** Campaigns exist at all (else the page shows its empty state). */
  anyCampaign: boolean;
  /** The campaigns to pick from in the filter (id, name), newest first. */
  choices: { id: string; name: string }[];
  campaigns: DashboardCampaign[];
  segments: { id: string; name: string }[];
  sizes: SegmentSizePoint[];
};

const day = (d: Date) => d.toISOString().slice(0, 10);
const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000);

/** The filter's range, defaulted: the last DEFAULT_DAYS days up to today (UTC); swapped if reversed. */
export function dashboardRange(filter: MarketingDashboardFilter, now: Date): { from: string; to: string } {
  const to = filter.to ?? day(now);
  const from = filter.from ?? day(new Date(Date.parse(`${to}T00:00:00Z`) - (DEFAULT_DAYS - 1) * 86_400_000));
  return from <= to ? { from, to } : { from: to, to: from };
}

export async function getMarketingDashboard(
  viewer: Viewer,
  filter: MarketingDashboardFilter,
  now = new Date(),
): Promise<MarketingDashboard | null> {
  if (!can(viewer, 'marketing:read')) return null;
  const { from, to } = dashboardRange(filter, now);
  const inRange: SQL[] = [
    isNotNull(campaigns.startedAt),
    gte(campaigns.startedAt, new Date(`${from}T00:00:00Z`)),
    lt(campaigns.startedAt, nextDay(to)),
  ];
  const [[{ any }], choices] = await Promise.all([
    rows<{ any: boolean }>(db, sql`select exists (select 1 from ${campaigns}) as any`),
    db
      .select({ id: campaigns.id, name: campaigns.name })
      .from(campaigns)
      .where(and(...inRange))
      .orderBy(desc(campaigns.startedAt), campaigns.id)
      .limit(MAX_CAMPAIGNS),
  ]);
  const chosen = filter.campaign ? [...inRange, eq(campaigns.id, filter.campaign)] : inRange;
  const found = await db
    .select({
      id: campaigns.id,
      name: campaigns.name,
      status: campaigns.status,
      segmentId: campaigns.segmentId,
      startedAt: campaigns.startedAt,
      cost: campaigns.cost,
      holdoutPercent: campaigns.holdoutPercent,
      attributionDays: campaigns.attributionDays,
      counters: campaignCounterColumns,
      result: {
        computedAt: campaignResults.computedAt,
        revenue: campaignResults.revenue,
        holdoutRevenue: campaignResults.holdoutRevenue,
        converted: campaignResults.convertedCount,
        holdoutConverted: campaignResults.holdoutConvertedCount,
        sentMembers: campaignResults.sentMembers,
        holdoutMembers: campaignResults.holdoutMembers,
        roi: campaignResults.roi,
        incrementalPerMember: campaignResults.incrementalPerMember,
        ciLow: campaignResults.ciLow,
        ciHigh: campaignResults.ciHigh,
        relativeLift: campaignResults.relativeLift,
        caveats: campaignResults.caveats,
        windowClosesAt: campaignResults.windowClosesAt,
      },
    })
    .from(campaigns)
    .leftJoin(campaignResults, eq(campaignResults.campaignId, campaigns.id))
    .where(and(...chosen))
    .orderBy(desc(campaigns.startedAt), campaigns.id)
    .limit(MAX_CAMPAIGNS);
  // A left join's missing row comes back as an object of nulls.
  const list: DashboardCampaign[] = found.map((c) => ({
    ...c,
    result: c.result?.computedAt ? (c.result as CampaignAttribution) : null,
  }));

  // Segment sizes: the chosen campaigns' audiences (else the largest segments), over the range.
  const audienceIds = [...new Set(list.map((c) => c.segmentId).filter((id): id is string => id !== null))];
  const shown = await db
    .select({ id: segments.id, name: segments.name })
    .from(segments)
    .where(audienceIds.length > 0 ? inArray(segments.id, audienceIds) : sql`true`)
    .orderBy(sql`${segments.memberCount} desc nulls last`, segments.id)
    .limit(MAX_SEGMENTS);
  const sizes = await segmentSizeSeries(
    shown.map((s) => s.id),
    new Date(`${from}T00:00:00Z`),
    nextDay(to),
  );
  return { from, to, anyCampaign: any, choices, campaigns: list, segments: shown, sizes };
}

/** A campaign's funnel: audience → sent (handed to SMTP) → delivered (accepted) → opened → clicked → converted. */
export function funnel(c: DashboardCampaign) {
  return {
    audience: c.counters.audience,
    sent: c.counters.sent + c.counters.failed,
    delivered: c.counters.sent,
    opened: c.counters.opened,
    clicked: c.counters.clicked,
    converted: c.result?.converted ?? null,
  };
}
export const FUNNEL_STEPS = ['audience', 'sent', 'delivered', 'opened', 'clicked', 'converted'] as const;
