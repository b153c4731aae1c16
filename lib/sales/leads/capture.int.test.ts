import { and, asc, count, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { auditLog, customers, leadCaptureAttempts, leadScoreRules, leads, settings, users } from '@/db/schema';
import { seedDatabase } from '@/db/seed';
import type { Viewer } from '@/lib/auth/permissions';
import { stopBoss } from '@/lib/jobs/boss';
import { pendingJobs } from '@/lib/jobs/queues';
import { setupTestDatabase } from '@/lib/testing/db';
import { createTestUser, seededViewer } from '@/lib/testing/factories';
import { CAPTURE_LIMIT, CAPTURE_SOURCE, captureLead } from './capture';
import { createLead } from './leads';
import { createScoreRule, deleteScoreRule, leadRescoreJob, listScoreRules, updateScoreRule } from './score-rules';

// The public capture path (no session) and what happens to a new lead: rate limit, honeypot,
// validation, duplicates, assignment by the company's rule, scoring by the editable rules.

const ctx = setupTestDatabase();
let admin: Viewer, manager: Viewer, rep: Viewer;
let reps: string[];
let ipCounter = 0;
/** A fresh client address per test, so the rate limit of one test does not spill into another. */
const nextIp = () => `198.51.100.${++ipCounter}`;
const form = (over: Record<string, unknown> = {}) => ({
  firstName: 'Grace',
  lastName: 'Hopper',
  email: `grace${Math.random().toString(36).slice(2, 8)}@navy.example`,
  company: 'Navy',
  ...over,
});
const leadOf = async (id: string) => (await db.select().from(leads).where(eq(leads.id, id)))[0];
const setMode = (mode: 'round_robin' | 'least_loaded') =>
  db.update(settings).set({ leadAssignment: mode, leadRoundRobinLast: null }).where(eq(settings.id, 1));

beforeAll(async () => {
  await seedDatabase(ctx.handle, { scale: 'test', anchor: new Date('2026-06-30T00:00:00Z') });
  [admin, manager, rep] = await Promise.all([
    seededViewer('admin@lodestar.test'),
    seededViewer('manager@lodestar.test'),
    seededViewer('rep@lodestar.test'),
  ]);
  reps = (
    await db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.role, 'sales_rep'), eq(users.active, true)))
      .orderBy(asc(users.id))
  ).map((r) => r.id);
}, 120_000);

beforeEach(() => setMode('round_robin'));
afterAll(() => stopBoss(2_000));

/** Runs the rescore a rule change queued (workers do not run in tests), after checking it was queued. */
async function rescored() {
  expect(await pendingJobs(leadRescoreJob)).toBeGreaterThan(0);
  await leadRescoreJob.handler({}, { id: 'test' });
}

