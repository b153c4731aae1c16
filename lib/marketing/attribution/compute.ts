import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { liftFromStats, roi } from '@/analytics/lift';
import { db } from '@/db/client';
import { rows } from '@/db/rows';
import { campaignMembers, campaignResults, campaigns, orders } from '@/db/schema';
import { countedOrder } from '@/lib/analytics/load';

// Attribution of a campaign (issue 13, "ROI and lift"). An order counts for a member when it is
// a counted order (cancelled and refunded sales never count; a return's negative total nets the
// revenue, as in lib/analytics/load.ts) placed within the campaign's attribution days:
//   - sent members: after the send (sent_at) or after the click (clicked_at), either window;
//   - holdout members (never emailed): after the campaign started (started_at), so both groups
//     are measured over a comparable window and their difference is the lift.
// Members who bought nothing count as 0 in the means. One statement reads the members with their
// orders, marks each member's converted order (the first sale in the window; cleared when it no
// longer counts) and returns the two groups' size, sum, mean and sample variance; the Welch
// interval and ROI come from analytics/lift.ts. The result replaces the campaign's row of
// campaign_results in the same transaction: a reader sees the previous computation or this one.

export type AttributionResult = typeof campaignResults.$inferSelect;

type Stats = {
  started: boolean;
  sentN: number;
  holdoutN: number;
  revenue: string;
  holdoutRevenue: string;
  sentMean: number | null;
  sentVariance: number | null;
  holdoutMean: number | null;
  holdoutVariance: number | null;
  converted: number;
  holdoutConverted: number;
  closesAt: Date | string | null;
  clicked: number;
  cost: string;
};

/** Computes the campaign's attribution and stores it; null when the campaign is missing or never started. */
export async function computeCampaignAttribution(campaignId: string): Promise<AttributionResult | null> {
  const began = Date.now();
  return db.transaction(async (tx) => {
    const days = sql`make_interval(days => c.attribution_days)`;
    const [s] = await rows<Stats>(
      tx,
      sql`with c as (
            select id, started_at, attribution_days, cost, clicked_count from ${campaigns}
            where id = ${campaignId} and started_at is not null
          ),
          m as (
            select cm.id, cm.customer_id, cm.status, cm.sent_at, cm.clicked_at
            from ${campaignMembers} cm join c on c.id = cm.campaign_id
            where cm.status in ('sent', 'holdout')
          ),
          o as (
            select m.id as member_id, ${orders.id} as order_id, ${orders.kind} as kind, ${orders.total} as total,
              ${orders.orderedAt} as ordered_at
            from m cross join c join ${orders} on ${orders.customerId} = m.customer_id and ${countedOrder}
            where case when m.status = 'holdout'
              then ${orders.orderedAt} >= c.started_at and ${orders.orderedAt} < c.started_at + ${days}
              else (${orders.orderedAt} >= m.sent_at and ${orders.orderedAt} < m.sent_at + ${days})
                or (m.clicked_at is not null and ${orders.orderedAt} >= m.clicked_at
                    and ${orders.orderedAt} < m.clicked_at + ${days}) end
          ),
          per as (
            select member_id, sum(total) as revenue,
              (array_agg(order_id order by ordered_at, order_id) filter (where kind = 'sale' and total > 0))[1] as first_sale
            from o group by member_id
          ),
          -- Every member of both groups: their first sale in the window, or null (which clears a
          -- conversion that no longer counts). One join, so it stays a hash join at any size.
          marked as (
            update ${campaignMembers} cm set converted_order_id = x.first_sale
            from (select m.id, p.first_sale from m left join per p on p.member_id = m.id) x
            where cm.id = x.id and cm.converted_order_id is distinct from x.first_sale
            returning 1
          ),
          g as (
            select
              (count(*) filter (where m.status = 'sent'))::int as "sentN",
              (count(*) filter (where m.status = 'holdout'))::int as "holdoutN",
              coalesce(sum(p.revenue) filter (where m.status = 'sent'), 0)::text as revenue,
              coalesce(sum(p.revenue) filter (where m.status = 'holdout'), 0)::text as "holdoutRevenue",
              (avg(coalesce(p.revenue, 0)) filter (where m.status = 'sent'))::float8 as "sentMean",
              (var_samp(coalesce(p.revenue, 0)) filter (where m.status = 'sent'))::float8 as "sentVariance",
              (avg(coalesce(p.revenue, 0)) filter (where m.status = 'holdout'))::float8 as "holdoutMean",
              (var_samp(coalesce(p.revenue, 0)) filter (where m.status = 'holdout'))::float8 as "holdoutVariance",
              (count(p.first_sale) filter (where m.status = 'sent'))::int as converted,
              (count(p.first_sale) filter (where m.status = 'holdout'))::int as "holdoutConverted",
              max(greatest(m.sent_at, m.clicked_at)) as last_touch
            from m left join per p on p.member_id = m.id
          )
          select (select count(*) from c) = 1 as started, g.*,
            greatest(g.last_touch, c.started_at) + ${days} as "closesAt",
            c.clicked_count as clicked, c.cost::text as cost,
            (select count(*) from marked) as touched
          from g left join c on true`,
    );
    if (!s?.started) return null;
    const lift = liftFromStats(
      { n: s.sentN, mean: s.sentMean, variance: s.sentVariance },
      { n: s.holdoutN, mean: s.holdoutMean, variance: s.holdoutVariance },
    );
    const values = {
      computedAt: sql`now()` as unknown as Date,
      durationMs: Date.now() - began,
      cost: s.cost,
      revenue: s.revenue,
      holdoutRevenue: s.holdoutRevenue,
      convertedCount: s.converted,
      holdoutConvertedCount: s.holdoutConverted,
      sentMembers: s.sentN,
      holdoutMembers: s.holdoutN,
      sentMean: s.sentMean,
      sentVariance: s.sentVariance,
      holdoutMean: s.holdoutMean,
      holdoutVariance: s.holdoutVariance,
      roi: roi(Number(s.revenue), Number(s.cost)),
      incrementalPerMember: lift.incrementalPerMember,
      ciLow: lift.ci95?.low ?? null,
      ciHigh: lift.ci95?.high ?? null,
      relativeLift: lift.relativeLift,
      caveats: lift.caveats,
      windowClosesAt: s.closesAt === null ? null : new Date(s.closesAt),
      clickedCountSeen: s.clicked,
    };
    const [stored] = await tx
      .insert(campaignResults)
      .values({ campaignId, ...values })
      .onConflictDoUpdate({ target: campaignResults.campaignId, set: values })
      .returning();
    return stored;
  });
}

/**
 * Campaigns whose numbers can still change: started, and never computed, still sending or paused,
 * computed before their last window closed, clicked since, or their cost changed. The nightly run
 * recomputes these (a finished campaign's row then stays as it is).
 */
export async function campaignsToAttribute(limit = 500): Promise<string[]> {
  const found = await rows<{ id: string }>(
    db,
    sql`select c.id from ${campaigns} c left join ${campaignResults} r on r.campaign_id = c.id
        where c.started_at is not null and (
          r.campaign_id is null or c.status in ('sending', 'paused') or r.window_closes_at is null
          or r.computed_at < r.window_closes_at or r.clicked_count_seen <> c.clicked_count or r.cost <> c.cost)
        order by c.started_at desc limit ${limit}`,
  );
  return found.map((r) => r.id);
}

/** The stored result of one campaign (tests, the job). */
export async function storedAttribution(campaignId: string): Promise<AttributionResult | null> {
  const [row] = await db.select().from(campaignResults).where(eq(campaignResults.campaignId, campaignId));
  return row ?? null;
}
