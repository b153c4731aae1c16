import 'server-only';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { createTranslator } from 'use-intl/core';
import { db, type Tx } from '@/db/client';
import { qualified, rows } from '@/db/rows';
import { campaignMembers, campaigns, contacts, customers, mailMessages } from '@/db/schema';
import { deletedCustomer } from '@/lib/customers/visibility';
import { DEFAULT_LOCALE, type Locale, negotiateLocale } from '@/lib/i18n/config';
import en from '@/lib/i18n/messages/en/mail.json';
import zh from '@/lib/i18n/messages/zh-CN/mail.json';
import { mailConfig } from '@/lib/mail/config';
import { listUnsubscribeHeader } from '@/lib/mail/headers';
import { getTransport } from '@/lib/mail/transport';
import { memberLinks } from './links';
import { mergeNames, type Rendered, renderCampaign } from './render';
import { campaignMessageId } from './tokens';

// The send worker. Each member is sent at most once per claim, and a claim is durable before any
// SMTP traffic:
//   1. claim (one short transaction): lock the campaign row (status must be 'sending'; the rate
//      limiter's window lives there), pick due members FOR UPDATE SKIP LOCKED, and commit them as
//      'sending' with a lease and a send key (kept when an expired lease is reclaimed);
//   2. send each over SMTP with no transaction open (the embedded database has one connection:
//      an open transaction would stall every other query for the length of an SMTP dialogue);
//   3. mark it sent / retry / failed, only while the claim is still ours (status 'sending' and
//      the same send key), with the campaign's counters in the same statement.
// A worker killed during step 2 leaves its members 'sending'; once the lease expires another worker
// reclaims them with the same send key, so the Message-ID is the same. The one window this cannot
// close is a kill after the SMTP server's "250 OK" and before step 3: that member is sent again,
// with the same Message-ID, which receiving systems deduplicate.

export type SendOptions = {
  /** Members per claim. */
  batchSize?: number;
  /** How long one run keeps claiming before it hands over to a new job. */
  budgetMs?: number;
  leaseSeconds?: number;
  /** Back-off after a temporary failure: base · 2^(attempt − 1), at most an hour. */
  retryBaseSeconds?: number;
  maxAttempts?: number;
  /**
   * Messages of a claim in flight at once (each member is still claimed, sent and marked on its
   * own). Default 1 (CAMPAIGN_SEND_CONCURRENCY): a worker killed between a server's "250 OK" and
   * marking the member sends that member again (same Message-ID); with N in flight, up to N.
   * More lanes overlap SMTP dialogues and UPDATEs (the transport's pool bounds them).
   */
  concurrency?: number;
};

const envNumber = (name: string, fallback: number) => {
  const n = Number(process.env[name]);
  return Number.isFinite(n) && n > 0 ? n : fallback;
};

function settings(o: SendOptions): Required<SendOptions> {
  return {
    batchSize: o.batchSize ?? 20,
    budgetMs: o.budgetMs ?? 60_000,
    leaseSeconds: o.leaseSeconds ?? envNumber('CAMPAIGN_LEASE_SECONDS', 300),
    retryBaseSeconds: o.retryBaseSeconds ?? envNumber('CAMPAIGN_RETRY_SECONDS', 60),
    maxAttempts: o.maxAttempts ?? 5,
    concurrency: o.concurrency ?? envNumber('CAMPAIGN_SEND_CONCURRENCY', 1),
  };
}

type CampaignRow = typeof campaigns.$inferSelect;

type Recipient = {
  id: string;
  customerId: string;
  email: string;
  sendKey: string;
  attempts: number;
  kind: string;
  name: string;
  locale: string | null;
  contactFirstName: string | null;
  contactLastName: string | null;
};

type Claim =
  | { state: 'stopped' }
  | { state: 'done' }
  | { state: 'wait'; seconds: number }
  | { state: 'claimed'; campaign: CampaignRow; members: Recipient[] };

