import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { GET as clickRoute } from '@/app/api/public/c/click/route';
import { GET as openRoute } from '@/app/api/public/c/open/route';
import { POST as unsubscribeRoute } from '@/app/api/public/unsubscribe/route';
import { db } from '@/db/client';
import { auditLog, campaignMembers, campaigns, contacts, customers, mailMessages } from '@/db/schema';
import type { Viewer } from '@/lib/auth/permissions';
import { stopBoss } from '@/lib/jobs/boss';
import { work } from '@/lib/jobs/queues';
import { closeTransport } from '@/lib/mail/transport';
import { setupTestDatabase } from '@/lib/testing/db';
import { createTestUser } from '@/lib/testing/factories';
import { signInAs } from '@/lib/testing/session-mock';
import {
  cancelCampaignAction,
  createCampaignAction,
  pauseCampaignAction,
  resumeCampaignAction,
  scheduleCampaignAction,
  sendCampaignNowAction,
  testSendCampaignAction,
  updateCampaignAction,
} from './campaign-actions';
import {
  createCampaign,
  getCampaign,
  listCampaigns,
  pauseCampaign,
  resumeCampaign,
  scheduleCampaign,
  sendCampaignNow,
  startDueCampaigns,
  updateCampaign,
} from './campaigns';
import { signToken } from './links';
import { listCampaignMembers } from './members';
import type { CampaignInput } from './schemas';
import { runCampaignSend } from './send';
import { campaignSendJob } from './send-job';
import { counters, type Mailbox, makeAudience, startMailbox, uniq } from './testing/helpers';
import { holdoutBucket } from './tokens';
import { unsubscribeTarget } from './tracking';

vi.mock('@/lib/auth/auth', async () => (await import('@/lib/testing/session-mock')).authMock);
vi.mock('next/cache', async () => (await import('@/lib/testing/next-mocks')).cacheMock);

setupTestDatabase();

let admin: Viewer, manager: Viewer, marketer: Viewer, rep: Viewer, agent: Viewer;
let mailbox: Mailbox;
/** Recipients refused once with 451 (then accepted), and always with 550. */
const tempFailOnce = new Set<string>();
const permanentFail = new Set<string>();

beforeAll(async () => {
  [admin, manager, marketer, rep, agent] = await Promise.all(
    (['admin', 'manager', 'marketer', 'sales_rep', 'service_agent'] as const).map((r) => createTestUser(r)),
  );
  mailbox = await startMailbox({
    onRecipient: (address) => {
      if (permanentFail.has(address)) return 550;
      if (tempFailOnce.delete(address)) return 451;
      return null;
    },
  });
  process.env.SMTP_URL = mailbox.url;
  process.env.APP_URL = 'https://crm.example.test';
});

afterAll(async () => {
  delete process.env.SMTP_URL;
  delete process.env.APP_URL;
  closeTransport();
  await mailbox?.close();
  await stopBoss(2_000);
});

beforeEach(() => signInAs(null));

const HTML =
  '<html><body><p>Hello {{first_name}} {{last_name}} of {{company}}</p><a href="https://shop.example.org/sale?a=1&amp;b=2">Sale</a> <a href="{{unsubscribe_url}}">Unsubscribe</a></body></html>';

function input(segmentId: string | null, over: Partial<CampaignInput> = {}): CampaignInput {
  return {
    name: `Spring ${uniq()}`,
    subject: 'News for {{first_name}}',
    fromName: 'Lodestar News',
    fromAddress: 'news@lodestar.test',
    bodyText: 'Hello {{first_name}}. Sale: https://shop.example.org/sale?a=1&b=2 Stop: {{unsubscribe_url}}',
    bodyHtml: HTML,
    segmentId,
    cost: '100.00',
    ratePerMinute: 600,
    holdoutPercent: 0,
    attributionDays: 7,
    ...over,
  };
}