describe('capture', () => {
  it('stores a valid submission as a web-form lead with its source, address and page', async () => {
    const r = await captureLead(form({ message: 'Call me' }), { ip: nextIp(), page: 'https://shop.example/contact' });
    expect(r.status).toBe('created');
    const lead = await leadOf((r as { id: string }).id);
    expect(lead).toMatchObject({
      firstName: 'Grace',
      capturedVia: 'web_form',
      source: CAPTURE_SOURCE,
      status: 'new',
      notes: 'Call me',
      capturePage: 'https://shop.example/contact',
    });
    expect(lead.captureIp).toMatch(/^198\.51\.100\./);
    expect(reps).toContain(lead.ownerId);
  });

  it('a filled honeypot is accepted silently and nothing is stored', async () => {
    const before = (await db.select({ n: count() }).from(leads))[0].n;
    const r = await captureLead(form({ homepage: 'http://spam.example' }), { ip: nextIp(), page: null });
    expect(r).toEqual({ status: 'ignored' });
    expect((await db.select({ n: count() }).from(leads))[0].n).toBe(before);
  });

  it('invalid submissions name their fields and store nothing', async () => {
    const before = (await db.select({ n: count() }).from(leads))[0].n;
    const r = await captureLead({ firstName: '', email: 'nope', employees: '-3' }, { ip: nextIp(), page: null });
    expect(r.status).toBe('invalid');
    expect(Object.keys((r as { fieldErrors: object }).fieldErrors).sort()).toEqual(['email', 'employees', 'firstName']);
    const nul = await captureLead(form({ firstName: 'a\u0000b' }), { ip: nextIp(), page: null });
    expect(nul).toEqual({ status: 'invalid', fieldErrors: { firstName: ['invalidCharacters'] } });
    expect((await db.select({ n: count() }).from(leads))[0].n).toBe(before);
  });

  it(`allows ${CAPTURE_LIMIT.max} submissions per address per window, then refuses; other addresses are not affected`, async () => {
    const ip = nextIp();
    const now = new Date();
    for (let i = 0; i < CAPTURE_LIMIT.max; i++)
      expect((await captureLead(form(), { ip, page: null, now })).status).toBe('created');
    expect(await captureLead(form(), { ip, page: null, now })).toMatchObject({ status: 'rateLimited' });
    // honeypot and invalid submissions are refused too once over the limit
    expect(await captureLead(form({ homepage: 'x' }), { ip, page: null, now })).toMatchObject({
      status: 'rateLimited',
    });
    expect((await captureLead(form(), { ip: nextIp(), page: null, now })).status).toBe('created');
    // after the window the address may send again
    const later = new Date(now.getTime() + (CAPTURE_LIMIT.windowMinutes + 1) * 60_000);
    expect((await captureLead(form(), { ip, page: null, now: later })).status).toBe('created');
  });

  it('parallel submissions from one address cannot slip past the limit', async () => {
    const ip = nextIp();
    const results = await Promise.all(
      Array.from({ length: CAPTURE_LIMIT.max + 4 }, () => captureLead(form(), { ip, page: null })),
    );
    expect(results.filter((r) => r.status === 'created')).toHaveLength(CAPTURE_LIMIT.max);
    expect(results.filter((r) => r.status === 'rateLimited')).toHaveLength(4);
    const [{ n }] = await db.select({ n: count() }).from(leadCaptureAttempts).where(eq(leadCaptureAttempts.ip, ip));
    expect(n).toBe(CAPTURE_LIMIT.max);
  });

  it('flags duplicates against existing leads (email) and customers (email, phone, name)', async () => {
    const [customer] = await db.select().from(customers).where(eq(customers.kind, 'company')).limit(1);
    const first = await captureLead(form({ email: 'dup@twice.example' }), { ip: nextIp(), page: null });
    const second = await captureLead(form({ email: 'dup@twice.example' }), { ip: nextIp(), page: null });
    const lead = await leadOf((second as { id: string }).id);
    expect(lead.duplicates).toContainEqual(
      expect.objectContaining({ kind: 'lead', id: (first as { id: string }).id, match: 'email' }),
    );
    const byName = await captureLead(form({ company: customer.name.toUpperCase() }), { ip: nextIp(), page: null });
    expect((await leadOf((byName as { id: string }).id)).duplicates).toContainEqual(
      expect.objectContaining({ kind: 'customer', id: customer.id, match: 'name' }),
    );
    const [withPhone] = await db
      .select()
      .from(customers)
      .where(inArray(customers.kind, ['person', 'company']))
      .limit(50);
    const phoned =
      (await db.select().from(customers).limit(200)).find((c) => (c.phone?.replace(/\D/g, '').length ?? 0) >= 6) ??
      withPhone;
    const byPhone = await captureLead(form({ phone: phoned.phone, company: null }), { ip: nextIp(), page: null });
    expect((await leadOf((byPhone as { id: string }).id)).duplicates).toContainEqual(
      expect.objectContaining({ kind: 'customer', id: phoned.id }),
    );
    const [withEmail] = await db.select().from(customers).where(eq(customers.id, phoned.id));
    if (withEmail.email) {
      const byEmail = await captureLead(form({ email: withEmail.email.toUpperCase(), company: null }), {
        ip: nextIp(),
        page: null,
      });
      expect((await leadOf((byEmail as { id: string }).id)).duplicates).toContainEqual(
        expect.objectContaining({ kind: 'customer', id: withEmail.id, match: 'email' }),
      );
    }
  });
});

