import 'server-only';
import { eq, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { rows } from '@/db/rows';
import { campaignMembers, campaigns, customerScores, customers, segments } from '@/db/schema';
import { scoreJoin } from '@/lib/marketing/segments/compile';
import { EMPTY_RULE, memberCondition, storedRule } from '@/lib/marketing/segments/segments';

// A send's audience: the segment's customers written as campaign members by ONE INSERT … SELECT,
// each queued, skipped (why) or held out, with the campaign's counters set in the same statement.
//
// Skips, first reason wins: no address, unsubscribed, bounced, no consent; then among those left,
// a second customer with the same address (lower-cased) is a duplicate (the smallest id is kept).
// The holdout is drawn among the sendable: bucket md5(seed || id) → 0–99 (tokens.ts holdoutBucket
// computes the same in JS), held out when below the percentage.

/** SQL of holdoutBucket(seed, customers.id). */
export function holdoutBucketSql(seed: string) {
  return sql`(('x' || substr(md5(${seed}::text || ${customers.id}::text), 1, 7))::bit(28)::int % 100)`;
}

export type AudienceCounts = { audience: number; queued: number; skipped: number; holdout: number };

/** Materialises the members of a campaign that has none yet (call in the transaction that starts the send). */
export async function materializeAudience(
  tx: Tx,
  campaign: { id: string; segmentId: string; holdoutPercent: number; holdoutSeed: string },
): Promise<AudienceCounts> {
  const [segment] = await tx
    .select({ id: segments.id, kind: segments.kind, definition: segments.definition })
    .from(segments)
    .where(eq(segments.id, campaign.segmentId));
  const rule = segment ? storedRule(segment.definition) : null;
  const condition = segment
    ? memberCondition({ id: segment.id, kind: segment.kind, rule: rule ?? EMPTY_RULE, readable: rule !== null })
    : { join: false, where: sql`false` };

  const address = sql`lower(trim(coalesce(${customers.email}, '')))`;
  const base = tx
    .select({
      id: customers.id,
      addr: sql<string>`${address}`.as('addr'),
      reason: sql<string | null>`case
        when ${address} = '' then 'no_address'
        when ${customers.unsubscribedAt} is not null then 'unsubscribed'
        when ${customers.bouncedAt} is not null then 'bounced'
        when not ${customers.emailConsent} then 'no_consent' end`.as('reason'),
      bucket: sql<number>`${holdoutBucketSql(campaign.holdoutSeed)}`.as('bucket'),
    })
    .from(customers)
    .$dynamic();
  const audience = (condition.join ? base.leftJoin(customerScores, scoreJoin()) : base).where(condition.where);

  const [counts] = await rows<AudienceCounts>(
    tx,
    sql`with ranked as (
          select a.*, row_number() over (partition by case when a.reason is null then a.addr end order by a.id) as nth
          from (${audience.getSQL()}) a
        ),
        inserted as (
          insert into ${campaignMembers} (campaign_id, customer_id, email, status, skip_reason)
          select ${campaign.id}::uuid, r.id, left(r.addr, 254),
            (case when r.reason is not null or r.nth > 1 then 'skipped'
                  when r.bucket < ${campaign.holdoutPercent} then 'holdout'
                  else 'queued' end)::campaign_member_status,
            (case when r.reason is not null then r.reason when r.nth > 1 then 'duplicate' end)::campaign_skip_reason
          from ranked r
          on conflict (campaign_id, customer_id) do nothing
          returning status
        ),
        counted as (
          select count(*)::int as audience,
            (count(*) filter (where status = 'queued'))::int as queued,
            (count(*) filter (where status = 'skipped'))::int as skipped,
            (count(*) filter (where status = 'holdout'))::int as holdout
          from inserted
        ),
        updated as (
          update ${campaigns} set audience_count = audience_count + c.audience,
            skipped_count = skipped_count + c.skipped, holdout_count = holdout_count + c.holdout
          from counted c where ${campaigns.id} = ${campaign.id}
        )
        select * from counted`,
  );
  return counts;
}