const skipReason = sql`case
  when ${customers.unsubscribedAt} is not null then 'unsubscribed'
  when ${customers.bouncedAt} is not null then 'bounced'
  when not ${customers.emailConsent} or ${deletedCustomer()} then 'no_consent' end`;

async function claim(campaignId: string, s: Required<SendOptions>): Promise<Claim> {
  return db.transaction(async (tx) => {
    const [campaign] = await tx.select().from(campaigns).where(eq(campaigns.id, campaignId)).for('update');
    if (campaign?.status !== 'sending') return { state: 'stopped' } as const;
    const [limiter] = await rows<{ count: number; wait: number }>(
      tx,
      sql`update ${campaigns} set
            window_start = case when window_start is null or window_start <= now() - interval '1 minute' then now() else window_start end,
            window_count = case when window_start is null or window_start <= now() - interval '1 minute' then 0 else window_count end
          where id = ${campaignId}
          returning window_count as count, extract(epoch from (window_start + interval '1 minute' - now()))::float8 as wait`,
    );
    const allowance = campaign.ratePerMinute - limiter.count;
    if (allowance <= 0) return { state: 'wait', seconds: Math.max(1, Math.ceil(limiter.wait)) } as const;

    const claimed = await rows<{ id: string; sendKey: string; attempts: number }>(
      tx,
      sql`with due as (
            select id from ${campaignMembers}
            where campaign_id = ${campaignId}
              and ((status = 'queued' and next_attempt_at <= now()) or (status = 'sending' and lease_until < now()))
            order by next_attempt_at, id
            limit ${Math.min(s.batchSize, allowance)}
            for update skip locked
          )
          update ${campaignMembers} m set status = 'sending',
            lease_until = now() + make_interval(secs => ${s.leaseSeconds}),
            send_key = case when m.status = 'sending' and m.send_key is not null then m.send_key else gen_random_uuid() end,
            attempts = m.attempts + 1
          from due where m.id = due.id
          returning m.id, m.send_key as "sendKey", m.attempts`,
    );
    if (claimed.length === 0) {
      const [left] = await rows<{ remaining: number; wait: number | null }>(
        tx,
        sql`select count(*)::int as remaining,
              extract(epoch from (least(min(next_attempt_at) filter (where status = 'queued'),
                min(lease_until) filter (where status = 'sending')) - now()))::float8 as wait
            from ${campaignMembers} where campaign_id = ${campaignId} and status in ('queued', 'sending')`,
      );
      if (left.remaining > 0) return { state: 'wait', seconds: Math.max(1, Math.ceil(left.wait ?? 1)) } as const;
      await tx
        .update(campaigns)
        .set({ status: 'sent', sentAt: sql`now()`, updatedAt: sql`now()`, version: sql`${campaigns.version} + 1` })
        .where(eq(campaigns.id, campaignId));
      return { state: 'done' } as const;
    }
    await tx
      .update(campaigns)
      .set({ windowCount: sql`${campaigns.windowCount} + ${claimed.length}` })
      .where(eq(campaigns.id, campaignId));

    const ids = claimed.map((c) => c.id);
    // Consent can change between the start and the send: check it again, in the claim.
    await rows(
      tx,
      sql`with s as (
            update ${campaignMembers} m set status = 'skipped', skip_reason = (${skipReason})::campaign_skip_reason, lease_until = null
            from ${customers}
            where ${customers.id} = m.customer_id and m.id in (${sql.join(
              ids.map((id) => sql`${id}::uuid`),
              sql`, `,
            )}) and (${skipReason}) is not null
            returning m.id
          )
          update ${campaigns} set skipped_count = skipped_count + (select count(*) from s)
          where id = ${campaignId}`,
    );
    return { state: 'claimed', campaign, members: await loadRecipients(tx, ids) } as const;
  });
}

/** The first name or last name of a customer's primary (else oldest) live contact, for the merge. */
export function contactName(column: typeof contacts.firstName | typeof contacts.lastName) {
  return sql<string | null>`(select ${column} from ${contacts} where ${contacts.customerId} = ${qualified(customers.id)}
    and ${contacts.deletedAt} is null order by ${contacts.isPrimary} desc, ${contacts.createdAt}, ${contacts.id} limit 1)`;
}

