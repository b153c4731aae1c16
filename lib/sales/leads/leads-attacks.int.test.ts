import { AsyncLocalStorage } from 'node:async_hooks';
import { and, count, eq, inArray, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { POST as capturePOST } from '@/app/api/public/leads/route';
import { db } from '@/db/client';
import { auditLog, contacts, customers, deals, leadScoreRules, leads, settings, users } from '@/db/schema';
import { seedDatabase } from '@/db/seed';
import type { Viewer } from '@/lib/auth/permissions';
import en from '@/lib/i18n/messages/en/leads.json';
import zh from '@/lib/i18n/messages/zh-CN/leads.json';
import { stopBoss } from '@/lib/jobs/boss';
import { setupTestDatabase } from '@/lib/testing/db';
import { createTestUser, seededViewer } from '@/lib/testing/factories';
import { signInAs } from '@/lib/testing/session-mock';
import { CAPTURE_LIMIT, captureLimitKey } from './capture';
import { namedCaptureFields } from './capture-fields';
import {
  bulkAssignLeadsAction,
  convertLeadAction,
  createLeadAction,
  createScoreRuleAction,
  deleteScoreRuleAction,
  setLeadStatusAction,
  updateLeadAction,
  updateLeadSettingsAction,
  updateScoreRuleAction,
} from './lead-actions';
import { createLead, getLead, listLeads } from './leads';
import { LeadFilterSchema, type LeadInput } from './schemas';

// Crafted calls against the leads module as each role, and crafted requests to the public
// web-to-lead endpoint: each is refused with a reason (never a 500), nothing leaks, nothing is
// written that should not be. (Deals, quotes, orders, products and stages: lib/sales/sales-attacks.int.test.ts.)

vi.mock('@/lib/auth/auth', async () => (await import('@/lib/testing/session-mock')).authMock);
vi.mock('next/cache', async () => (await import('@/lib/testing/next-mocks')).cacheMock);

const ctx = setupTestDatabase();
let admin: Viewer, manager: Viewer, rep: Viewer, rep2: Viewer, agent: Viewer, marketer: Viewer;

const person = (over: Partial<LeadInput> = {}): LeadInput => ({
  firstName: 'Ada',
  lastName: 'Attack',
  company: null,
  title: null,
  email: null,
  phone: null,
  industry: null,
  employees: null,
  source: null,
  notes: null,
  ownerId: null,
  status: 'new',
  unqualifiedReason: null,
  ...over,
});
const form = (o: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(o)) f.append(k, v);
  return f;
};
const leadRow = async (id: string) => (await db.select().from(leads).where(eq(leads.id, id)))[0];
const countOf = async (table: typeof customers | typeof contacts | typeof deals | typeof leads) =>
  (await db.select({ n: count() }).from(table))[0].n;
async function leadOf(owner: Viewer, over: Partial<LeadInput> = {}): Promise<string> {
  const r = await createLead(owner, person({ ...over }));
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.id;
}

// The socket address a request came from (lib/auth/peer-address.ts): tests run the handler inside it.
const PEER = Symbol.for('lodestar.peerAddress');
function fromPeer<T>(address: string, fn: () => Promise<T>): Promise<T> {
  const g = globalThis as unknown as Record<symbol, { storage: AsyncLocalStorage<string | undefined> }>;
  g[PEER] ??= { storage: new AsyncLocalStorage(), installed: true } as never;
  return g[PEER].storage.run(address, fn);
}
let peerCounter = 0;
const nextPeer = () => `203.0.113.${++peerCounter}`;
const ENDPOINT = 'http://localhost:3000/api/public/leads';
/** A visitor's form fields; `over` may hold anything a crafted JSON body could. */
const visitor = (over: Record<string, unknown> = {}): Record<string, string> => ({
  firstName: 'Grace',
  lastName: 'Visitor',
  email: `v${Math.random().toString(36).slice(2, 10)}@visitor.example`,
  ...(over as Record<string, string>),
});
function post(body: BodyInit | null, headers: Record<string, string>, url = ENDPOINT): Request {
  return new Request(url, { method: 'POST', body, headers, duplex: 'half' } as RequestInit);
}
const postJson = (fields: unknown, headers: Record<string, string> = {}, url = ENDPOINT) =>
  post(JSON.stringify(fields), { 'content-type': 'application/json', ...headers }, url);
