import type { SeedContext } from './context';

/**
 * For the end-to-end tests only (scripts/e2e-server.mjs sets SEED_E2E_CAMPAIGN_MEMBER, a UUID): one
 * sent campaign with one member of that id, for the first customer with an address, so a browser
 * test can sign that member's unsubscribe link (e2e/unsubscribe.spec.ts) against the embedded
 * database the server holds open. No other seed run makes a campaign.
 */
export async function plantE2eCampaignMember(ctx: SeedContext): Promise<void> {
  const id = process.env.SEED_E2E_CAMPAIGN_MEMBER;
  if (!id) return;
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id))
    throw new Error('SEED_E2E_CAMPAIGN_MEMBER: a lower-case UUID');
  await ctx.exec(`WITH c AS (
      INSERT INTO campaigns (name, subject, body_text, status, started_at, sent_at)
      VALUES ('E2E newsletter', 'News', 'Hello. Stop: {{unsubscribe_url}}', 'sent', now(), now()) RETURNING id
    )
    INSERT INTO campaign_members (id, campaign_id, customer_id, email, status, sent_at)
    SELECT '${id}', c.id, k.id, lower(k.email), 'sent', now() FROM c,
      (SELECT id, email FROM customers WHERE email IS NOT NULL AND deleted_at IS NULL ORDER BY id LIMIT 1) k`);
}
