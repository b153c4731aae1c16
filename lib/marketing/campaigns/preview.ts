import 'server-only';
import { and, asc, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { contacts, customerScores, customers } from '@/db/schema';
import type { Result } from '@/lib/action-state';
import { can, type Viewer } from '@/lib/auth/permissions';
import { visibleCustomers } from '@/lib/customers/visibility';
import { DEFAULT_LOCALE, negotiateLocale } from '@/lib/i18n/config';
import { scoreJoin } from '@/lib/marketing/segments/compile';
import { getSegment, memberCondition } from '@/lib/marketing/segments/segments';
import { publicBaseUrl } from '@/lib/service/csat';
import { UNSUBSCRIBE_PAGE } from './links';
import { mergeNames, type Rendered, renderCampaign } from './render';
import type { PreviewCampaignInput, RecipientSearchInput } from './schemas';
import { campaignLabels, contactName } from './send';

// The editor's per-recipient preview (issue 13): a few customers of the chosen segment to pick
// from, and the campaign as written in the editor (saved or not) rendered for one of them, as the
// test send renders it (no tracking; an unsubscribe link that unsubscribes nobody). Marketing
// readers only (managers too: they read campaigns), and only customers of that segment's audience.

export type RecipientOption = { id: string; name: string; email: string | null };

/** Why a customer of the audience would get nothing when the campaign is sent (audience.ts's order). */
export type WouldSkip = 'no_address' | 'unsubscribed' | 'bounced' | 'no_consent' | null;

export type CampaignPreview = Rendered & { recipient: RecipientOption; wouldSkip: WouldSkip };

const RECIPIENT_LIMIT = 10;

/** The segment's audience as a condition on customers (plus whether it reads the scores), or null for no such segment. */
async function audienceOf(viewer: Viewer, segmentId: string) {
  const segment = await getSegment(viewer, segmentId);
  if (!segment) return null;
  const member = memberCondition(segment);
  return { join: member.join, where: and(visibleCustomers(viewer), member.where) as SQL };
}

/**
 * Up to ten customers of the segment to preview the campaign for: those whose name contains `q` or
 * whose address starts with it, else the first matches. Null for roles without marketing or an
 * unknown segment.
 */
export async function searchCampaignRecipients(
  viewer: Viewer,
  input: RecipientSearchInput,
): Promise<RecipientOption[] | null> {
  if (!can(viewer, 'marketing:read')) return null;
  const audience = await audienceOf(viewer, input.segmentId);
  if (!audience) return null;
  const q = input.q.replace(/[\\%_]/g, (c) => `\\${c}`);
  const where = q
    ? and(audience.where, or(ilike(customers.name, `%${q}%`), ilike(customers.email, `${q}%`)))
    : audience.where;
  const base = db.select({ id: customers.id }).from(customers).$dynamic();
  // The first matches, as the segment preview samples (an ORDER BY would rank every member first).
  const ids = (
    await (audience.join ? base.leftJoin(customerScores, scoreJoin()) : base).where(where).limit(RECIPIENT_LIMIT)
  ).map((r) => r.id);
  if (ids.length === 0) return [];
  return db
    .select({ id: customers.id, name: customers.name, email: customers.email })
    .from(customers)
    .where(inArray(customers.id, ids))
    .orderBy(asc(customers.name), asc(customers.id));
}

/**
 * The campaign's subject and bodies rendered for one customer of the segment's audience. A customer
 * outside it (or unknown, or deleted) is notFound, like one that does not exist.
 */
export async function previewCampaign(
  viewer: Viewer,
  input: PreviewCampaignInput,
): Promise<Result<{ preview: CampaignPreview }, 'forbidden' | 'notFound'>> {
  if (!can(viewer, 'marketing:read')) return { ok: false, reason: 'forbidden' };
  const audience = await audienceOf(viewer, input.segmentId);
  if (!audience) return { ok: false, reason: 'notFound' };
  const base = db
    .select({
      id: customers.id,
      kind: customers.kind,
      name: customers.name,
      email: customers.email,
      locale: customers.locale,
      contactFirstName: contactName(contacts.firstName),
      contactLastName: contactName(contacts.lastName),
      wouldSkip: sql<WouldSkip>`case
        when trim(coalesce(${customers.email}, '')) = '' then 'no_address'
        when ${customers.unsubscribedAt} is not null then 'unsubscribed'
        when ${customers.bouncedAt} is not null then 'bounced'
        when not ${customers.emailConsent} then 'no_consent' end`,
    })
    .from(customers)
    .$dynamic();
  const [customer] = await (audience.join ? base.leftJoin(customerScores, scoreJoin()) : base)
    .where(and(eq(customers.id, input.customerId), audience.where))
    .limit(1);
  if (!customer) return { ok: false, reason: 'notFound' };
  const labels = campaignLabels(customer.locale ? negotiateLocale(customer.locale) : DEFAULT_LOCALE);
  const rendered = renderCampaign(
    { subject: input.subject, bodyText: input.bodyText, bodyHtml: input.bodyHtml },
    {
      ...mergeNames(customer),
      email: customer.email ?? '',
      unsubscribe_url: `${publicBaseUrl()}${UNSUBSCRIBE_PAGE}`,
    },
    { openUrl: null, clickUrl: null },
    labels.unsubscribe,
  );
  return {
    ok: true,
    preview: {
      ...rendered,
      recipient: { id: customer.id, name: customer.name, email: customer.email },
      wouldSkip: customer.wouldSkip,
    },
  };
}

export type AudienceEstimate = { audience: number; sendable: number };

/**
 * The send-now confirmation's numbers: the segment's customers now, and those with an address and
 * consent (not unsubscribed or bounced). One count over the audience, on request only (the send
 * itself reads every member anyway); null for roles without marketing or an unknown segment.
 */
export async function estimateCampaignAudience(viewer: Viewer, segmentId: string): Promise<AudienceEstimate | null> {
  if (!can(viewer, 'marketing:read')) return null;
  const audience = await audienceOf(viewer, segmentId);
  if (!audience) return null;
  const base = db
    .select({
      audience: sql<number>`count(*)::int`,
      sendable: sql<number>`(count(*) filter (where trim(coalesce(${customers.email}, '')) <> ''
        and ${customers.unsubscribedAt} is null and ${customers.bouncedAt} is null and ${customers.emailConsent}))::int`,
    })
    .from(customers)
    .$dynamic();
  const [row] = await (audience.join ? base.leftJoin(customerScores, scoreJoin()) : base).where(audience.where);
  return row;
}