const postForm = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
  post(new URLSearchParams(fields).toString(), { 'content-type': 'application/x-www-form-urlencoded', ...headers });
const leadByEmail = async (email: string) => (await db.select().from(leads).where(eq(leads.email, email)))[0];

beforeAll(async () => {
  await seedDatabase(ctx.handle, { scale: 'test', anchor: new Date('2026-06-30T00:00:00Z') });
  [admin, manager, rep, rep2, agent, marketer] = await Promise.all([
    seededViewer('admin@lodestar.test'),
    seededViewer('manager@lodestar.test'),
    seededViewer('rep@lodestar.test'),
    seededViewer('rep2@lodestar.test'),
    seededViewer('agent@lodestar.test'),
    seededViewer('marketer@lodestar.test'),
  ]);
}, 120_000);
afterAll(() => stopBoss(2_000));

describe('rights: who reads and changes which lead', () => {
  it('agents and marketers can neither list, read, create, edit, change status nor convert', async () => {
    const id = await leadOf(rep);
    const before = await leadRow(id);
    for (const viewer of [agent, marketer]) {
      expect(await getLead(viewer, id)).toBeNull();
      expect((await listLeads(viewer, LeadFilterSchema.parse({}))).rows).toEqual([]);
      signInAs(viewer);
      const n = await countOf(leads);
      expect(await createLeadAction(null, form({ firstName: 'Sneaky', status: 'new' }))).toMatchObject({
        ok: false,
        reason: 'forbidden',
      });
      expect(await countOf(leads)).toBe(n);
      const base = { id, version: String(before.version) };
      expect(await updateLeadAction(null, form({ ...base, firstName: 'X', status: 'new' }))).toMatchObject({
        reason: 'forbidden',
      });
      expect(await setLeadStatusAction(null, form({ ...base, status: 'qualified' }))).toMatchObject({
        reason: 'forbidden',
      });
      expect(await convertLeadAction(null, form(base))).toMatchObject({ reason: 'forbidden' });
    }
    expect(await leadRow(id)).toEqual(before);
  });

  it("a rep's forged ownerId on create is ignored: the lead is the rep's, not rep2's", async () => {
    signInAs(rep);
    const r = await createLeadAction(null, form({ firstName: 'Forged', status: 'new', ownerId: rep2.userId }));
    expect(r.ok).toBe(true);
    expect((await leadRow(r.id as string)).ownerId).toBe(rep.userId);
  });

  it("rep2 cannot read rep's lead by id, nor find it in the list by its exact name", async () => {
    const id = await leadOf(rep, { firstName: 'Zebulon', lastName: 'Uniquename' });
    expect(await getLead(rep2, id)).toBeNull();
    expect((await listLeads(rep2, LeadFilterSchema.parse({ q: 'Uniquename' }))).rows).toEqual([]);
    expect((await listLeads(manager, LeadFilterSchema.parse({ q: 'Uniquename' }))).rows).toHaveLength(1);
  });

  it('a deleted lead is not found for anyone, manager included: no edit, status change or conversion', async () => {
    const id = await leadOf(rep);
    await db.update(leads).set({ deletedAt: new Date() }).where(eq(leads.id, id));
    const n = await countOf(customers);
    for (const viewer of [rep, manager, admin]) {
      expect(await getLead(viewer, id)).toBeNull();
      signInAs(viewer);
      const base = { id, version: '1' };
      expect(await setLeadStatusAction(null, form({ ...base, status: 'contacted' }))).toMatchObject({
        reason: 'notFound',
      });
      expect(await convertLeadAction(null, form(base))).toMatchObject({ reason: 'notFound' });
    }
    expect(await countOf(customers)).toBe(n);
  });

  it('a manager cannot give a lead to a deactivated user, an agent, a marketer or a made-up id (one or bulk)', async () => {
    const gone = await createTestUser('sales_rep', { active: false });
    const id = await leadOf(rep);
    const other = await leadOf(rep);
    signInAs(manager);
    for (const target of [gone.userId, agent.userId, marketer.userId, '00000000-0000-4000-8000-000000000000']) {
      expect(
        await updateLeadAction(null, form({ id, version: '1', firstName: 'Ada', status: 'new', ownerId: target })),
      ).toMatchObject({ ok: false, reason: 'ownerInactive' });
      expect(await bulkAssignLeadsAction({ ids: [id, other], ownerId: target })).toMatchObject({
        ok: false,
        reason: 'ownerInactive',
      });
    }
    expect((await leadRow(id)).ownerId).toBe(rep.userId);
    expect((await leadRow(other)).ownerId).toBe(rep.userId);
  });

  it("a rep's bulk assign naming their own and rep2's lead changes neither (forbidden)", async () => {
    const mine = await leadOf(rep);
    const theirs = await leadOf(rep2);
    signInAs(rep);
    expect(await bulkAssignLeadsAction({ ids: [mine, theirs], ownerId: rep.userId })).toMatchObject({
      reason: 'forbidden',
    });
    expect((await leadRow(theirs)).ownerId).toBe(rep2.userId);
  });
});

