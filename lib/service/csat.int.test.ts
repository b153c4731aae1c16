import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { auditLog, cases, contacts, mailMessages } from '@/db/schema';
import { stopBoss } from '@/lib/jobs/boss';
import { prepareQueue } from '@/lib/jobs/queues';
import { mailSendJob, queueCaseMail } from '@/lib/mail/outbound';
import { setupTestDatabase } from '@/lib/testing/db';
import { insertCustomer } from '@/lib/testing/fixtures';
import { answerCsatSurvey, CSAT_LIMIT, getCsatLink, hashCsatToken, issueCsatSurvey } from './csat';

setupTestDatabase();
afterAll(() => stopBoss(2_000));

let customerId: string;
let contactId: string;
let ipSeq = 0;
/** A fresh client address per call, so the rate limit stays out of tests about something else. */
const ip = () => `10.1.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}`;

beforeAll(async () => {
  customerId = (await insertCustomer({ ownerId: null, email: 'billing@acme.example' })).id;
  [{ id: contactId }] = await db
    .insert(contacts)
    .values({ customerId, firstName: 'Ada', lastName: 'Lovelace', email: 'ada@acme.example' })
    .returning({ id: contacts.id });
});

async function resolvedCase(values: Partial<typeof cases.$inferInsert> = {}) {
  const [row] = await db
    .insert(cases)
    .values({
      customerId,
      contactId,
      subject: 'Invoice shows the wrong VAT',
      description: 'SECRET-DESCRIPTION',
      status: 'resolved',
      resolvedAt: new Date(),
      ...values,
    })
    .returning({ id: cases.id, number: cases.number });
  return row;
}

async function survey(caseId: string, options: Parameters<typeof issueCsatSurvey>[2] = {}) {
  const s = await db.transaction((tx) => issueCsatSurvey(tx, caseId, { baseUrl: 'https://crm.example', ...options }));
  if (!s) throw new Error('no survey');
  return { ...s, token: s.path.slice('/csat/'.length) };
}

