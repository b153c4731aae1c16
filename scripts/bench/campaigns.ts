// Sent campaigns for the bench (scripts/bench/prepare.ts): the target is the campaign stats
// page at 1M member rows. With N customers, ceil(1M / N) campaigns (at most 10) to every customer:
// 10 × 100k at the large scale. Members come from ONE INSERT … SELECT over campaigns × customers
// with statuses drawn from a hash (not a JS loop), and each campaign's counters are set from them
// once, as the send worker would have kept them.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { rows } from '../../db/rows';

export const BENCH_MEMBER_TARGET = 1_000_000;

export async function createBenchCampaigns(db: Db): Promise<{ campaigns: number; members: number }> {
  const [{ n }] = await rows<{ n: number }>(db, sql`select count(*)::int as n from customers where deleted_at is null`);
  const count = Math.max(1, Math.min(10, Math.ceil(BENCH_MEMBER_TARGET / Math.max(n, 1))));
  await db.execute(sql`
    with seg as (
      insert into segments (name, description, kind, definition, member_count, last_computed_at)
      values ('Bench: every customer', 'Every live customer (scripts/bench/campaigns.ts).', 'rules',
        ${JSON.stringify({ version: 1, rule: { type: 'group', match: 'all', children: [] } })}::jsonb, ${n}, now())
      returning id
    )
    insert into campaigns (name, subject, body_text, body_html, segment_id, status, started_at, sent_at, cost, holdout_percent)
    select 'Bench campaign ' || g, 'News for {{first_name}}', 'Hello {{first_name}}, see https://example.org/news',
      '<p>Hello {{first_name}}</p><p><a href="https://example.org/news">News</a></p>', seg.id, 'sent',
      now() - (g || ' days')::interval, now() - (g || ' days')::interval + interval '3 hours', 500, 5
    from seg, generate_series(1, ${count}) g`);
  // Buckets 0–99 per member: 0–4 skipped (reason by bucket), 5–9 holdout, 10–11 failed, the rest sent;
  // of the sent, a share opened, clicked, bounced, unsubscribed.
  const [{ members }] = await rows<{ members: number }>(
    db,
    sql`with inserted as (
      insert into campaign_members (campaign_id, customer_id, email, status, skip_reason, attempts, sent_at, opened_at,
        clicked_at, open_count, click_count, unsubscribed_at, error)
      select c.id, k.id, left(lower(coalesce(k.email, '')), 254),
        (case when b < 5 then 'skipped' when b < 10 then 'holdout' when b < 12 then 'failed' else 'sent' end)::campaign_member_status,
        (case when b < 2 then 'no_consent' when b < 3 then 'no_address' when b < 4 then 'unsubscribed'
              when b < 5 then 'duplicate' end)::campaign_skip_reason,
        case when b >= 10 then 1 else 0 end,
        case when b >= 12 then c.started_at + (b || ' minutes')::interval end,
        case when b >= 12 and b < 45 then c.started_at + interval '2 hours' end,
        case when b >= 12 and b < 20 then c.started_at + interval '3 hours' end,
        case when b >= 12 and b < 45 then 1 else 0 end,
        case when b >= 12 and b < 20 then 1 else 0 end,
        case when b = 99 then c.started_at + interval '1 day' end,
        case when b between 10 and 11 then '550 No such user' end
      from campaigns c
      cross join customers k
      cross join lateral (select abs(hashtext(c.id::text || k.id::text)) % 100 as b) h
      where c.name like 'Bench campaign %' and k.deleted_at is null
      returning campaign_id
    )
    select count(*)::int as members from inserted`,
  );
  await db.execute(sql`
    update campaigns c set
      audience_count = m.audience, sent_count = m.sent, failed_count = m.failed, skipped_count = m.skipped,
      holdout_count = m.holdout, opened_count = m.opened, clicked_count = m.clicked,
      unsubscribed_count = m.unsubscribed, bounced_count = m.failed, bot_open_count = m.opened / 20
    from (
      select campaign_id, count(*)::int as audience,
        (count(*) filter (where status = 'sent'))::int as sent,
        (count(*) filter (where status = 'failed'))::int as failed,
        (count(*) filter (where status = 'skipped'))::int as skipped,
        (count(*) filter (where status = 'holdout'))::int as holdout,
        (count(*) filter (where opened_at is not null))::int as opened,
        (count(*) filter (where clicked_at is not null))::int as clicked,
        (count(*) filter (where unsubscribed_at is not null))::int as unsubscribed
      from campaign_members group by campaign_id
    ) m
    where m.campaign_id = c.id and c.name like 'Bench campaign %'`);
  await db.execute(sql`analyze campaign_members`);
  return { campaigns: count, members };
}