describe('status workflow', () => {
  it('converted is terminal: no way back to new by the status buttons or the edit form; "converted" cannot be set by hand', async () => {
    const id = await leadOf(rep);
    signInAs(rep);
    const done = await convertLeadAction(null, form({ id, version: '1' }));
    expect(done.ok).toBe(true);
    const converted = await leadRow(id);
    const base = { id, version: String(converted.version) };
    for (const status of ['new', 'contacted', 'qualified']) {
      expect(await setLeadStatusAction(null, form({ ...base, status }))).toMatchObject({ reason: 'leadConverted' });
    }
    expect(await updateLeadAction(null, form({ ...base, firstName: 'Ada', status: 'new' }))).toMatchObject({
      reason: 'leadConverted',
    });
    const other = await leadOf(rep);
    expect(await setLeadStatusAction(null, form({ id: other, version: '1', status: 'converted' }))).toMatchObject({
      reason: 'invalid',
    });
    expect(await createLeadAction(null, form({ firstName: 'X', status: 'converted' }))).toMatchObject({
      reason: 'invalid',
    });
    expect(await leadRow(id)).toEqual(converted);
    expect((await leadRow(other)).status).toBe('new');
  });

  it.each([[''], ['   '], ['=HYPERLINK("http://x")']])('unqualified with the reason %j is refused', async (reason) => {
    const id = await leadOf(rep);
    signInAs(rep);
    const r = await setLeadStatusAction(
      null,
      form({ id, version: '1', status: 'unqualified', unqualifiedReason: reason }),
    );
    expect(r).toMatchObject({ ok: false, reason: 'invalid' });
    expect(r.fieldErrors?.unqualifiedReason).toBeTruthy();
    expect((await leadRow(id)).status).toBe('new');
  });

  it('a reason sent with another status is dropped, not stored', async () => {
    const id = await leadOf(rep);
    signInAs(rep);
    expect(
      await setLeadStatusAction(null, form({ id, version: '1', status: 'contacted', unqualifiedReason: 'sneaky' })),
    ).toMatchObject({ ok: true });
    expect(await leadRow(id)).toMatchObject({ status: 'contacted', unqualifiedReason: null });
  });

  it('a stale or absurd version is refused', async () => {
    const id = await leadOf(rep);
    signInAs(rep);
    expect(await setLeadStatusAction(null, form({ id, version: '2', status: 'contacted' }))).toMatchObject({
      reason: 'stale',
    });
    for (const version of ['0', '-1', '1e309', '9999999999', 'abc', '1.5']) {
      expect(await setLeadStatusAction(null, form({ id, version, status: 'contacted' }))).toMatchObject({
        reason: 'invalid',
      });
    }
    expect((await leadRow(id)).version).toBe(1);
  });
});