describe('issueCsatSurvey', () => {
  it('makes a 14-day link to the contact, storing only the token hash, and the email text carries the link', async () => {
    const c = await resolvedCase();
    const now = new Date('2026-11-02T10:00:00Z');
    const s = await survey(c.id, { now });
    expect(s.to).toBe('ada@acme.example');
    expect(s.url).toBe(`https://crm.example/csat/${s.token}`);
    expect(s.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(s.expiresAt.toISOString()).toBe('2026-11-16T10:00:00.000Z');
    expect(s.subject).toBe(`[#${c.number}] How did we do?`);
    expect(s.text).toContain(s.url);
    expect(s.text).toContain('Ada Lovelace');
    const [row] = await db.select().from(cases).where(eq(cases.id, c.id));
    expect(row.csatToken).toBe(hashCsatToken(s.token));
    expect(row.csatToken).not.toContain(s.token);
    const logged = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, c.id), eq(auditLog.action, 'csatSurveyIssued')));
    expect(logged).toHaveLength(1);
    expect(JSON.stringify(logged[0].diff)).not.toContain(s.token);
  });

  it('writes the email in Simplified Chinese when asked', async () => {
    const s = await survey((await resolvedCase()).id, { locale: 'zh-CN' });
    expect(s.subject).toContain('工单');
    expect(s.text).toContain(s.url);
  });

  it('writes the email in the language of the contact, else of the customer', async () => {
    const [{ id: chinese }] = await db
      .insert(contacts)
      .values({ customerId, firstName: '明', lastName: '李', email: 'li.ming@acme.example', locale: 'zh-CN' })
      .returning({ id: contacts.id });
    const toContact = await survey((await resolvedCase({ contactId: chinese })).id);
    expect(toContact.locale).toBe('zh-CN');
    expect(toContact.subject).toContain('工单');
    const zhCustomer = (await insertCustomer({ ownerId: null, email: 'caiwu@example.cn', locale: 'zh' })).id;
    const toCustomer = await survey((await resolvedCase({ customerId: zhCustomer, contactId: null })).id);
    expect(toCustomer).toMatchObject({ to: 'caiwu@example.cn', locale: 'zh-CN' });
    // Ada has no language of her own: English.
    expect((await survey((await resolvedCase()).id)).locale).toBe('en');
  });

  it("writes in the contact's language, else the customer's (the customer form sets it); English when not known", async () => {
    const zhCustomer = (await insertCustomer({ ownerId: null, email: 'caiwu@example.cn', locale: 'zh-CN' })).id;
    const viaCustomer = await survey((await resolvedCase({ customerId: zhCustomer, contactId: null })).id);
    expect(viaCustomer).toMatchObject({ locale: 'zh-CN', to: 'caiwu@example.cn' });
    expect(viaCustomer.subject).toContain('工单');
    const [{ id: enContact }] = await db
      .insert(contacts)
      .values({ customerId: zhCustomer, firstName: 'Li', email: 'li@example.cn', locale: 'en' })
      .returning({ id: contacts.id });
    const viaContact = await survey((await resolvedCase({ customerId: zhCustomer, contactId: enContact })).id);
    expect(viaContact).toMatchObject({ locale: 'en', to: 'li@example.cn' });
    expect((await survey((await resolvedCase()).id)).locale).toBe('en');
    // The email that carries it, and a reply's, end with the case footer in that language.
    const c = await resolvedCase({ customerId: zhCustomer, contactId: null });
    await prepareQueue(mailSendJob);
    const queued = await db.transaction((tx) => queueCaseMail(tx, { caseId: c.id, text: 'Hello' }));
    expect(queued.queued).toBe(true);
    const [mail] = await db.select().from(mailMessages).where(eq(mailMessages.caseId, c.id));
    expect(mail.text).toContain(`工单 #${c.number} · 直接回复此邮件即可补充到工单中。`);
  });

  it('asks nothing of an open case, an answered case or one without any address', async () => {
    const open = await resolvedCase({ status: 'open', resolvedAt: null });
    const answered = await resolvedCase({ csatRating: 5, csatAnsweredAt: new Date() });
    const noMailCustomer = (await insertCustomer({ ownerId: null, email: null })).id;
    const noMail = await resolvedCase({ customerId: noMailCustomer, contactId: null });
    for (const c of [open, answered, noMail])
      expect(await db.transaction((tx) => issueCsatSurvey(tx, c.id))).toBeNull();
    const [row] = await db.select({ token: cases.csatToken }).from(cases).where(eq(cases.id, open.id));
    expect(row.token).toBeNull();
  });

  it('a new survey for the same case (resolved again) kills the earlier link', async () => {
    const c = await resolvedCase();
    const first = await survey(c.id);
    const second = await survey(c.id);
    expect(await getCsatLink(first.token)).toEqual({ state: 'invalid' });
    expect((await getCsatLink(second.token)).state).toBe('open');
  });
});