async function created(segmentId: string | null, over: Partial<CampaignInput> = {}) {
  const r = await createCampaign(marketer, input(segmentId, over));
  if (!r.ok) throw new Error(r.reason);
  return r.id;
}

async function start(id: string) {
  const [row] = await db.select({ version: campaigns.version }).from(campaigns).where(eq(campaigns.id, id));
  const r = await sendCampaignNow(marketer, { id, version: row.version });
  if (!r.ok) throw new Error(r.reason);
  return r.counts;
}

const members = (campaignId: string) =>
  db
    .select({
      customerId: campaignMembers.customerId,
      email: campaignMembers.email,
      status: campaignMembers.status,
      skipReason: campaignMembers.skipReason,
      attempts: campaignMembers.attempts,
      id: campaignMembers.id,
      sendKey: campaignMembers.sendKey,
    })
    .from(campaignMembers)
    .where(eq(campaignMembers.campaignId, campaignId));

describe('audience materialisation', () => {
  it('marks skips (no address, unsubscribed, bounced, no consent, duplicate address) and draws the seeded holdout among the sendable', async () => {
    const sendable = Array.from({ length: 40 }, () => ({}));
    const { segmentId, customers: cs } = await makeAudience([
      { email: null },
      { email: '   ' },
      { unsubscribedAt: new Date() },
      { bouncedAt: new Date() },
      { emailConsent: false },
      { email: 'Same@Example.org' },
      { email: ' same@example.org' },
      { deletedAt: new Date() },
      ...sendable,
    ]);
    const id = await created(segmentId, { holdoutPercent: 30 });
    const [{ seed }] = await db.select({ seed: campaigns.holdoutSeed }).from(campaigns).where(eq(campaigns.id, id));
    const counts = await start(id);

    const byCustomer = new Map((await members(id)).map((m) => [m.customerId, m]));
    expect(byCustomer.size).toBe(cs.length - 1); // the deleted customer is no member
    const reasons = cs.slice(0, 5).map((c) => byCustomer.get(c.id)?.skipReason);
    expect(reasons).toEqual(['no_address', 'no_address', 'unsubscribed', 'bounced', 'no_consent']);
    // The two spellings of one address: the smaller id is kept, the other is the duplicate.
    const [a, b] = [cs[5], cs[6]].sort((x, y) => (x.id < y.id ? -1 : 1));
    expect(byCustomer.get(a.id)?.skipReason).not.toBe('duplicate');
    expect(byCustomer.get(b.id)).toMatchObject({ status: 'skipped', skipReason: 'duplicate' });
    expect(byCustomer.has(cs[7].id)).toBe(false);

    // Holdout: exactly those sendable customers whose md5(seed || id) bucket is below 30.
    const candidates = [a, ...cs.slice(8)];
    const expectedHoldout = candidates.filter((c) => holdoutBucket(seed, c.id) < 30).map((c) => c.id);
    const actualHoldout = [...byCustomer.values()].filter((m) => m.status === 'holdout').map((m) => m.customerId);
    expect(actualHoldout.sort()).toEqual(expectedHoldout.sort());
    expect(expectedHoldout.length).toBeGreaterThan(3);
    expect(expectedHoldout.length).toBeLessThan(candidates.length - 3);

    expect(counts).toEqual({
      audience: 47,
      skipped: 6,
      holdout: expectedHoldout.length,
      queued: 41 - expectedHoldout.length,
    });
    expect(await counters(id)).toMatchObject({
      status: 'sending',
      audience: 47,
      skipped: 6,
      holdout: expectedHoldout.length,
    });
  });
});

