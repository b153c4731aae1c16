import 'server-only';
import { and, eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { campaigns, contacts, customers, mailMessages } from '@/db/schema';
import type { Result } from '@/lib/action-state';
import { audit } from '@/lib/audit/audit';
import { can, type Viewer } from '@/lib/auth/permissions';
import { liveCustomer } from '@/lib/customers/visibility';
import { DEFAULT_LOCALE, negotiateLocale } from '@/lib/i18n/config';
import { newMessageId } from '@/lib/mail/headers';
import { getTransport } from '@/lib/mail/transport';
import { publicBaseUrl } from '@/lib/service/csat';
import { UNSUBSCRIBE_PAGE } from './links';
import { mergeNames, renderCampaign } from './render';
import type { TestSendInput } from './schemas';
import { campaignLabels, campaignSender, contactName, outboxRow } from './send';

/**
 * Sends the campaign, rendered for one customer, to one address (the marketer's own): subject
 * marked as a test, no tracking, an unsubscribe link that unsubscribes nobody. Any status: a sent
 * campaign may be checked again. SMTP happens outside any transaction; the audit row follows.
 */
export async function testSendCampaign(
  viewer: Viewer,
  input: TestSendInput,
): Promise<Result<{ id: string; to: string }, 'forbidden' | 'notFound'>> {
  if (!can(viewer, 'marketing:write')) return { ok: false, reason: 'forbidden' };
  const [campaign] = await db.select().from(campaigns).where(eq(campaigns.id, input.id));
  const [customer] = await db
    .select({
      kind: customers.kind,
      name: customers.name,
      email: customers.email,
      locale: customers.locale,
      contactFirstName: contactName(contacts.firstName),
      contactLastName: contactName(contacts.lastName),
    })
    .from(customers)
    .where(and(eq(customers.id, input.customerId), liveCustomer()));
  if (!campaign || !customer) return { ok: false, reason: 'notFound' };
  const labels = campaignLabels(customer.locale ? negotiateLocale(customer.locale) : DEFAULT_LOCALE);
  const rendered = renderCampaign(
    campaign,
    {
      ...mergeNames(customer),
      email: customer.email ?? '',
      unsubscribe_url: `${publicBaseUrl()}${UNSUBSCRIBE_PAGE}`,
    },
    { openUrl: null, clickUrl: null },
    labels.unsubscribe,
  );
  rendered.subject = `${labels.testPrefix} ${rendered.subject}`;
  const { from, domain } = campaignSender(campaign);
  const messageId = newMessageId(domain);
  const to = input.to.toLowerCase();
  const transport = getTransport();
  if (transport)
    await transport.sendMail({
      from,
      to,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html ?? undefined,
      messageId,
    });
  else await db.insert(mailMessages).values(outboxRow(messageId, from, to, rendered));
  await audit(db, viewer, {
    action: 'testSend',
    entity: 'campaign',
    entityId: campaign.id,
    diff: { to, customerId: input.customerId },
  });
  return { ok: true, id: campaign.id, to };
}
