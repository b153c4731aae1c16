import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { rows } from '@/db/rows';
import { campaignMembers, campaigns, customers } from '@/db/schema';
import { audit } from '@/lib/audit/audit';
import { verifyToken } from './links';

// What the public tracking and unsubscribe endpoints do (no session: the signed token is the
// authority; links.ts). Each updates the member and the campaign's counters in one statement; a
// member counts once towards opened/clicked/unsubscribed however often it happens.

/** An open (the pixel was fetched): by a person, or by a known prefetcher or scanner (counted apart). */
export async function recordOpen(token: string | null, bot: boolean): Promise<boolean> {
  const t = verifyToken(token);
  if (t?.kind !== 'open') return false;
  const [r] = await rows<{ n: number }>(
    db,
    sql`with old as (
          select id, campaign_id, opened_at from ${campaignMembers} where id = ${t.memberId} for update
        ),
        m as (
          update ${campaignMembers} cm set
            open_count = cm.open_count + ${bot ? 0 : 1},
            bot_open_count = cm.bot_open_count + ${bot ? 1 : 0},
            opened_at = case when ${bot} then cm.opened_at else coalesce(cm.opened_at, now()) end
          from old where cm.id = old.id
          returning old.campaign_id, (old.opened_at is null and not ${bot}) as first
        ),
        c as (
          update ${campaigns} set
            opened_count = opened_count + (select count(*) from m where m.first),
            bot_open_count = bot_open_count + ${bot ? 1 : 0}
          from m where ${campaigns.id} = m.campaign_id
        )
        select count(*)::int as n from m`,
  );
  return r.n === 1;
}

export type ClickOutcome = { ok: true; url: string } | { ok: false };

/**
 * A click: the target must be one of the campaign's own links (found in its body at save), so the
 * redirect can never send anyone to an address the campaign did not contain, even with a token
 * signed for one. Bots are redirected but not counted.
 */
export async function recordClick(token: string | null, bot: boolean): Promise<ClickOutcome> {
  const t = verifyToken(token);
  if (t?.kind !== 'click') return { ok: false };
  const [r] = await rows<{ n: number }>(
    db,
    sql`with old as (
          select cm.id, cm.campaign_id, cm.clicked_at from ${campaignMembers} cm
          join ${campaigns} on ${campaigns.id} = cm.campaign_id
          where cm.id = ${t.memberId} and ${t.url} = any(${campaigns.links})
          for update of cm
        ),
        m as (
          update ${campaignMembers} cm set
            click_count = cm.click_count + ${bot ? 0 : 1},
            clicked_at = case when ${bot} then cm.clicked_at else coalesce(cm.clicked_at, now()) end
          from old where cm.id = old.id
          returning old.campaign_id, (old.clicked_at is null and not ${bot}) as first
        ),
        c as (
          update ${campaigns} set clicked_count = clicked_count + (select count(*) from m where m.first)
          from m where ${campaigns.id} = m.campaign_id
        )
        select count(*)::int as n from m`,
  );
  return r.n === 1 ? { ok: true, url: t.url } : { ok: false };
}

/**
 * Whom an unsubscribe link is for, and where they stand now (read from the customer, never from the
 * request): the public page shows it. Null for a bad token or an unknown member.
 */
export type UnsubscribeTarget = {
  memberId: string;
  email: string;
  /** The person opted out (and has not opted back in themselves). */
  unsubscribed: boolean;
  /** They opted back in on the public page (and consent is valid now). */
  resubscribed: boolean;
  /** The address hard-bounced: re-subscribing would not make it deliverable, so it is not offered. */
  bounced: boolean;
};

export async function unsubscribeTarget(token: string | null): Promise<UnsubscribeTarget | null> {
  const t = verifyToken(token);
  if (t?.kind !== 'unsubscribe') return null;
  const [row] = await db
    .select({
      memberId: campaignMembers.id,
      email: campaignMembers.email,
      unsubscribedAt: customers.unsubscribedAt,
      emailConsent: customers.emailConsent,
      consentSource: customers.consentSource,
      bouncedAt: customers.bouncedAt,
    })
    .from(campaignMembers)
    .innerJoin(customers, eq(customers.id, campaignMembers.customerId))
    .where(eq(campaignMembers.id, t.memberId));
  if (!row) return null;
  const unsubscribed = row.unsubscribedAt !== null;
  return {
    memberId: row.memberId,
    email: row.email,
    unsubscribed,
    resubscribed: !unsubscribed && row.emailConsent && row.consentSource === RESUBSCRIBE_SOURCE,
    bounced: row.bouncedAt !== null,
  };
}

/** The consent_source of a person's own opt-in again on the public page. */
export const RESUBSCRIBE_SOURCE = 'resubscribe';

