import { and, asc, count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { auditLog, contacts, customers, dealStageHistory, deals, leads } from '@/db/schema';
import { seedDatabase } from '@/db/seed';
import type { Viewer } from '@/lib/auth/permissions';
import { setupTestDatabase } from '@/lib/testing/db';
import { createTestUser, seededViewer } from '@/lib/testing/factories';
import { signInAs } from '@/lib/testing/session-mock';
import { convertLead } from './convert';
import { bulkAssignLeadsAction, convertLeadAction, setLeadStatusAction, updateLeadAction } from './lead-actions';
import { bulkAssignLeads, createLead, getLead, listLeadSources, listLeads, updateLead } from './leads';
import { ConvertLeadSchema, LeadFilterSchema, type LeadInput } from './schemas';

// Leads for every role through the data functions and crafted action calls: who sees and changes
// which lead, statuses, bulk assignment, and conversion in one transaction.

vi.mock('@/lib/auth/auth', async () => (await import('@/lib/testing/session-mock')).authMock);
vi.mock('next/cache', async () => (await import('@/lib/testing/next-mocks')).cacheMock);

const ctx = setupTestDatabase();
let admin: Viewer, manager: Viewer, rep: Viewer, rep2: Viewer, agent: Viewer, marketer: Viewer;

const person = (over: Partial<LeadInput> = {}): LeadInput => ({
  firstName: 'Ada',
  lastName: 'Lovelace',
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
const filter = (raw: Record<string, string> = {}) => LeadFilterSchema.parse(raw);
const leadRow = async (id: string) => (await db.select().from(leads).where(eq(leads.id, id)))[0];
const countOf = async (table: typeof customers | typeof contacts | typeof deals) =>
  (await db.select({ n: count() }).from(table))[0].n;

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

describe('visibility', () => {
  it('a rep lists only their own leads; managers and admins all; agents and marketers none', async () => {
    const all = await db.select({ n: count() }).from(leads);
    const repOwn = await db.select({ n: count() }).from(leads).where(eq(leads.ownerId, rep.userId));
    const mine = await listLeads(rep, filter({ size: '100' }));
    expect(mine.total).toBe(repOwn[0].n);
    expect(mine.rows.every((r) => r.ownerId === rep.userId)).toBe(true);
    expect((await listLeads(manager, filter())).total).toBe(all[0].n);
    expect((await listLeads(admin, filter())).total).toBe(all[0].n);
    expect(await listLeads(agent, filter())).toEqual({ rows: [], total: 0, totalExact: true });
    expect(await listLeads(marketer, filter())).toEqual({ rows: [], total: 0, totalExact: true });
  });

  it('a rep asking for another owner in the URL still gets only their own leads', async () => {
    const mine = await listLeads(rep, filter({ owner: rep2.userId, size: '100' }));
    expect(mine.rows.length).toBeGreaterThan(0);
    expect(mine.rows.every((r) => r.ownerId === rep.userId)).toBe(true);
  });

  it("another rep's lead is not found for a rep, an agent or a marketer, by id", async () => {
    const [other] = await db.select({ id: leads.id }).from(leads).where(eq(leads.ownerId, rep2.userId)).limit(1);
    expect(await getLead(rep, other.id)).toBeNull();
    expect(await getLead(agent, other.id)).toBeNull();
    expect(await getLead(marketer, other.id)).toBeNull();
    expect(await getLead(manager, other.id)).not.toBeNull();
  });

  it('filters by status, source, score range and text', async () => {
    const { id } = (await createLead(
      rep,
      person({ firstName: 'Zebulon', source: 'Partner', company: 'Qwertz GmbH' }),
    )) as {
      id: string;
    };
    const r = await listLeads(rep, filter({ q: 'qwertz', status: 'new', source: 'partner' }));
    expect(r.rows.map((x) => x.id)).toEqual([id]);
    const own = await db.selectDistinct({ s: leads.source }).from(leads).where(eq(leads.ownerId, rep.userId));
    const expected = own
      .map((r) => r.s)
      .filter((x): x is string => x !== null)
      .sort();
    expect(await listLeadSources(rep)).toEqual(expected);
    expect(await listLeadSources(agent)).toEqual([]);
    const scored = await listLeads(manager, filter({ scoreMin: '40', scoreMax: '60', size: '100' }));
    expect(scored.rows.every((x) => x.score >= 40 && x.score <= 60)).toBe(true);
  });
});

describe("crafted calls on another rep's lead", () => {
  it('update, status and convert of rep2’s lead by rep are notFound and change nothing', async () => {
    const [other] = await db
      .select()
      .from(leads)
      .where(and(eq(leads.ownerId, rep2.userId), eq(leads.status, 'new')))
      .limit(1);
    signInAs(rep);
    const base = { id: other.id, version: String(other.version) };
    const form = (o: Record<string, string>) => {
      const f = new FormData();
      for (const [k, v] of Object.entries(o)) f.set(k, v);
      return f;
    };
    expect(await updateLeadAction(null, form({ ...base, firstName: 'Hijacked', status: 'new' }))).toMatchObject({
      ok: false,
      reason: 'notFound',
    });
    expect(await setLeadStatusAction(null, form({ ...base, status: 'qualified' }))).toMatchObject({
      ok: false,
      reason: 'notFound',
    });
    expect(await convertLeadAction(null, form({ ...base }))).toMatchObject({ ok: false, reason: 'notFound' });
    expect(await leadRow(other.id)).toEqual(other);
  });

  it('bulk assign by a rep is refused (forbidden), and by an agent or marketer too', async () => {
    const ids = (await db.select({ id: leads.id }).from(leads).limit(3)).map((r) => r.id);
    const before = await db.select({ id: leads.id, ownerId: leads.ownerId }).from(leads).orderBy(asc(leads.id));
    for (const viewer of [rep, agent, marketer]) {
      signInAs(viewer);
      expect(await bulkAssignLeadsAction({ ids, ownerId: viewer.userId })).toMatchObject({
        ok: false,
        reason: 'forbidden',
      });
      expect(await bulkAssignLeads(viewer, ids, viewer.userId)).toEqual({ ok: false, reason: 'forbidden' });
    }
    expect(await db.select({ id: leads.id, ownerId: leads.ownerId }).from(leads).orderBy(asc(leads.id))).toEqual(
      before,
    );
  });

  it('malformed action bodies are invalid, never a 500', async () => {
    signInAs(manager);
    for (const body of [
      null,
      'x',
      [],
      { ids: 'x' },
      { ids: [], ownerId: rep.userId },
      { ids: ['x'], ownerId: rep.userId },
    ]) {
      expect(await bulkAssignLeadsAction(body)).toMatchObject({ ok: false, reason: 'invalid' });
    }
  });
});

describe('editing', () => {
  it('a rep creates a lead they own, edits it with its version; a stale version is refused', async () => {
    const created = await createLead(rep, person({ ownerId: rep2.userId, email: 'ada@analytical.example' }));
    expect(created.ok).toBe(true);
    const id = (created as { id: string }).id;
    const row = await leadRow(id);
    expect(row.ownerId).toBe(rep.userId); // a rep cannot give a new lead to someone else
    const edit = {
      ...person({ company: 'Analytical Engines', email: 'ada@analytical.example' }),
      id,
      version: row.version,
    };
    expect(await updateLead(rep, edit)).toEqual({ ok: true, id });
    expect(await updateLead(rep, { ...edit, firstName: 'Later' })).toEqual({ ok: false, reason: 'stale' });
    expect((await leadRow(id)).company).toBe('Analytical Engines');
  });

  it('unqualified needs a reason, shown next to the reason field', async () => {
    const { id } = (await createLead(rep, person())) as { id: string };
    signInAs(rep);
    const f = new FormData();
    f.set('id', id);
    f.set('version', '1');
    f.set('status', 'unqualified');
    const refused = await setLeadStatusAction(null, f);
    expect(refused).toMatchObject({ ok: false, fieldErrors: { unqualifiedReason: ['reasonRequired'] } });
    f.set('unqualifiedReason', 'No budget');
    expect(await setLeadStatusAction(null, f)).toMatchObject({ ok: true });
    const row = await leadRow(id);
    expect([row.status, row.unqualifiedReason, row.version]).toEqual(['unqualified', 'No budget', 2]);
    expect(row.lastActivityAt).not.toBeNull();
  });

  it('a manager reassigns one lead; a rep editing keeps the owner', async () => {
    const { id } = (await createLead(rep, person())) as { id: string };
    expect(await updateLead(manager, { ...person(), id, version: 1, ownerId: rep2.userId })).toEqual({ ok: true, id });
    expect((await leadRow(id)).ownerId).toBe(rep2.userId);
    // rep no longer sees it
    expect(await getLead(rep, id)).toBeNull();
    expect(await updateLead(rep2, { ...person({ firstName: 'B' }), id, version: 2, ownerId: rep.userId })).toEqual({
      ok: true,
      id,
    });
    expect((await leadRow(id)).ownerId).toBe(rep2.userId);
  });

  it('bulk assign by a manager moves the visible, unconverted leads and audits each', async () => {
    const a = (await createLead(rep, person())) as { id: string };
    const b = (await createLead(rep, person())) as { id: string };
    const r = await bulkAssignLeads(manager, [a.id, b.id], rep2.userId);
    expect(r).toEqual({ ok: true, changed: 2 });
    expect((await leadRow(a.id)).ownerId).toBe(rep2.userId);
    const audits = await db
      .select({ n: count() })
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'lead'), eq(auditLog.action, 'assign'), eq(auditLog.actorId, manager.userId)));
    expect(audits[0].n).toBe(2);
    const inactive = await createTestUser('sales_rep', { active: false });
    expect(await bulkAssignLeads(manager, [a.id], inactive.userId)).toEqual({ ok: false, reason: 'ownerInactive' });
    expect(await bulkAssignLeads(manager, [a.id], marketer.userId)).toEqual({ ok: false, reason: 'ownerInactive' });
  });
});

