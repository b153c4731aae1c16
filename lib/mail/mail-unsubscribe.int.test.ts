import { and, eq } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { auditLog, campaigns, cases, customers, mailMessages } from '@/db/schema';
import type { Viewer } from '@/lib/auth/permissions';
import { signToken } from '@/lib/marketing/campaigns/links';
import { memberEmail } from '@/lib/marketing/campaigns/send';
import { insertSentMember } from '@/lib/marketing/campaigns/testing/helpers';
import { setupTestDatabase } from '@/lib/testing/db';
import { createTestUser } from '@/lib/testing/factories';
import { mailConfig } from './config';
import { unsubscribeTokenInSubject } from './headers';
import { type MailListener, startMailListener } from './listener';

vi.mock('@/lib/auth/auth', async () => (await import('@/lib/testing/session-mock')).authMock);
vi.mock('next/cache', async () => (await import('@/lib/testing/next-mocks')).cacheMock);

setupTestDatabase();

// Unsubscribing by email (the mailto of List-Unsubscribe, issue 13), delivered over real SMTP to
// the inbound listener: an unsubscribe, never a case.

const SUPPORT = 'support@lodestar.test';
const UNSUBSCRIBE = 'unsubscribe@lodestar.test';

let marketer: Viewer;
let listener: MailListener;
let toListener: Transporter;

beforeAll(async () => {
  marketer = await createTestUser('marketer');
  listener = await startMailListener({ port: 0 });
  toListener = nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true });
});

afterAll(async () => {
  toListener?.close();
  await listener?.close();
});

const unsubscribedAt = async (id: string) =>
  (await db.select({ at: customers.unsubscribedAt }).from(customers).where(eq(customers.id, id)))[0].at;
const caseCount = async () => (await db.select({ id: cases.id }).from(cases)).length;
const storedMail = async () => (await db.select({ id: mailMessages.id }).from(mailMessages)).length;

describe('unsubscribe by email', () => {
  it('the campaign email’s List-Unsubscribe names the unsubscribe mailbox with the token in the subject', async () => {
    const { memberId, campaignId, customerId } = await insertSentMember(marketer);
    const [row] = await db.select().from(campaigns).where(eq(campaigns.id, campaignId));
    const mail = memberEmail(row, {
      id: memberId,
      customerId,
      email: 'x@example.org',
      sendKey: '00000000-0000-4000-8000-000000000000',
      attempts: 0,
      kind: 'person',
      name: 'X',
      locale: null,
      contactFirstName: null,
      contactLastName: null,
    });
    const header = mail.headers['List-Unsubscribe'];
    expect(mailConfig().unsubscribeAddress).toBe(UNSUBSCRIBE);
    const mailto = /<mailto:([^?]+)\?subject=([^>]+)>/.exec(header);
    expect(mailto?.[1]).toBe(UNSUBSCRIBE);
    const token = unsubscribeTokenInSubject(decodeURIComponent(mailto?.[2] ?? ''));
    expect(token).toBe(signToken({ kind: 'unsubscribe', memberId }));
    expect(header).toMatch(/^<https?:\/\/[^>]+\/api\/public\/unsubscribe\?t=/);
  });

  it('a message to the unsubscribe mailbox with the token unsubscribes the member, audited, and makes no case', async () => {
    const { memberId, customerId } = await insertSentMember(marketer);
    const before = { cases: await caseCount(), mail: await storedMail() };
    const token = signToken({ kind: 'unsubscribe', memberId });
    await toListener.sendMail({ from: 'p@example.org', to: UNSUBSCRIBE, subject: `unsubscribe ${token}`, text: '' });
    expect(await unsubscribedAt(customerId)).not.toBeNull();
    const audits = await db
      .select({ diff: auditLog.diff })
      .from(auditLog)
      .where(and(eq(auditLog.entityId, customerId), eq(auditLog.action, 'unsubscribe')));
    expect(audits).toEqual([{ diff: { campaignMemberId: memberId, via: 'mail' } }]);
    expect({ cases: await caseCount(), mail: await storedMail() }).toEqual(before);
  });

  it('the same subject sent to the support address (older emails named it) also unsubscribes, not a case', async () => {
    const { memberId, customerId } = await insertSentMember(marketer);
    const before = await caseCount();
    const token = signToken({ kind: 'unsubscribe', memberId });
    await toListener.sendMail({
      from: 'p@example.org',
      to: SUPPORT,
      subject: `Re: unsubscribe ${token}`,
      text: 'stop',
    });
    expect(await unsubscribedAt(customerId)).not.toBeNull();
    expect(await caseCount()).toBe(before);
  });

  it('anything else to the unsubscribe mailbox is dropped (a tampered token unsubscribes nobody); support mail is still a case', async () => {
    const { memberId, customerId } = await insertSentMember(marketer);
    const before = { cases: await caseCount(), mail: await storedMail() };
    const token = signToken({ kind: 'unsubscribe', memberId });
    const tampered = token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    await toListener.sendMail({ from: 'p@example.org', to: UNSUBSCRIBE, subject: `unsubscribe ${tampered}`, text: '' });
    await toListener.sendMail({ from: 'p@example.org', to: UNSUBSCRIBE, subject: 'please stop', text: 'stop' });
    expect(await unsubscribedAt(customerId)).toBeNull();
    expect({ cases: await caseCount(), mail: await storedMail() }).toEqual(before);
    await toListener.sendMail({ from: 'p@example.org', to: SUPPORT, subject: 'My order', text: 'Where is it?' });
    expect(await caseCount()).toBe(before.cases + 1);
  });
});
