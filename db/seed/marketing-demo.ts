import { DAY, type SeedContext } from './context';

// A demo segment and one sent campaign, so the marketing dashboard has something to show: the
// segment of consenting customers with its size over the last 30 days (counted from when each
// customer was created: a true history), and a newsletter sent 20 days before the anchor to that
// segment with a 10 % holdout. Who opened and clicked is drawn from md5 of the member (the same on
// every run and both drivers); revenue is whatever the seeded orders put in the window, computed
// by the attribution job (lib/marketing/attribution) when the workers start.

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
const ts = (d: Date) => `${lit(d.toISOString())}::timestamptz`;

export async function seedMarketingDemo(ctx: SeedContext): Promise<{ demoSegments: number; campaigns: number }> {
  const { rng, anchor, exec } = ctx;
  const segmentId = rng.uuid();
  const campaignId = rng.uuid();
  const owner = ctx.users.marketers[0] ?? ctx.users.admin;
  const rule = {
    type: 'group',
    match: 'all',
    children: [{ type: 'condition', field: 'emailConsent', op: 'eq', value: true }],
  };
  const consenting = `c.deleted_at is null and c.email_consent and c.unsubscribed_at is null`;
  const created = new Date(anchor.getTime() - 30 * DAY);
  await exec(`insert into segments (id, name, description, kind, definition, owner_id, member_count, last_computed_at, created_at, updated_at)
    select ${lit(segmentId)}, 'Newsletter subscribers', 'Customers who agreed to marketing email.', 'rules',
      ${lit(JSON.stringify({ version: 1, rule }))}::jsonb, ${lit(owner)},
      (select count(*) from customers c where ${consenting}), ${ts(anchor)}, ${ts(created)}, ${ts(anchor)}`);
  await exec(`insert into segment_sizes (id, segment_id, at, member_count, source)
    select md5(${lit(segmentId)} || d::text)::uuid, ${lit(segmentId)}, d + interval '23 hours',
      (select count(*) from customers c where ${consenting} and c.created_at <= d + interval '23 hours'), 'daily'
    from generate_series(${ts(created)}, ${ts(new Date(anchor.getTime() - DAY))}, interval '1 day') d`);

  const started = new Date(anchor.getTime() - 20 * DAY);
  const sentAt = new Date(started.getTime() + 2 * 3_600_000);
  const bucket = (salt: string) => `(('x' || substr(md5('${salt}' || c.id::text), 1, 7))::bit(28)::int % 1000)`;
  await exec(`insert into campaigns (id, name, subject, body_text, segment_id, status, started_at, sent_at, cost,
      holdout_percent, attribution_days, owner_id, created_at, updated_at)
    values (${lit(campaignId)}, 'Spring newsletter', 'New this spring, {{first_name}}',
      'Hello {{first_name}}, see what is new: https://example.com/spring {{unsubscribe_url}}', ${lit(segmentId)},
      'sent', ${ts(started)}, ${ts(sentAt)}, '2500.00', 10, 7, ${lit(owner)}, ${ts(started)}, ${ts(sentAt)})`);
  // Members: the consenting customers with an address; 10 % held out; of the sent, about 38 % opened
  // and 9 % clicked (a click implies an open).
  await exec(`insert into campaign_members (id, campaign_id, customer_id, email, status, sent_at, opened_at, clicked_at,
      open_count, click_count, attempts, created_at)
    select md5(${lit(campaignId)} || c.id::text)::uuid, ${lit(campaignId)}, c.id, lower(c.email),
      (case when ${bucket('h')} < 100 then 'holdout' else 'sent' end)::campaign_member_status,
      case when ${bucket('h')} >= 100 then ${ts(sentAt)} + (${bucket('s')} || ' seconds')::interval end,
      case when ${bucket('h')} >= 100 and ${bucket('o')} < 380 then ${ts(sentAt)} + (${bucket('o')} || ' minutes')::interval end,
      case when ${bucket('h')} >= 100 and ${bucket('o')} < 90 then ${ts(sentAt)} + (${bucket('o')} + 5 || ' minutes')::interval end,
      case when ${bucket('h')} >= 100 and ${bucket('o')} < 380 then 1 else 0 end,
      case when ${bucket('h')} >= 100 and ${bucket('o')} < 90 then 1 else 0 end,
      case when ${bucket('h')} >= 100 then 1 else 0 end, ${ts(started)}
    from customers c where ${consenting} and c.email is not null and c.email <> ''`);
  await exec(`update campaigns set
      audience_count = m.n, sent_count = m.sent, holdout_count = m.holdout, opened_count = m.opened, clicked_count = m.clicked
    from (select count(*)::int as n, (count(*) filter (where status = 'sent'))::int as sent,
            (count(*) filter (where status = 'holdout'))::int as holdout,
            (count(opened_at))::int as opened, (count(clicked_at))::int as clicked
          from campaign_members where campaign_id = ${lit(campaignId)}) m
    where id = ${lit(campaignId)}`);
  return { demoSegments: 1, campaigns: 1 };
}