describe('the public survey', () => {
  it('shows the case number and subject only', async () => {
    const c = await resolvedCase();
    const s = await survey(c.id);
    expect(await getCsatLink(s.token)).toEqual({
      state: 'open',
      caseNumber: c.number,
      subject: 'Invoice shows the wrong VAT',
    });
  });

  it('stores one answer, audited as the contact through the survey (no user)', async () => {
    const c = await resolvedCase();
    const s = await survey(c.id);
    const now = new Date();
    expect(await answerCsatSurvey(s.token, { rating: '4', comment: '  Quick and kind.  ' }, { ip: ip(), now })).toEqual(
      {
        status: 'saved',
      },
    );
    const [row] = await db.select().from(cases).where(eq(cases.id, c.id));
    expect([row.csatRating, row.csatComment, row.csatAnsweredAt?.getTime()]).toEqual([
      4,
      'Quick and kind.',
      now.getTime(),
    ]);
    const [entry] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, c.id), eq(auditLog.action, 'csatAnswered')));
    expect(entry.actorId).toBeNull();
    expect(entry.diff).toMatchObject({ csatRating: [null, 4], by: 'contact', contactId });
    // Replay and a second answer are refused, and the first stands.
    expect(await answerCsatSurvey(s.token, { rating: '1' }, { ip: ip() })).toEqual({ status: 'answered' });
    expect(await getCsatLink(s.token)).toEqual({ state: 'answered' });
    const [after] = await db.select({ rating: cases.csatRating }).from(cases).where(eq(cases.id, c.id));
    expect(after.rating).toBe(4);
  });

  it('of concurrent answers exactly one is stored', async () => {
    const c = await resolvedCase();
    const s = await survey(c.id);
    const outcomes = await Promise.all(
      [1, 2, 3, 4, 5].map((rating) => answerCsatSurvey(s.token, { rating: String(rating) }, { ip: ip() })),
    );
    expect(outcomes.filter((o) => o.status === 'saved')).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'answered')).toHaveLength(4);
    const answers = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, c.id), eq(auditLog.action, 'csatAnswered')));
    expect(answers).toHaveLength(1);
  });

  it('an expired link shows and stores nothing', async () => {
    const c = await resolvedCase();
    const s = await survey(c.id, { now: new Date(Date.now() - 15 * 86_400_000) });
    expect(await getCsatLink(s.token)).toEqual({ state: 'expired' });
    expect(await answerCsatSurvey(s.token, { rating: '5' }, { ip: ip() })).toEqual({ status: 'expired' });
    const [row] = await db.select({ rating: cases.csatRating }).from(cases).where(eq(cases.id, c.id));
    expect(row.rating).toBeNull();
  });

  it('a case reopened since the survey was sent takes no answer (its link reads as expired)', async () => {
    const c = await resolvedCase();
    const s = await survey(c.id);
    await db.update(cases).set({ status: 'open', resolvedAt: null }).where(eq(cases.id, c.id));
    expect(await getCsatLink(s.token)).toEqual({ state: 'expired' });
    expect(await answerCsatSurvey(s.token, { rating: '1' }, { ip: ip() })).toEqual({ status: 'expired' });
    const [row] = await db.select({ rating: cases.csatRating }).from(cases).where(eq(cases.id, c.id));
    expect(row.rating).toBeNull();
  });

  it('forged tokens are invalid: random, the stored hash, the case id, a near miss', async () => {
    const c = await resolvedCase();
    const s = await survey(c.id);
    const [row] = await db.select({ hash: cases.csatToken }).from(cases).where(eq(cases.id, c.id));
    const nearMiss = `${s.token.slice(0, -1)}${s.token.endsWith('A') ? 'B' : 'A'}`;
    for (const forged of [randomBytes(32).toString('base64url'), row.hash!, c.id, nearMiss, '', '../../etc']) {
      expect(await getCsatLink(forged)).toEqual({ state: 'invalid' });
      expect(await answerCsatSurvey(forged, { rating: '5' }, { ip: ip() })).toEqual({ status: 'invalid' });
    }
    expect((await getCsatLink(s.token)).state).toBe('open');
  });

  it('refuses a rating outside 1–5 and a comment with a NUL or over 2000 characters', async () => {
    const s = await survey((await resolvedCase()).id);
    for (const rating of ['0', '6', '4.5', 'five', undefined])
      expect(await answerCsatSurvey(s.token, { rating }, { ip: ip() })).toEqual({
        status: 'badInput',
        fields: ['rating'],
      });
    for (const comment of ['a\u0000b', 'x'.repeat(2001)])
      expect(await answerCsatSurvey(s.token, { rating: '3', comment }, { ip: ip() })).toEqual({
        status: 'badInput',
        fields: ['comment'],
      });
    expect((await getCsatLink(s.token)).state).toBe('open');
  });

  it(`limits answers per address: ${CSAT_LIMIT.max} in ${CSAT_LIMIT.windowMinutes} minutes, then 429-style refusals`, async () => {
    const address = '203.0.113.77';
    const now = new Date('2026-11-20T08:00:00Z');
    for (let i = 0; i < CSAT_LIMIT.max; i++)
      expect((await answerCsatSurvey('x', { rating: '5' }, { ip: address, now })).status).toBe('invalid');
    const s = await survey((await resolvedCase()).id);
    expect(await answerCsatSurvey(s.token, { rating: '5' }, { ip: address, now })).toMatchObject({
      status: 'rateLimited',
    });
    // Another address is not limited.
    expect(await answerCsatSurvey(s.token, { rating: '5' }, { ip: '203.0.113.78', now })).toEqual({ status: 'saved' });
  });
});