/** The claimed members still 'sending' (not skipped just now), with what the merge needs: one query. */
async function loadRecipients(tx: Tx, ids: string[]): Promise<Recipient[]> {
  return tx
    .select({
      id: campaignMembers.id,
      customerId: campaignMembers.customerId,
      email: campaignMembers.email,
      sendKey: sql<string>`${campaignMembers.sendKey}`,
      attempts: campaignMembers.attempts,
      kind: customers.kind,
      name: customers.name,
      locale: customers.locale,
      contactFirstName: contactName(contacts.firstName),
      contactLastName: contactName(contacts.lastName),
    })
    .from(campaignMembers)
    .innerJoin(customers, eq(customers.id, campaignMembers.customerId))
    .where(and(inArray(campaignMembers.id, ids), eq(campaignMembers.status, 'sending')));
}

const CATALOGS = { en, 'zh-CN': zh } as const;
function labels(locale: Locale) {
  const t = createTranslator({ locale, messages: CATALOGS[locale], namespace: 'mail.campaignMail' });
  return { unsubscribe: t('unsubscribe'), testPrefix: t('testPrefix') };
}

function sender(campaign: Pick<CampaignRow, 'fromName' | 'fromAddress'>) {
  const config = mailConfig();
  return {
    from: { name: campaign.fromName ?? config.from.name, address: campaign.fromAddress ?? config.from.address },
    domain: config.domain,
  };
}

/** One member's email with its tracking links and RFC 8058 headers. */
export function memberEmail(campaign: CampaignRow, m: Recipient) {
  const links = memberLinks(m.id);
  const locale = m.locale ? negotiateLocale(m.locale) : DEFAULT_LOCALE;
  const rendered = renderCampaign(
    campaign,
    { ...mergeNames(m), email: m.email, unsubscribe_url: links.unsubscribePage },
    { openUrl: links.open, clickUrl: (url) => (campaign.links.includes(url) ? links.click(url) : url) },
    labels(locale).unsubscribe,
  );
  const { from, domain } = sender(campaign);
  const unsubscribeToken = new URL(links.oneClick).searchParams.get('t') ?? '';
  return {
    rendered,
    messageId: campaignMessageId(m.sendKey, domain),
    from,
    headers: {
      'List-Unsubscribe': listUnsubscribeHeader(links.oneClick, mailConfig().unsubscribeAddress, unsubscribeToken),
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      Precedence: 'bulk',
    },
  };
}

type Delivery = 'sent' | 'retry' | 'failed' | 'bounced' | 'lost';

/** Marks a member done while the claim is ours, with the campaign's counters, in one statement. */
async function finish(
  executor: typeof db | Tx,
  m: Pick<Recipient, 'id' | 'sendKey'>,
  set: { status: 'sent' | 'failed' | 'queued'; error?: string; retryInSeconds?: number; bounced?: boolean },
): Promise<boolean> {
  // A retry changes no counter (the member is queued again); sent and failed count once each.
  const counters =
    set.status === 'sent'
      ? sql`sent_count = sent_count + 1`
      : set.status === 'failed'
        ? sql`failed_count = failed_count + 1, bounced_count = bounced_count + ${set.bounced ? 1 : 0}`
        : null;
  const [r] = await rows<{ n: number }>(
    executor,
    sql`with m as (
          update ${campaignMembers} set status = ${set.status}::campaign_member_status,
            lease_until = null,
            sent_at = case when ${set.status} = 'sent' then now() else sent_at end,
            error = ${set.error?.slice(0, 300) ?? null},
            next_attempt_at = now() + make_interval(secs => ${set.retryInSeconds ?? 0})
          where id = ${m.id} and status = 'sending' and send_key = ${m.sendKey}
          returning campaign_id, customer_id
        ),
        c as (update ${campaigns} set ${counters ?? sql`sent_count = sent_count`} from m
          where ${counters !== null} and ${campaigns.id} = m.campaign_id),
        b as (
          update ${customers} set bounced_at = coalesce(bounced_at, now())
          from m where ${set.bounced === true} and ${customers.id} = m.customer_id
        )
        select count(*)::int as n from m`,
  );
  return r.n === 1;
}