describe('conversion attacks', () => {
  const converted = async (leadId: string) => ({
    customers: (
      await db
        .select({ n: count() })
        .from(customers)
        .where(eq(customers.email, `${leadId}@conv.example`))
    )[0].n,
    contacts: (
      await db
        .select({ n: count() })
        .from(contacts)
        .where(eq(contacts.email, `${leadId}@conv.example`))
    )[0].n,
    deals: (await db.select({ n: count() }).from(deals).where(eq(deals.leadId, leadId)))[0].n,
  });

  it('two conversions of one lead at once: one wins, the other is refused, nothing is duplicated', async () => {
    const r = await createLead(rep, person({ company: 'Race Ltd' }));
    if (!r.ok) throw new Error('create');
    await db
      .update(leads)
      .set({ email: `${r.id}@conv.example` })
      .where(eq(leads.id, r.id));
    signInAs(rep);
    const body = { id: r.id, version: '1', createDeal: 'on', dealName: 'Race', dealAmount: '100' };
    const results = await Promise.all([convertLeadAction(null, form(body)), convertLeadAction(null, form(body))]);
    expect(results.filter((x) => x.ok)).toHaveLength(1);
    const loser = results.find((x) => !x.ok);
    expect(['leadConverted', 'stale']).toContain(loser?.reason);
    expect(await converted(r.id)).toEqual({ customers: 1, contacts: 1, deals: 1 });
  });

  it("converting into rep2's customer (or a deleted one, or a made-up id) is refused before anything is written", async () => {
    const [others] = await db.select().from(customers).where(eq(customers.ownerId, rep2.userId)).limit(1);
    const [mineDeleted] = await db
      .insert(customers)
      .values({ kind: 'person', name: 'Gone Customer', ownerId: rep.userId, deletedAt: new Date() })
      .returning();
    const id = await leadOf(rep);
    signInAs(rep);
    const counts = [await countOf(contacts), await countOf(deals)];
    for (const [customerId, reason] of [
      [others.id, 'customerNotEditable'],
      [mineDeleted.id, 'notFound'],
      ['00000000-0000-4000-8000-000000000000', 'notFound'],
      ['not-a-uuid', 'invalid'],
    ]) {
      expect(
        await convertLeadAction(null, form({ id, version: '1', customerId, createDeal: 'on', dealName: 'D' })),
      ).toMatchObject({ ok: false, reason });
    }
    expect([await countOf(contacts), await countOf(deals)]).toEqual(counts);
    expect((await leadRow(id)).status).toBe('new');
  });

  it.each([
    ['dealAmount', '1e309'],
    ['dealAmount', '-5'],
    ['dealAmount', '12.345'],
    ['dealAmount', '1,5'],
    ['dealAmount', '1,50,000'],
    ['dealAmount', 'NaN'],
    ['dealAmount', '1000000000000'],
    ['dealCloseDate', '2026-02-30'],
    ['dealCloseDate', '2026-13-01'],
    ['dealCloseDate', '0001-01-01'],
    ['dealCloseDate', '99999-01-01'],
    ['dealCloseDate', 'tomorrow'],
  ])('a deal with %s %j is a field error and nothing is written', async (field, value) => {
    const id = await leadOf(rep);
    signInAs(rep);
    const counts = [await countOf(customers), await countOf(contacts), await countOf(deals)];
    const r = await convertLeadAction(
      null,
      form({ id, version: '1', createDeal: 'on', dealName: 'D', [field]: value }),
    );
    expect(r).toMatchObject({ ok: false, reason: 'invalid' });
    expect(r.fieldErrors?.[field]).toBeTruthy();
    expect([await countOf(customers), await countOf(contacts), await countOf(deals)]).toEqual(counts);
    expect((await leadRow(id)).status).toBe('new');
  });

  it('a deal ticked without a name is refused; extra fields (ownerId, stageId, status) are ignored', async () => {
    const id = await leadOf(rep, { email: 'extra@conv.example' });
    signInAs(rep);
    expect(await convertLeadAction(null, form({ id, version: '1', createDeal: 'on', dealName: '' }))).toMatchObject({
      reason: 'invalid',
    });
    const r = await convertLeadAction(
      null,
      form({ id, version: '1', createDeal: 'on', dealName: 'Mine', ownerId: rep2.userId, status: 'won' }),
    );
    expect(r.ok).toBe(true);
    const lead = await leadRow(id);
    const [deal] = await db
      .select()
      .from(deals)
      .where(eq(deals.id, lead.convertedDealId as string));
    expect(deal).toMatchObject({ ownerId: rep.userId, status: 'open' });
  });

  it("a lead whose owner was deactivated is not converted into that inactive owner's customer and deal", async () => {
    const gone = await createTestUser('sales_rep');
    const id = await leadOf(manager, { ownerId: gone.userId, company: 'Orphan Co' });
    await db.update(users).set({ active: false }).where(eq(users.id, gone.userId));
    signInAs(manager);
    const r = await convertLeadAction(null, form({ id, version: '1', createDeal: 'on', dealName: 'Orphan deal' }));
    expect(r).toMatchObject({ ok: false, reason: 'ownerInactive' });
    expect(await db.select().from(customers).where(eq(customers.ownerId, gone.userId))).toEqual([]);
    expect(await db.select().from(deals).where(eq(deals.ownerId, gone.userId))).toEqual([]);
    expect((await leadRow(id)).status).toBe('new');
  });
});