describe('sending over real SMTP', () => {
  it('the send job delivers one email per queued recipient, merged and escaped, with RFC 8058 headers and the Message-ID of its send key', async () => {
    const { segmentId, customers: cs } = await makeAudience([
      { name: 'Ann <b>Lee</b>' },
      { kind: 'company', name: 'R&D Ltd' },
      {},
      { emailConsent: false },
    ]);
    const id = await created(segmentId);
    await start(id);
    await work(campaignSendJob, { pollingIntervalSeconds: 0.5 });
    const deadline = Date.now() + 30_000;
    while ((await counters(id)).status !== 'sent') {
      if (Date.now() > deadline) throw new Error('campaign not sent in 30 s');
      await new Promise((r) => setTimeout(r, 200));
    }
    for (const c of cs.slice(0, 3)) expect(mailbox.countFor(c.email!)).toBe(1);
    expect(mailbox.countFor(cs[3].email!)).toBe(0);
    expect(await counters(id)).toMatchObject({ status: 'sent', audience: 4, sent: 3, skipped: 1, failed: 0 });

    const ann = mailbox.received.find((m) => m.subject === 'News for Ann')!;
    expect(ann.html).toContain('Hello Ann &lt;b&gt;Lee&lt;/b&gt; of </p>');
    expect(ann.from?.value[0]).toMatchObject({ address: 'news@lodestar.test', name: 'Lodestar News' });
    // Raw header lines (mailparser folds List-* headers into its own structure).
    const header = (name: string) =>
      ann.headerLines
        .find((h) => h.key === name)
        ?.line.slice(name.length + 1)
        .replace(/\r?\n[ \t]+/g, ' ')
        .trim();
    const listUnsubscribe = header('list-unsubscribe') ?? '';
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(listUnsubscribe).toMatch(
      /^<https:\/\/crm\.example\.test\/api\/public\/unsubscribe\?t=[^>]+>, <mailto:unsubscribe@lodestar\.test\?subject=unsubscribe/,
    );
    const [member] = (await members(id)).filter((m) => m.customerId === cs[0].id);
    expect(member.status).toBe('sent');
    expect(ann.messageId).toBe(`<c.${member.sendKey}@lodestar.test>`);
    // The body's link goes through the click redirect; the pixel is there.
    expect(ann.html).toMatch(/href="https:\/\/crm\.example\.test\/api\/public\/c\/click\?t=/);
    expect(ann.html).toMatch(/<img src="https:\/\/crm\.example\.test\/api\/public\/c\/open\?t=/);
    const company = mailbox.received.find((m) => m.html && String(m.html).includes('of R&amp;D Ltd'));
    expect(company).toBeTruthy();
    // The other tests drive the worker loop themselves: no job worker may race them.
    await stopBoss(5_000);
  });

  it('a temporary 4xx refusal is retried after the back-off and then sent once', async () => {
    const { segmentId, customers: cs } = await makeAudience([{}]);
    tempFailOnce.add(cs[0].email!);
    const id = await created(segmentId);
    await start(id);
    const first = await runCampaignSend(id, { retryBaseSeconds: 1 });
    expect(first.counts).toMatchObject({ retry: 1, sent: 0 });
    expect(first.outcome).toBe('wait');
    expect((await members(id))[0]).toMatchObject({ status: 'queued', attempts: 1 });
    await new Promise((r) => setTimeout(r, 1_100));
    const second = await runCampaignSend(id, { retryBaseSeconds: 1 });
    expect(second).toMatchObject({ outcome: 'done', counts: { sent: 1 } });
    expect((await members(id))[0]).toMatchObject({ status: 'sent', attempts: 2 });
    expect(mailbox.countFor(cs[0].email!)).toBe(1);
    expect(await counters(id)).toMatchObject({ status: 'sent', sent: 1, failed: 0 });
  });

  it('a permanent 5xx fails the member and marks the customer bounced: the next campaign skips them', async () => {
    const { segmentId, customers: cs } = await makeAudience([{}, {}]);
    permanentFail.add(cs[0].email!);
    const id = await created(segmentId);
    await start(id);
    expect((await runCampaignSend(id)).counts).toMatchObject({ bounced: 1, sent: 1 });
    const [customer] = await db.select().from(customers).where(eq(customers.id, cs[0].id));
    expect(customer.bouncedAt).not.toBeNull();
    expect(await counters(id)).toMatchObject({ status: 'sent', sent: 1, failed: 1, bounced: 1 });
    const next = await created(segmentId);
    await start(next);
    const m = (await members(next)).find((x) => x.customerId === cs[0].id);
    expect(m).toMatchObject({ status: 'skipped', skipReason: 'bounced' });
    expect(mailbox.countFor(cs[0].email!)).toBe(0);
  });

  it('checks consent again at send time, and fails (without a bounce) a member whose retries are spent', async () => {
    const { segmentId, customers: cs } = await makeAudience([{}, {}, {}]);
    tempFailOnce.add(cs[2].email!);
    const id = await created(segmentId);
    await start(id);
    await db.update(customers).set({ unsubscribedAt: new Date() }).where(eq(customers.id, cs[0].id));
    const run = await runCampaignSend(id, { maxAttempts: 1 });
    expect(run).toMatchObject({ outcome: 'done', counts: { sent: 1, failed: 1, bounced: 0 } });
    const byCustomer = new Map((await members(id)).map((m) => [m.customerId, m]));
    expect(byCustomer.get(cs[0].id)).toMatchObject({ status: 'skipped', skipReason: 'unsubscribed' });
    expect(byCustomer.get(cs[2].id)).toMatchObject({ status: 'failed', attempts: 1 });
    expect(mailbox.countFor(cs[0].email!)).toBe(0);
    expect(await counters(id)).toMatchObject({
      status: 'sent',
      audience: 3,
      sent: 1,
      skipped: 1,
      failed: 1,
      bounced: 0,
    });
    expect((await db.select().from(customers).where(eq(customers.id, cs[2].id)))[0].bouncedAt).toBeNull();
  });

  it('without SMTP_URL the messages go to the Outbox catch-all, once each, with their Message-ID', async () => {
    const { segmentId, customers: cs } = await makeAudience([{}, {}]);
    const id = await created(segmentId);
    await start(id);
    delete process.env.SMTP_URL;
    try {
      expect(await runCampaignSend(id)).toMatchObject({ outcome: 'done', counts: { sent: 2 } });
    } finally {
      process.env.SMTP_URL = mailbox.url;
    }
    const sent = await members(id);
    const outbox = await db
      .select()
      .from(mailMessages)
      .where(
        inArray(
          mailMessages.messageId,
          sent.map((m) => `<c.${m.sendKey}@lodestar.test>`),
        ),
      );
    expect(outbox.map((m) => m.toAddresses[0]).sort()).toEqual(cs.map((c) => c.email).sort());
    expect(outbox.every((m) => m.status === 'sent' && m.direction === 'out' && m.sentAt !== null)).toBe(true);
    expect(cs.reduce((n, c) => n + mailbox.countFor(c.email!), 0)).toBe(0);
  });

  it('keeps to the rate limit per minute: the run stops at the limit and waits for the next window', async () => {
    const { segmentId, customers: cs } = await makeAudience(Array.from({ length: 5 }, () => ({})));
    const id = await created(segmentId, { ratePerMinute: 3 });
    await start(id);
    const run = await runCampaignSend(id);
    expect(run.counts.sent).toBe(3);
    expect(run.outcome).toBe('wait');
    expect(run.waitSeconds).toBeGreaterThan(50);
    expect(cs.reduce((n, c) => n + mailbox.countFor(c.email!), 0)).toBe(3);
  });

  it('pause stops the send, resume continues it, cancel ends it for good', async () => {
    const { segmentId } = await makeAudience([{}, {}]);
    const id = await created(segmentId);
    await start(id);
    const v = async () => (await db.select().from(campaigns).where(eq(campaigns.id, id)))[0].version;
    expect(await pauseCampaign(marketer, { id, version: await v() })).toMatchObject({ ok: true });
    expect(await runCampaignSend(id)).toMatchObject({ outcome: 'stopped', counts: { sent: 0 } });
    expect(await pauseCampaign(marketer, { id, version: await v() })).toMatchObject({
      ok: false,
      reason: 'campaignState',
    });
    expect(await resumeCampaign(marketer, { id, version: await v() })).toMatchObject({ ok: true });
    expect(await runCampaignSend(id)).toMatchObject({ outcome: 'done', counts: { sent: 2 } });
    signInAs(marketer);
    expect(await cancelCampaignAction({ id, version: await v() })).toMatchObject({
      ok: false,
      reason: 'campaignState',
    });
  });
});

describe('tracking and unsubscribe', () => {
  async function sentMember() {
    const { segmentId, customers: cs } = await makeAudience([{}]);
    const id = await created(segmentId);
    await start(id);
    await runCampaignSend(id);
    const [m] = await members(id);
    return { campaignId: id, memberId: m.id, customerId: cs[0].id, segmentId };
  }
  const get = (path: string, headers: Record<string, string> = { 'user-agent': 'Mozilla/5.0 Thunderbird/128.0' }) =>
    new Request(`https://crm.example.test${path}`, { headers });

  it('counts a person opening once per member, a scanner apart; a tampered pixel token is 404', async () => {
    const { campaignId, memberId } = await sentMember();
    const token = signToken({ kind: 'open', memberId });
    const pixel = `/api/public/c/open?t=${encodeURIComponent(token)}`;
    expect((await openRoute(get(pixel))).status).toBe(200);
    expect((await openRoute(get(pixel))).status).toBe(200);
    expect((await openRoute(get(pixel, { 'user-agent': 'Mozilla/5.0 (compatible; Barracuda)' }))).status).toBe(200);
    expect(await counters(campaignId)).toMatchObject({ opened: 1, botOpens: 1 });
    const [m] = await db.select().from(campaignMembers).where(eq(campaignMembers.id, memberId));
    expect(m).toMatchObject({ openCount: 2, botOpenCount: 1 });
    const tampered = token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await openRoute(get(`/api/public/c/open?t=${encodeURIComponent(tampered)}`))).status).toBe(404);
    expect((await openRoute(get('/api/public/c/open'))).status).toBe(404);
    expect(await counters(campaignId)).toMatchObject({ opened: 1, botOpens: 1 });
  });

  it("redirects a click only to a link of the campaign's body: a signed token for another URL and a tampered one are 404", async () => {
    const { campaignId, memberId } = await sentMember();
    const ok = signToken({ kind: 'click', memberId, url: 'https://shop.example.org/sale?a=1&b=2' });
    const res = await clickRoute(get(`/api/public/c/click?t=${encodeURIComponent(ok)}`));
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('https://shop.example.org/sale?a=1&b=2');
    const foreign = signToken({ kind: 'click', memberId, url: 'https://evil.example.net/' });
    expect((await clickRoute(get(`/api/public/c/click?t=${encodeURIComponent(foreign)}`))).status).toBe(404);
    const [body, , sig] = [ok.slice(0, ok.lastIndexOf('.')), 0, ok.slice(ok.lastIndexOf('.') + 1)];
    const swapped = `${body.slice(0, body.lastIndexOf('.'))}.${Buffer.from('https://evil.example.net/').toString('base64url')}.${sig}`;
    expect((await clickRoute(get(`/api/public/c/click?t=${encodeURIComponent(swapped)}`))).status).toBe(404);
    expect(await counters(campaignId)).toMatchObject({ clicked: 1 });
  });

  it('the one-click POST unsubscribes the customer (once), audited; a later campaign skips them; opening the page changes nothing', async () => {
    const { campaignId, memberId, customerId, segmentId } = await sentMember();
    const token = encodeURIComponent(signToken({ kind: 'unsubscribe', memberId }));
    const post = () =>
      unsubscribeRoute(
        new Request(`https://crm.example.test/api/public/unsubscribe?t=${token}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'List-Unsubscribe=One-Click',
        }),
      );
    // Opening the page (what a link scanner does) reads the target and changes nothing.
    expect(await unsubscribeTarget(decodeURIComponent(token))).toMatchObject({ memberId, unsubscribed: false });
    expect((await db.select().from(customers).where(eq(customers.id, customerId)))[0].unsubscribedAt).toBeNull();
    expect((await post()).status).toBe(200);
    expect((await post()).status).toBe(200);
    const [c] = await db.select().from(customers).where(eq(customers.id, customerId));
    expect(c.unsubscribedAt).not.toBeNull();
    expect(await counters(campaignId)).toMatchObject({ unsubscribed: 1 });
    const audits = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, customerId), eq(auditLog.action, 'unsubscribe')));
    expect(audits).toHaveLength(1);
    const bad = await unsubscribeRoute(
      new Request('https://crm.example.test/api/public/unsubscribe?t=u.x.y', {
        method: 'POST',
        body: 'List-Unsubscribe=One-Click',
      }),
    );
    expect(bad.status).toBe(404);

    const next = await created(segmentId);
    await start(next);
    expect((await members(next))[0]).toMatchObject({ status: 'skipped', skipReason: 'unsubscribed' });
    expect(await runCampaignSend(next)).toMatchObject({ outcome: 'done', counts: { sent: 0 } });
  });
});

describe('editing, scheduling and rights', () => {
  it('refuses an unknown merge field next to its field, and a stale version', async () => {
    signInAs(marketer);
    const bad = await createCampaignAction({
      ...input(null),
      bodyHtml: '<p>{{firstname}}</p>',
      subject: 'Hi {{ nme }}',
    });
    expect(bad).toMatchObject({ ok: false, reason: 'invalid' });
    expect(bad.fieldErrors).toMatchObject({ bodyHtml: ['mergeField'], subject: ['mergeField'] });
    const made = await createCampaignAction(input(null));
    expect(made.ok).toBe(true);
    const id = made.id!;
    expect(await updateCampaignAction({ ...input(null), name: 'Renamed', id, version: 1 })).toMatchObject({ ok: true });
    expect(await updateCampaignAction({ ...input(null), name: 'Again', id, version: 1 })).toMatchObject({
      ok: false,
      reason: 'stale',
    });
    // No audience: neither scheduled nor sent.
    expect(await sendCampaignNowAction({ id, version: 2 })).toMatchObject({ ok: false, reason: 'noAudience' });
  });

  it('refuses a segment that does not exist (or was deleted) next to the segment field, saving nothing', async () => {
    signInAs(marketer);
    const gone = '00000000-0000-4000-8000-000000000000';
    const before = await db.$count(campaigns);
    const made = await createCampaignAction(input(gone));
    expect(made).toMatchObject({ ok: false, reason: 'noAudience', fieldErrors: { segmentId: ['noAudience'] } });
    expect(await db.$count(campaigns)).toBe(before);
    const draft = await createCampaignAction(input(null));
    expect(draft.ok).toBe(true);
    expect(await updateCampaignAction({ ...input(gone), id: draft.id!, version: 1 })).toMatchObject({
      ok: false,
      reason: 'noAudience',
    });
    expect((await getCampaign(marketer, draft.id!))?.version).toBe(1);
  });

  it('a scheduled campaign starts when due, by the due job, as the system', async () => {
    const { segmentId } = await makeAudience([{}]);
    const id = await created(segmentId);
    const at = new Date(Date.now() + 60_000);
    expect(await scheduleCampaign(marketer, { id, version: 1, scheduledAt: at })).toMatchObject({ ok: true });
    expect(await startDueCampaigns(new Date(Date.now() + 30_000))).not.toContain(id);
    expect(await startDueCampaigns(new Date(Date.now() + 61_000))).toContain(id);
    expect(await counters(id)).toMatchObject({ status: 'sending', audience: 1 });
    expect(await updateCampaign(marketer, { ...input(segmentId), id, version: 3 })).toMatchObject({
      ok: false,
      reason: 'campaignState',
    });
  });

  it('test send: the campaign rendered for a chosen customer, to one address, marked as a test, without tracking', async () => {
    const { segmentId, customers: cs } = await makeAudience([
      { name: 'Zoe Quinn' },
      { name: 'Acme Co', kind: 'company' },
    ]);
    await db.insert(contacts).values([
      { customerId: cs[1].id, firstName: 'Old', lastName: 'Contact' },
      { customerId: cs[1].id, firstName: 'Pat', lastName: 'Primary', isPrimary: true },
    ]);
    const id = await created(segmentId);
    signInAs(marketer);
    const to = `me.${uniq()}@example.org`;
    expect(await testSendCampaignAction({ id, customerId: cs[0].id, to })).toMatchObject({ ok: true });
    expect(mailbox.countFor(to)).toBe(1);
    const mail = mailbox.received.find((m) => m.subject === '[Test] News for Zoe')!;
    expect(mail.html).toContain('Hello Zoe Quinn of </p>');
    expect(mail.html).not.toContain('/api/public/c/');
    expect(mailbox.countFor(cs[0].email!)).toBe(0);
    // A company's merge names are its primary contact's.
    const to2 = `me.${uniq()}@example.org`;
    expect(await testSendCampaignAction({ id, customerId: cs[1].id, to: to2 })).toMatchObject({ ok: true });
    const mail2 = mailbox.received.find((m) => m.subject === '[Test] News for Pat')!;
    expect(mail2.html).toContain('Hello Pat Primary of Acme Co</p>');
  });

  it('reps and agents are refused everywhere; managers read but change nothing; marketers and admins do all', async () => {
    const { segmentId, customers: cs } = await makeAudience([{}]);
    const id = await created(segmentId);
    const idVersion = { id, version: 1 };
    for (const viewer of [rep, agent, manager]) {
      signInAs(viewer);
      expect(await createCampaignAction(input(segmentId))).toMatchObject({ ok: false, reason: 'forbidden' });
      expect(await updateCampaignAction({ ...input(segmentId), ...idVersion })).toMatchObject({ reason: 'forbidden' });
      expect(
        await scheduleCampaignAction({ ...idVersion, scheduledAt: new Date(Date.now() + 3600_000).toISOString() }),
      ).toMatchObject({ reason: 'forbidden' });
      expect(await sendCampaignNowAction(idVersion)).toMatchObject({ reason: 'forbidden' });
      expect(await pauseCampaignAction(idVersion)).toMatchObject({ reason: 'forbidden' });
      expect(await resumeCampaignAction(idVersion)).toMatchObject({ reason: 'forbidden' });
      expect(await cancelCampaignAction(idVersion)).toMatchObject({ reason: 'forbidden' });
      expect(await testSendCampaignAction({ id, customerId: cs[0].id, to: 'x@example.org' })).toMatchObject({
        reason: 'forbidden',
      });
      // The data functions refuse on their own too.
      expect(await createCampaign(viewer, input(segmentId))).toMatchObject({ ok: false, reason: 'forbidden' });
      expect(await sendCampaignNow(viewer, idVersion)).toMatchObject({ ok: false, reason: 'forbidden' });
    }
    for (const viewer of [rep, agent]) {
      expect(await listCampaigns(viewer)).toEqual([]);
      expect(await getCampaign(viewer, id)).toBeNull();
      expect(await listCampaignMembers(viewer, id)).toEqual([]);
    }
    expect((await listCampaigns(manager)).map((c) => c.id)).toContain(id);
    expect(await getCampaign(manager, id)).toMatchObject({ id, status: 'draft', counters: { audience: 0 } });
    expect(await counters(id)).toMatchObject({ status: 'draft' });
    signInAs(admin);
    expect(await sendCampaignNowAction(idVersion)).toMatchObject({ ok: true, data: { audience: 1, queued: 1 } });
    expect(await listCampaignMembers(manager, id)).toEqual([
      expect.objectContaining({ customerId: cs[0].id, status: 'queued', email: cs[0].email }),
    ]);
  });
});