type SmtpError = Error & { responseCode?: number };

async function deliver(campaign: CampaignRow, m: Recipient, s: Required<SendOptions>): Promise<Delivery> {
  const email = memberEmail(campaign, m);
  const transport = getTransport();
  if (!transport) {
    // The local catch-all (no SMTP_URL): the message row and the member's state in one transaction.
    const ok = await db.transaction(async (tx) => {
      await tx
        .insert(mailMessages)
        .values(outboxRow(email.messageId, email.from, m.email, email.rendered))
        .onConflictDoNothing({ target: mailMessages.messageId });
      return finish(tx, m, { status: 'sent' });
    });
    return ok ? 'sent' : 'lost';
  }
  try {
    await transport.sendMail({
      from: email.from,
      to: m.email,
      subject: email.rendered.subject,
      text: email.rendered.text,
      html: email.rendered.html ?? undefined,
      messageId: email.messageId,
      headers: email.headers,
    });
  } catch (error) {
    const code = (error as SmtpError).responseCode ?? 0;
    const message = error instanceof Error ? error.message : String(error);
    if (code >= 500 && code < 600) {
      return (await finish(db, m, { status: 'failed', error: message, bounced: true })) ? 'bounced' : 'lost';
    }
    if (m.attempts >= s.maxAttempts)
      return (await finish(db, m, { status: 'failed', error: message })) ? 'failed' : 'lost';
    const retryInSeconds = Math.min(3600, s.retryBaseSeconds * 2 ** (m.attempts - 1));
    return (await finish(db, m, { status: 'queued', error: message, retryInSeconds })) ? 'retry' : 'lost';
  }
  return (await finish(db, m, { status: 'sent' })) ? 'sent' : 'lost';
}

export function outboxRow(
  messageId: string,
  from: { name: string; address: string },
  to: string,
  rendered: Rendered,
): typeof mailMessages.$inferInsert {
  return {
    direction: 'out',
    status: 'sent',
    messageId,
    fromAddress: from.address,
    fromName: from.name,
    toAddresses: [to],
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    sentAt: sql`now()` as unknown as Date,
  };
}

/** Delivers a claim's members, `s.concurrency` at a time. */
async function deliverAll(
  campaign: CampaignRow,
  members: Recipient[],
  s: Required<SendOptions>,
  counts: Record<Delivery, number>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < members.length) {
      const m = members[next++];
      counts[await deliver(campaign, m, s)]++;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(s.concurrency, members.length)) }, lane));
}

export type SendRun = {
  outcome: 'done' | 'stopped' | 'wait' | 'budget';
  waitSeconds?: number;
  counts: Record<Delivery, number>;
};

/**
 * Sends a campaign's due members until none is left (done), it is paused or cancelled (stopped),
 * the rate limit or the next retry makes it wait, or the run's time budget is spent. Safe to run in
 * several processes at once.
 */
export async function runCampaignSend(campaignId: string, options: SendOptions = {}): Promise<SendRun> {
  const s = settings(options);
  const deadline = Date.now() + s.budgetMs;
  const counts: Record<Delivery, number> = { sent: 0, retry: 0, failed: 0, bounced: 0, lost: 0 };
  for (;;) {
    const c = await claim(campaignId, s);
    if (c.state === 'stopped' || c.state === 'done') return { outcome: c.state, counts };
    if (c.state === 'wait') return { outcome: 'wait', waitSeconds: c.seconds, counts };
    await deliverAll(c.campaign, c.members, s, counts);
    if (Date.now() > deadline) return { outcome: 'budget', counts };
  }
}

export { labels as campaignLabels, sender as campaignSender };
