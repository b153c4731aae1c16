import type { SeedContext } from './context';

/** The seeded segment's name (e2e/campaigns.spec.ts picks it as a campaign's audience). */
export const PILOT_SEGMENT = 'Newsletter pilot';
const PILOT_SIZE = 12;

/**
 * One small static segment for a first campaign: the first customers (by id) who may be emailed
 * (an address, consent, neither unsubscribed nor bounced). Small on purpose: sending to it from
 * the demo or the end-to-end tests mails a dozen people, not thousands.
 */
export async function seedMarketing(ctx: SeedContext): Promise<{ segments: number }> {
  const id = ctx.rng.uuid();
  const owner = ctx.users.marketers[0] ?? ctx.users.admin;
  await ctx.exec(`
    insert into segments (id, name, description, kind, definition, owner_id, member_count, last_computed_at)
    values ('${id}', '${PILOT_SEGMENT}', 'A dozen customers who agreed to marketing email, for a first campaign.',
      'static', '{}'::jsonb, '${owner}', 0, '${ctx.anchor.toISOString()}');
    insert into segment_members (segment_id, customer_id)
    select '${id}', c.id from customers c
    where c.deleted_at is null and coalesce(trim(c.email), '') <> '' and c.email_consent
      and c.unsubscribed_at is null and c.bounced_at is null
    order by c.id limit ${PILOT_SIZE};
    update segments set member_count = (select count(*) from segment_members where segment_id = '${id}') where id = '${id}';
  `);
  return { segments: 1 };
}
