import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';
import { db } from '@/db/client';
import { campaignMembers, campaigns, customers, segmentMembers, segments } from '@/db/schema';
import type { Viewer } from '@/lib/auth/permissions';
import { createCampaign } from '../campaigns';

// Test helpers for campaigns: a real SMTP server that keeps what it accepts, and an audience (a
// static segment of fresh customers).

export type Mailbox = {
  port: number;
  url: string;
  received: ParsedMail[];
  /** Accepted messages per recipient address. */
  countFor: (address: string) => number;
  close: () => Promise<void>;
};

export type MailboxOptions = {
  /** A reply code to refuse a recipient with ('451' temporary, '550' permanent), or null to accept. */
  onRecipient?: (address: string, session: SMTPServerSession) => number | null;
  /** Called with each parsed message before it is accepted; throwing refuses it (no 250). */
  beforeAccept?: (mail: ParsedMail, index: number) => void | Promise<void>;
};

export async function startMailbox(options: MailboxOptions = {}): Promise<Mailbox> {
  const received: ParsedMail[] = [];
  let seen = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onRcptTo(address: SMTPServerAddress, session, callback) {
      const code = options.onRecipient?.(address.address.toLowerCase(), session) ?? null;
      if (code === null) return callback();
      const error = new Error(code >= 500 ? 'No such user' : 'Try again later') as Error & { responseCode: number };
      error.responseCode = code;
      callback(error);
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then(async (parsed) => {
          await options.beforeAccept?.(parsed, seen++);
          received.push(parsed);
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    countFor: (address) =>
      received.filter((m) =>
        (Array.isArray(m.to) ? m.to : [m.to]).some((to) => to?.value.some((v) => v.address === address)),
      ).length,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let n = 0;
export const uniq = () => `${Date.now().toString(36)}${(++n).toString(36)}`;

export type AudienceSpec = Partial<typeof customers.$inferInsert>;

/** Fresh customers (consenting, own address unless given) in a new static segment; returns the segment and customers. */
export async function makeAudience(specs: AudienceSpec[]) {
  const tag = uniq();
  const rows = await db
    .insert(customers)
    .values(
      specs.map((spec, i) => ({
        kind: 'person' as const,
        name: `Person${i} ${tag}`,
        email: `p${i}.${tag}@example.org`,
        emailConsent: true,
        ...spec,
      })),
    )
    .returning();
  const [segment] = await db
    .insert(segments)
    .values({ name: `Audience ${tag}`, kind: 'static', definition: {}, memberCount: rows.length })
    .returning();
  await db.insert(segmentMembers).values(rows.map((r) => ({ segmentId: segment.id, customerId: r.id })));
  return { segmentId: segment.id, customers: rows };
}

/** The campaign's counters as stored on its row. */
export async function counters(campaignId: string) {
  const [row] = await db.select().from(campaigns).where(eq(campaigns.id, campaignId));
  return {
    status: row.status,
    audience: row.audienceCount,
    sent: row.sentCount,
    failed: row.failedCount,
    skipped: row.skippedCount,
    holdout: row.holdoutCount,
    opened: row.openedCount,
    clicked: row.clickedCount,
    unsubscribed: row.unsubscribedCount,
    bounced: row.bouncedCount,
    botOpens: row.botOpenCount,
  };
}

/** The link of the campaigns insertSentMember makes (in their body, so the click redirect follows it). */
export const SENT_LINK = 'https://shop.example.org/sale';

/** A member already sent (status 'sent', no SMTP) of a fresh campaign by `marketer`, and its customer. */
export async function insertSentMember(marketer: Viewer, spec: AudienceSpec = {}) {
  const { segmentId, customers: cs } = await makeAudience([spec]);
  const r = await createCampaign(marketer, {
    name: `Sent ${uniq()}`,
    subject: 'News',
    fromName: 'News',
    fromAddress: 'news@lodestar.test',
    bodyText: `Sale: ${SENT_LINK} Stop: {{unsubscribe_url}}`,
    bodyHtml: null,
    segmentId,
    cost: '0',
    ratePerMinute: 600,
    holdoutPercent: 0,
    attributionDays: 7,
  });
  if (!r.ok) throw new Error(r.reason);
  const [m] = await db
    .insert(campaignMembers)
    .values({ campaignId: r.id, customerId: cs[0].id, email: cs[0].email ?? '', status: 'sent', sentAt: new Date() })
    .returning({ id: campaignMembers.id });
  return { campaignId: r.id, memberId: m.id, customerId: cs[0].id };
}