describe('public capture: crafted requests', () => {
  it('JSON, urlencoded, multipart and text/plain bodies are read; other types are 415; broken JSON is 400', async () => {
    for (const make of [
      (f: Record<string, string>) => postJson(f),
      (f: Record<string, string>) => postForm(f, { accept: 'application/json' }),
      (f: Record<string, string>) => post(form(f), { accept: 'application/json' }),
      (f: Record<string, string>) =>
        post(new URLSearchParams(f).toString(), { 'content-type': 'text/plain', accept: 'application/json' }),
    ]) {
      const fields = visitor();
      const res = await fromPeer(nextPeer(), () => capturePOST(make(fields)));
      expect(res.status).toBe(201);
      expect(await leadByEmail(fields.email)).toBeTruthy();
    }
    for (const type of ['application/xml', 'image/png', 'application/json-patch+json']) {
      const res = await fromPeer(nextPeer(), () => capturePOST(post('<x/>', { 'content-type': type })));
      expect(res.status).toBe(415);
    }
    for (const text of ['{', '[]', 'null', '"x"', '42']) {
      const res = await fromPeer(nextPeer(), () => capturePOST(post(text, { 'content-type': 'application/json' })));
      expect(res.status).toBe(400);
    }
  });

  it('nested objects, arrays and numbers in JSON fields are 422 with the fields named, never a 500', async () => {
    const n = await countOf(leads);
    const res = await fromPeer(nextPeer(), () =>
      capturePOST(postJson(visitor({ firstName: { $gt: '' }, lastName: ['a', 'b'], email: 42, employees: 5.5 }))),
    );
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(Object.keys(body.fields).sort()).toEqual(['email', 'employees', 'firstName', 'lastName']);
    expect(await countOf(leads)).toBe(n);
  });

  it('HTML and script in fields are stored as the text sent; unicode and emoji names intact', async () => {
    const fields = visitor({
      firstName: '<script>alert(1)</script>',
      lastName: '"><img src=x onerror=alert(1)>',
      company: '🚀 Ünïcødé 株式会社 👩🏽‍💻',
      message: '<b>bold</b> & </textarea><svg onload=alert(1)>',
    });
    const res = await fromPeer(nextPeer(), () => capturePOST(postJson(fields)));
    expect(res.status).toBe(201);
    const lead = await leadByEmail(fields.email);
    expect(lead).toMatchObject({
      firstName: fields.firstName,
      lastName: fields.lastName,
      company: fields.company,
      notes: fields.message,
    });
  });

  it('oversized fields name the field; missing required fields name theirs', async () => {
    const n = await countOf(leads);
    const res = await fromPeer(nextPeer(), () =>
      capturePOST(
        postJson(visitor({ firstName: 'x'.repeat(101), company: 'c'.repeat(201), message: 'm'.repeat(2001) })),
      ),
    );
    expect(res.status).toBe(422);
    expect(Object.keys((await res.json()).fields).sort()).toEqual(['company', 'firstName', 'message']);
    const missing = await fromPeer(nextPeer(), () => capturePOST(postJson({ lastName: 'Only' })));
    expect(Object.keys((await missing.json()).fields).sort()).toEqual(['email', 'firstName']);
    expect(await countOf(leads)).toBe(n);
  });

  it('an HTML form told its message is wrong is sent to a page that names the message field', async () => {
    const res = await fromPeer(nextPeer(), () => capturePOST(postForm(visitor({ message: 'm'.repeat(2001) }))));
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location') as string, ENDPOINT);
    expect(location.searchParams.get('fields')).toBe('message');
    // The thank-you page names the fields it knows, each with its label in both languages.
    const named = namedCaptureFields(location.searchParams.get('fields'));
    expect(named).toEqual(['message']);
    for (const catalog of [en, zh]) expect(catalog.leads.form[named[0]]).toBeTruthy();
  });

  it('a body past the size limit is refused without reading all of it (no Content-Length, streamed)', async () => {
    for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=XyZ']) {
      let pulled = 0;
      const chunk = new TextEncoder().encode(`${'a'.repeat(1023)}&`);
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          if (type.startsWith('multipart')) {
            const head = `--XyZ\r\nContent-Disposition: form-data; name="firstName"\r\n\r\nBig\r\n--XyZ\r\nContent-Disposition: form-data; name="email"\r\n\r\nbig@visitor.example\r\n--XyZ\r\nContent-Disposition: form-data; name="pad"\r\n\r\n`;
            controller.enqueue(new TextEncoder().encode(head));
          }
        },
        pull(controller) {
          pulled += chunk.length;
          if (pulled > 8 * 1024 * 1024) {
            if (type.startsWith('multipart')) controller.enqueue(new TextEncoder().encode('\r\n--XyZ--\r\n'));
            controller.close();
          } else controller.enqueue(chunk);
        },
      });
      const n = await countOf(leads);
      const res = await fromPeer(nextPeer(), () => capturePOST(post(stream, { 'content-type': type })));
      expect(res.status).toBe(413);
      expect(pulled).toBeLessThan(1024 * 1024);
      expect(await countOf(leads)).toBe(n);
    }
  });

  it('a filled honeypot gets the same redirect as a success and stores nothing', async () => {
    const fields = visitor({ homepage: 'https://spam.example' });
    const res = await fromPeer(nextPeer(), () => capturePOST(postForm(fields)));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/\/lead-thanks$/);
    expect(await leadByEmail(fields.email)).toBeUndefined();
  });

  it('X-Forwarded-For cannot reset the limit: with no trusted proxy the socket address counts', async () => {
    const peer = nextPeer();
    const statuses: number[] = [];
    for (let i = 0; i < CAPTURE_LIMIT.max + 2; i++) {
      const res = await fromPeer(peer, () =>
        capturePOST(postJson(visitor(), { 'x-forwarded-for': `198.18.${i}.${i + 1}` })),
      );
      statuses.push(res.status);
    }
    expect(statuses).toEqual([...Array(CAPTURE_LIMIT.max).fill(201), 429, 429]);
  });

  it('with one trusted proxy, the hop that proxy appended counts, not what the client wrote before it', async () => {
    vi.stubEnv('TRUSTED_PROXIES', '1');
    try {
      const proxy = nextPeer();
      const statuses: number[] = [];
      for (let i = 0; i < CAPTURE_LIMIT.max + 1; i++) {
        const res = await fromPeer(proxy, () =>
          capturePOST(postJson(visitor(), { 'x-forwarded-for': `10.9.${i}.1, 192.0.2.77` })),
        );
        statuses.push(res.status);
      }
      expect(statuses).toEqual([...Array(CAPTURE_LIMIT.max).fill(201), 429]);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('rotating through addresses of one IPv6 /64 does not reset the limit', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= CAPTURE_LIMIT.max + 1; i++) {
      const res = await fromPeer(`2001:db8:aa:bb::${i.toString(16)}`, () => capturePOST(postJson(visitor())));
      statuses.push(res.status);
    }
    expect(statuses).toEqual([...Array(CAPTURE_LIMIT.max).fill(201), 429]);
    expect(captureLimitKey('2001:DB8:aa:bb:1:2:3:4')).toBe('2001:db8:aa:bb::/64');
    expect(captureLimitKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(captureLimitKey('::1')).toBe('0:0:0:0::/64');
    expect(captureLimitKey('198.51.100.7')).toBe('198.51.100.7');
    // another /64 is another client
    expect((await fromPeer('2001:db8:aa:cc::1', () => capturePOST(postJson(visitor())))).status).toBe(201);
  });

  it('no redirect target is taken from the request: return/next/redirect fields and a forged Host are ignored', async () => {
    const res = await fromPeer(nextPeer(), () =>
      capturePOST(
        post(
          new URLSearchParams(
            visitor({ redirect: 'https://evil.example', returnTo: '//evil.example', next: 'https://evil.example' }),
          ).toString(),
          { 'content-type': 'application/x-www-form-urlencoded', host: 'evil.example' },
        ),
      ),
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).not.toMatch(/evil/);
    // The URL Next builds from a forged Host header
    const forged = await fromPeer(nextPeer(), () =>
      capturePOST(
        post(
          new URLSearchParams(visitor()).toString(),
          { 'content-type': 'application/x-www-form-urlencoded' },
          'http://evil.example/api/public/leads',
        ),
      ),
    );
    expect(forged.headers.get('location')).not.toMatch(/evil/);
  });

  it('the thank-you address an admin sets must be http(s): javascript:, data: and scheme-relative are refused', async () => {
    signInAs(admin);
    const [s] = await db.select({ version: settings.version }).from(settings);
    for (const url of [
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      '//evil.example',
      'ftp://x.example',
    ]) {
      expect(
        await updateLeadSettingsAction(
          null,
          form({ version: String(s.version), leadAssignment: 'round_robin', leadThanksUrl: url }),
        ),
      ).toMatchObject({ ok: false, reason: 'invalid' });
    }
    signInAs(manager);
    expect(
      await updateLeadSettingsAction(
        null,
        form({ version: String(s.version), leadAssignment: 'least_loaded', leadThanksUrl: '' }),
      ),
    ).toMatchObject({ reason: 'forbidden' });
    const [after] = await db.select().from(settings);
    expect(after.version).toBe(s.version);
  });

  it('a signed-in admin posting the public form acts as nobody: the lead is not theirs, the audit has no actor, no cookie is set', async () => {
    signInAs(admin);
    const fields = visitor({ ownerId: admin.userId, status: 'qualified', capturedVia: 'manual', score: '100' });
    const res = await fromPeer(nextPeer(), () =>
      capturePOST(postJson(fields, { cookie: 'authjs.session-token=forged', origin: 'https://evil.example' })),
    );
    expect(res.status).toBe(201);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    const lead = await leadByEmail(fields.email);
    expect(lead.ownerId).not.toBe(admin.userId);
    expect(lead).toMatchObject({ status: 'new', capturedVia: 'web_form' });
    const audits = await db
      .select({ actorId: auditLog.actorId })
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'lead'), eq(auditLog.entityId, lead.id)));
    expect(audits.length).toBeGreaterThan(0);
    expect(audits.every((a) => a.actorId === null)).toBe(true);
  });
});