export type ResubscribeOutcome = 'resubscribed' | 'notUnsubscribed' | 'bounced' | 'invalid';

/**
 * The person opts back in, from the page their unsubscribe link opens (the signed token is the
 * authority: only they hold it): consent again, from now, with the source 'resubscribe', and the
 * unsubscribe cleared; audited as their own act. Only someone who unsubscribed can (it is not a way
 * for anyone to give consent), and a hard-bounced address stays off: the next send would bounce.
 */
export async function resubscribe(token: string | null): Promise<ResubscribeOutcome> {
  const t = verifyToken(token);
  if (t?.kind !== 'unsubscribe') return 'invalid';
  return db.transaction(async (tx) => {
    const [row] = await rows<{ id: string; unsubscribed: boolean; bounced: boolean }>(
      tx,
      sql`select ${customers.id} as id, ${customers.unsubscribedAt} is not null as unsubscribed,
            ${customers.bouncedAt} is not null as bounced
          from ${customers} join ${campaignMembers} cm on cm.customer_id = ${customers.id}
          where cm.id = ${t.memberId} and ${customers.deletedAt} is null
          for update of ${customers}`,
    );
    if (!row) return 'invalid';
    if (!row.unsubscribed) return 'notUnsubscribed';
    if (row.bounced) return 'bounced';
    await tx
      .update(customers)
      .set({
        emailConsent: true,
        consentAt: sql`now()`,
        consentSource: RESUBSCRIBE_SOURCE,
        unsubscribedAt: null,
        updatedAt: sql`now()`,
        version: sql`${customers.version} + 1`,
      })
      .where(eq(customers.id, row.id));
    await audit(tx, null, {
      action: 'resubscribe',
      entity: 'customer',
      entityId: row.id,
      diff: { campaignMemberId: t.memberId, consentSource: RESUBSCRIBE_SOURCE },
    });
    return 'resubscribed';
  });
}

/** Whether an open-pixel token names a member (read only: a HEAD, or a hit over the rate limit). */
export async function openTarget(token: string | null): Promise<boolean> {
  const t = verifyToken(token);
  if (t?.kind !== 'open') return false;
  const [row] = await db
    .select({ id: campaignMembers.id })
    .from(campaignMembers)
    .where(eq(campaignMembers.id, t.memberId));
  return Boolean(row);
}

/** Where a click token may redirect, checked as recordClick checks it, without counting anything. */
export async function clickTarget(token: string | null): Promise<ClickOutcome> {
  const t = verifyToken(token);
  if (t?.kind !== 'click') return { ok: false };
  const [row] = await rows<{ n: number }>(
    db,
    sql`select count(*)::int as n from ${campaignMembers} cm join ${campaigns} on ${campaigns.id} = cm.campaign_id
        where cm.id = ${t.memberId} and ${t.url} = any(${campaigns.links})`,
  );
  return row.n === 1 ? { ok: true, url: t.url } : { ok: false };
}

/**
 * Unsubscribes the member's customer (RFC 8058 one-click POST, or the page's button): the customer's
 * unsubscribed_at is set (future sends skip them; only the person re-subscribes), the member's too,
 * the campaign counts it once, and the customer's audit log records it as the person's own act.
 */
export async function unsubscribe(token: string | null, via: 'web' | 'mail' = 'web'): Promise<boolean> {
  const t = verifyToken(token);
  if (t?.kind !== 'unsubscribe') return false;
  return db.transaction(async (tx) => {
    const [r] = await rows<{ customerId: string; already: boolean }>(
      tx,
      sql`with old as (
            select id, campaign_id, customer_id, unsubscribed_at from ${campaignMembers} where id = ${t.memberId} for update
          ),
          m as (
            update ${campaignMembers} cm set unsubscribed_at = coalesce(cm.unsubscribed_at, now())
            from old where cm.id = old.id
            returning old.campaign_id, old.customer_id, old.unsubscribed_at is null as first
          ),
          c as (
            update ${campaigns} set unsubscribed_count = unsubscribed_count + (select count(*) from m where m.first)
            from m where ${campaigns.id} = m.campaign_id
          ),
          prior as (select ${customers.id} as id, ${customers.unsubscribedAt} is not null as already
            from ${customers} join m on ${customers.id} = m.customer_id for update of ${customers}),
          cu as (
            update ${customers} set unsubscribed_at = coalesce(${customers.unsubscribedAt}, now()), updated_at = now()
            from prior where ${customers.id} = prior.id
          )
          select prior.id as "customerId", prior.already from prior`,
    );
    if (!r) return false;
    if (!r.already)
      await audit(tx, null, {
        action: 'unsubscribe',
        entity: 'customer',
        entityId: r.customerId,
        diff: { campaignMemberId: t.memberId, via },
      });
    return true;
  });
}