describe('assignment', () => {
  it('round robin: each new lead goes to the next active rep in turn, wrapping; each is audited', async () => {
    const owners: string[] = [];
    for (let i = 0; i < reps.length * 2; i++) {
      const r = await captureLead(form(), { ip: nextIp(), page: null });
      owners.push((await leadOf((r as { id: string }).id)).ownerId!);
    }
    expect(owners).toEqual([...reps, ...reps]);
    const id = (await db.select({ id: leads.id }).from(leads).where(eq(leads.ownerId, owners[0])).limit(1))[0].id;
    const audits = await db
      .select({ diff: auditLog.diff })
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'lead'), eq(auditLog.action, 'assign')));
    expect(audits.length).toBeGreaterThanOrEqual(owners.length);
    expect(audits.some((a) => (a.diff as { rule?: string }).rule === 'round_robin')).toBe(true);
    expect(id).toBeTruthy();
  });

  it('round robin skips inactive reps and picks up reps added later', async () => {
    const added = await createTestUser('sales_rep');
    const gone = await createTestUser('sales_rep', { active: false });
    const all = [...reps, added.userId].sort();
    const owners: string[] = [];
    for (let i = 0; i < all.length; i++) {
      const r = await captureLead(form(), { ip: nextIp(), page: null });
      owners.push((await leadOf((r as { id: string }).id)).ownerId!);
    }
    expect(owners).toEqual(all);
    expect(owners).not.toContain(gone.userId);
    await db.update(users).set({ active: false }).where(eq(users.id, added.userId));
  });

  it('two captures at the same moment never take the same round-robin turn', async () => {
    const results = await Promise.all(
      Array.from({ length: reps.length }, () => captureLead(form(), { ip: nextIp(), page: null })),
    );
    const owners = await Promise.all(results.map(async (r) => (await leadOf((r as { id: string }).id)).ownerId));
    expect(new Set(owners).size).toBe(reps.length);
  });

  it('least loaded: the new lead goes to the rep with the fewest open leads', async () => {
    await setMode('least_loaded');
    const load = async () =>
      Object.fromEntries(
        await Promise.all(
          reps.map(async (id) => [
            id,
            (
              await db
                .select({ n: count() })
                .from(leads)
                .where(and(eq(leads.ownerId, id), inArray(leads.status, ['new', 'contacted', 'qualified'])))
            )[0].n,
          ]),
        ),
      ) as Record<string, number>;
    for (let i = 0; i < 4; i++) {
      const counts = await load();
      const min = Math.min(...Object.values(counts));
      const r = await captureLead(form(), { ip: nextIp(), page: null });
      const owner = (await leadOf((r as { id: string }).id)).ownerId!;
      expect(counts[owner]).toBe(min);
    }
    // concurrent captures spread over the least loaded reps instead of piling onto one
    const counts = await load();
    const sorted = Object.entries(counts).sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
    const [least, next] = sorted;
    if (next[1] - least[1] >= 2) {
      const rs = await Promise.all([1, 2].map(() => captureLead(form(), { ip: nextIp(), page: null })));
      const owners = await Promise.all(rs.map(async (r) => (await leadOf((r as { id: string }).id)).ownerId));
      expect(owners).toEqual([least[0], least[0]]);
    }
  });

  it('a lead typed in by a manager without an owner is assigned by the rule; a rep’s is their own', async () => {
    const base = {
      firstName: 'M',
      lastName: null,
      company: null,
      title: null,
      email: null,
      phone: null,
      industry: null,
      employees: null,
      source: null,
      notes: null,
      status: 'new' as const,
      unqualifiedReason: null,
    };
    const m = await createLead(manager, { ...base, ownerId: null });
    expect(reps).toContain((await leadOf((m as { id: string }).id)).ownerId);
    const r = await createLead(rep, { ...base, ownerId: null });
    expect((await leadOf((r as { id: string }).id)).ownerId).toBe(rep.userId);
  });
});

describe('score rules', () => {
  it('a captured lead is scored by the rules, with its reasons', async () => {
    const r = await captureLead(form({ employees: '250', industry: 'software' }), { ip: nextIp(), page: null });
    const lead = await leadOf((r as { id: string }).id);
    // Web form 15 + Software 15 + ≥200 employees 20 + company domain 15 = 65
    expect(lead.score).toBe(65);
    expect(lead.scoreReasons.map((x) => `${x.kind}:${x.value}:${x.points}`).sort()).toEqual(
      ['email_domain:company:15', 'employees:200:20', 'industry:Software:15', 'source:Web form:15'].sort(),
    );
  });

  it('changing, adding and deleting a rule rescores open leads; only admins may', async () => {
    const r = await captureLead(form({ email: 'x@gmail.com' }), { ip: nextIp(), page: null });
    const id = (r as { id: string }).id;
    expect((await leadOf(id)).score).toBe(5); // Web form 15 − free mail 10
    const rules = await listScoreRules(db);
    const webForm = rules.find((x) => x.kind === 'source' && x.value === 'Web form')!;
    expect(await updateScoreRule(manager, { ...webForm, points: 40 })).toEqual({ ok: false, reason: 'forbidden' });
    expect(await updateScoreRule(admin, { ...webForm, points: 40 })).toEqual({ ok: true, id: webForm.id });
    expect((await leadOf(id)).score).toBe(5); // until the queued rescore runs
    await rescored();
    expect((await leadOf(id)).score).toBe(30);
    expect(await updateScoreRule(admin, { ...webForm, points: 40 })).toEqual({ ok: false, reason: 'stale' });
    const added = await createScoreRule(admin, { kind: 'email_domain', value: 'gmail.com', points: 5, active: true });
    expect(added.ok).toBe(true);
    await rescored();
    expect((await leadOf(id)).score).toBe(45); // the named domain wins over "free"
    expect(await createScoreRule(admin, { kind: 'email_domain', value: 'GMAIL.com', points: 1, active: true })).toEqual(
      {
        ok: false,
        reason: 'ruleTaken',
      },
    );
    expect(await deleteScoreRule(admin, (added as { id: string }).id)).toMatchObject({ ok: true });
    await rescored();
    expect((await leadOf(id)).score).toBe(30);
    const [row] = await db.select().from(leadScoreRules).where(eq(leadScoreRules.id, webForm.id));
    expect(row.points).toBe(40);
  });
});