describe('score rules: crafted writes', () => {
  it('only admins write rules: a manager, rep, agent and marketer are forbidden', async () => {
    const [rule] = await db.select().from(leadScoreRules).limit(1);
    const n = (await db.select({ n: count() }).from(leadScoreRules))[0].n;
    for (const viewer of [manager, rep, agent, marketer]) {
      signInAs(viewer);
      expect(
        await createScoreRuleAction(null, form({ kind: 'source', value: 'Pwn', points: '100', active: 'on' })),
      ).toMatchObject({ reason: 'forbidden' });
      expect(
        await updateScoreRuleAction(
          null,
          form({ id: rule.id, version: String(rule.version), kind: rule.kind, value: rule.value, points: '100' }),
        ),
      ).toMatchObject({ reason: 'forbidden' });
      expect(await deleteScoreRuleAction(rule.id)).toMatchObject({ reason: 'forbidden' });
    }
    expect((await db.select({ n: count() }).from(leadScoreRules))[0].n).toBe(n);
    expect((await db.select().from(leadScoreRules).where(eq(leadScoreRules.id, rule.id)))[0]).toEqual(rule);
  });

  it.each([
    [{ points: '1e309' }, 'points'],
    [{ points: '101' }, 'points'],
    [{ points: '-101' }, 'points'],
    [{ points: '99999999999' }, 'points'],
    [{ points: '5.5' }, 'points'],
    [{ points: 'abc' }, 'points'],
    [{ points: '' }, 'points'],
    [{ kind: 'deal_amount' }, 'kind'],
    [{ kind: 'email_domain; drop table leads' }, 'kind'],
    [{ value: '' }, 'value'],
    [{ value: '=cmd|"/c calc"!A1' }, 'value'],
    [{ value: 'x'.repeat(101) }, 'value'],
    [{ kind: 'employees', value: 'lots' }, 'value'],
    [{ kind: 'employees', value: '-5' }, 'value'],
    [{ kind: 'activity', value: '1e400' }, 'value'],
  ])('admin: rule %j is a field error on %s and nothing is stored', async (over, field) => {
    signInAs(admin);
    const n = (await db.select({ n: count() }).from(leadScoreRules))[0].n;
    const r = await createScoreRuleAction(
      null,
      form({ kind: 'source', value: 'Attack source', points: '10', active: 'on', ...over }),
    );
    expect(r).toMatchObject({ ok: false, reason: 'invalid' });
    expect(r.fieldErrors?.[field]).toBeTruthy();
    expect((await db.select({ n: count() }).from(leadScoreRules))[0].n).toBe(n);
  });

  it('a stale rule edit is refused; a made-up id is not found', async () => {
    const [rule] = await db.select().from(leadScoreRules).limit(1);
    signInAs(admin);
    const body = { kind: rule.kind, value: rule.value, points: '7', active: 'on' };
    expect(
      await updateScoreRuleAction(null, form({ ...body, id: rule.id, version: String(rule.version + 1) })),
    ).toMatchObject({ reason: 'stale' });
    expect(
      await updateScoreRuleAction(null, form({ ...body, id: '00000000-0000-4000-8000-000000000000', version: '1' })),
    ).toMatchObject({ reason: 'notFound' });
    expect(await deleteScoreRuleAction('00000000-0000-4000-8000-000000000000')).toMatchObject({ reason: 'notFound' });
    expect(await deleteScoreRuleAction('x')).toMatchObject({ reason: 'invalid' });
  });
});

describe('unassigned and visible-only sanity', () => {
  it('an unassigned lead is seen by managers, not by any rep', async () => {
    const id = await leadOf(manager);
    await db.update(leads).set({ ownerId: null }).where(eq(leads.id, id));
    expect(await getLead(rep, id)).toBeNull();
    expect(await getLead(manager, id)).not.toBeNull();
    const unowned = await db
      .select({ id: leads.id })
      .from(leads)
      .where(and(isNull(leads.ownerId), inArray(leads.id, [id])));
    expect(unowned).toHaveLength(1);
  });
});