describe('conversion', () => {
  it('creates customer + contact + deal in the first open stage, links them, and makes the lead read-only', async () => {
    const { id } = (await createLead(
      rep,
      person({ company: 'Difference Engines Ltd', email: 'ada@difference.example' }),
    )) as {
      id: string;
    };
    const r = await convertLead(rep, {
      id,
      version: 1,
      customerId: null,
      createDeal: true,
      dealName: 'Engines for Difference',
      dealAmount: '12500.50',
      dealCloseDate: '2026-09-30',
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const lead = await leadRow(id);
    expect(lead).toMatchObject({
      status: 'converted',
      convertedCustomerId: r.customerId,
      convertedContactId: r.contactId,
      convertedDealId: r.dealId,
    });
    const [customer] = await db.select().from(customers).where(eq(customers.id, r.customerId));
    expect(customer).toMatchObject({ kind: 'company', name: 'Difference Engines Ltd', ownerId: rep.userId });
    const [contact] = await db.select().from(contacts).where(eq(contacts.id, r.contactId));
    expect(contact).toMatchObject({ customerId: r.customerId, firstName: 'Ada', email: 'ada@difference.example' });
    const [deal] = await db.select().from(deals).where(eq(deals.id, r.dealId!));
    expect(deal).toMatchObject({ leadId: id, amount: '12500.50', expectedCloseDate: '2026-09-30', status: 'open' });
    const history = await db.select().from(dealStageHistory).where(eq(dealStageHistory.dealId, r.dealId!));
    expect(history).toHaveLength(1);
    // read-only now
    expect(await updateLead(rep, { ...person(), id, version: lead.version })).toEqual({
      ok: false,
      reason: 'leadConverted',
    });
    expect(
      await convertLead(rep, {
        id,
        version: lead.version,
        customerId: null,
        createDeal: false,
        dealName: null,
        dealAmount: '0',
        dealCloseDate: null,
      }),
    ).toEqual({
      ok: false,
      reason: 'leadConverted',
    });
    expect((await getLead(rep, id))?.canEdit).toBe(false);
  });

  it('attaches to an existing customer found by the duplicate check (only one the rep may edit)', async () => {
    const [own] = await db.select().from(customers).where(eq(customers.ownerId, rep.userId)).limit(1);
    const [others] = await db.select().from(customers).where(eq(customers.ownerId, rep2.userId)).limit(1);
    const { id } = (await createLead(rep, person({ email: own.email ?? 'x@own.example', company: own.name }))) as {
      id: string;
    };
    const detail = await getLead(rep, id);
    expect(detail?.duplicates.some((d) => d.kind === 'customer' && d.id === own.id)).toBe(true);
    const customersBefore = await countOf(customers);
    const refused = await convertLead(rep, {
      id,
      version: 1,
      customerId: others.id,
      createDeal: false,
      dealName: null,
      dealAmount: '0',
      dealCloseDate: null,
    });
    expect(refused).toEqual({ ok: false, reason: 'customerNotEditable' });
    const r = await convertLead(rep, {
      id,
      version: 1,
      customerId: own.id,
      createDeal: false,
      dealName: null,
      dealAmount: '0',
      dealCloseDate: null,
    });
    expect(r).toMatchObject({ ok: true, customerId: own.id, dealId: null });
    expect(await countOf(customers)).toBe(customersBefore);
  });

  it('a failure half-way (the deal insert fails) leaves nothing written: no customer, contact or deal, the lead unchanged', async () => {
    const { id } = (await createLead(rep, person({ company: 'Halfway House' }))) as { id: string };
    const before = await leadRow(id);
    const counts = [await countOf(customers), await countOf(contacts), await countOf(deals)];
    const audits = (await db.select({ n: count() }).from(auditLog))[0].n;
    // The amount passes the function (the schema would refuse it) and fails the deals_amount_ck
    // check after the customer and contact rows were inserted.
    await expect(
      convertLead(rep, {
        id,
        version: 1,
        customerId: null,
        createDeal: true,
        dealName: 'Bad',
        dealAmount: '-5',
        dealCloseDate: null,
      }),
    ).rejects.toThrow();
    expect([await countOf(customers), await countOf(contacts), await countOf(deals)]).toEqual(counts);
    expect(await leadRow(id)).toEqual(before);
    expect((await db.select({ n: count() }).from(auditLog))[0].n).toBe(audits);
    expect(await db.select().from(customers).where(eq(customers.name, 'Halfway House'))).toEqual([]);
  });

  it('an agent or marketer cannot convert; a stale version is refused before anything is written', async () => {
    const { id } = (await createLead(rep, person())) as { id: string };
    const input = {
      id,
      version: 1,
      customerId: null,
      createDeal: false,
      dealName: null,
      dealAmount: '0',
      dealCloseDate: null,
    };
    expect(await convertLead(agent, input)).toEqual({ ok: false, reason: 'forbidden' });
    expect(await convertLead(marketer, input)).toEqual({ ok: false, reason: 'forbidden' });
    expect(await convertLead(rep2, input)).toEqual({ ok: false, reason: 'notFound' });
    const n = await countOf(customers);
    expect(await convertLead(rep, { ...input, version: 7 })).toEqual({ ok: false, reason: 'stale' });
    expect(await countOf(customers)).toBe(n);
  });

  it('an unqualified lead is not converted until it has a working status again', async () => {
    const { id } = (await createLead(rep, person({ status: 'unqualified', unqualifiedReason: 'No budget' }))) as {
      id: string;
    };
    // As the form sends it: the amount typed with a thousands separator.
    const input = ConvertLeadSchema.parse({
      id,
      version: '1',
      customerId: 'new',
      createDeal: 'on',
      dealName: 'Nope',
      dealAmount: '1,500',
      dealCloseDate: '',
    });
    const [customersBefore, dealsBefore] = [await countOf(customers), await countOf(deals)];
    expect(await convertLead(rep, input)).toEqual({ ok: false, reason: 'leadUnqualified' });
    expect([await countOf(customers), await countOf(deals)]).toEqual([customersBefore, dealsBefore]);
    expect(await leadRow(id)).toMatchObject({ status: 'unqualified', version: 1 });

    expect(await updateLead(rep, { ...person({ status: 'qualified' }), id, version: 1 })).toMatchObject({ ok: true });
    const r = await convertLead(rep, { ...input, version: 2 });
    expect(r).toMatchObject({ ok: true });
    if (!r.ok) return;
    const [deal] = await db.select().from(deals).where(eq(deals.id, r.dealId!));
    expect(deal.amount).toBe('1500.00');
  });
});
