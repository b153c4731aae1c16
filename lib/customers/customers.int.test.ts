import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { auditLog, customers } from '@/db/schema';
import type { Viewer } from '@/lib/auth/permissions';
import { setupTestDatabase } from '@/lib/testing/db';
import { createTestUser } from '@/lib/testing/factories';
import { insertCustomer } from '@/lib/testing/fixtures';
import { form, initial } from '@/lib/testing/forms';
import { signInAs } from '@/lib/testing/session-mock';
import {
  bulkAddTagAction,
  bulkAssignOwnerAction,
  createCustomerAction,
  deleteCustomerAction,
  restoreCustomerAction,
  updateCustomerAction,
} from './customer-actions';
import { getCustomer, listCustomerFacets, listCustomers } from './customers';
import { CustomerFilterSchema } from './filters';

vi.mock('@/lib/auth/auth', async () => (await import('@/lib/testing/session-mock')).authMock);
vi.mock('next/cache', async () => (await import('@/lib/testing/next-mocks')).cacheMock);

setupTestDatabase();

const filter = (params: Record<string, string> = {}) => CustomerFilterSchema.parse(params);

let rep: Viewer, rep2: Viewer, manager: Viewer, agent: Viewer, marketer: Viewer;
beforeAll(async () => {
  [rep, rep2, manager, agent, marketer] = await Promise.all([
    createTestUser('sales_rep'),
    createTestUser('sales_rep'),
    createTestUser('manager'),
    createTestUser('service_agent'),
    createTestUser('marketer'),
  ]);
});

describe('creating and editing customers', () => {
  it('a rep creates a customer they own (an owner field in the request is ignored), audited', async () => {
    signInAs(rep);
    const result = await createCustomerAction(
      initial,
      form({
        kind: 'company',
        name: 'Acme Ltd',
        email: 'Sales@Acme.example',
        phone: '+1 (415) 555-0100',
        tags: 'VIP, b2b, vip',
        country: 'us',
        ownerId: rep2.userId,
      }),
    );
    expect(result.ok).toBe(true);
    const row = await getCustomer(rep, result.id!);
    expect(row).toMatchObject({
      name: 'Acme Ltd',
      email: 'sales@acme.example',
      country: 'US',
      tags: ['vip', 'b2b'],
      ownerId: rep.userId,
      canEdit: true,
    });
    const [entry] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, result.id!), eq(auditLog.action, 'create')));
    expect(entry.actorId).toBe(rep.userId);
  });

  it('rejects bad input with field errors: required name, email, phone, country, formula cell', async () => {
    signInAs(rep);
    const result = await createCustomerAction(
      initial,
      form({ kind: 'alien', name: '=HYPERLINK("http://evil","x")', email: 'nope', phone: 'call me', country: 'USA' }),
    );
    expect(result.fieldErrors).toMatchObject({
      kind: ['kind'],
      name: ['formula'],
      email: ['email'],
      phone: ['phone'],
      country: ['country'],
    });
    expect(result.values?.name).toBe('=HYPERLINK("http://evil","x")');
  });

  it('the language: en or zh-CN is stored (blank clears it), anything else is refused on the field; audited', async () => {
    signInAs(rep);
    const created = await createCustomerAction(
      initial,
      form({ kind: 'person', name: '王芳', email: 'wang.fang@example.cn', locale: 'zh-CN' }),
    );
    expect(created.ok).toBe(true);
    const id = created.id!;
    expect(await getCustomer(rep, id)).toMatchObject({ locale: 'zh-CN', version: 1 });
    const refused = await updateCustomerAction(
      initial,
      form({ id, version: '1', kind: 'person', name: '王芳', locale: 'fr' }),
    );
    expect(refused).toMatchObject({ ok: false, fieldErrors: { locale: ['locale'] }, values: { locale: 'fr' } });
    expect(await getCustomer(rep, id)).toMatchObject({ locale: 'zh-CN', version: 1 });
    const english = await updateCustomerAction(
      initial,
      form({ id, version: '1', kind: 'person', name: '王芳', email: 'wang.fang@example.cn', locale: 'en' }),
    );
    expect(english.ok).toBe(true);
    expect(await getCustomer(rep, id)).toMatchObject({ locale: 'en', version: 2 });
    const [audit] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, id), eq(auditLog.action, 'update')));
    expect(audit.diff).toEqual({ locale: ['zh-CN', 'en'] });
    const cleared = await updateCustomerAction(
      initial,
      form({ id, version: '2', kind: 'person', name: '王芳', email: 'wang.fang@example.cn', locale: '' }),
    );
    expect(cleared.ok).toBe(true);
    expect(await getCustomer(rep, id)).toMatchObject({ locale: null, version: 3 });
  });

  it('a second rep can read but not edit, delete or tag another rep’s customer (crafted calls refused)', async () => {
    const c = await insertCustomer({ ownerId: rep.userId, name: 'Owned by rep' });
    expect(await getCustomer(rep2, c.id)).toMatchObject({ name: 'Owned by rep', canEdit: false });
    signInAs(rep2);
    const update = await updateCustomerAction(
      initial,
      form({ id: c.id, version: '1', kind: 'company', name: 'Hijacked' }),
    );
    expect(update).toMatchObject({ ok: false, message: 'forbidden' });
    expect(await deleteCustomerAction(c.id)).toMatchObject({ ok: false, message: 'forbidden' });
    const tag = await bulkAddTagAction({ ids: [c.id], tag: 'hijacked' });
    expect(tag.data?.count).toBe(0);
    const [row] = await db.select().from(customers).where(eq(customers.id, c.id));
    expect(row).toMatchObject({ name: 'Owned by rep', version: 1, deletedAt: null, tags: [] });
  });

  it('marketers and service agents cannot create or edit customers', async () => {
    const c = await insertCustomer({ ownerId: rep.userId });
    for (const who of [marketer, agent]) {
      signInAs(who);
      expect(await createCustomerAction(initial, form({ kind: 'person', name: 'Nope' }))).toMatchObject({
        ok: false,
        message: 'forbidden',
      });
      expect(
        await updateCustomerAction(initial, form({ id: c.id, version: '1', kind: 'company', name: 'Nope' })),
      ).toMatchObject({ ok: false, message: 'forbidden' });
    }
  });

  it('the second saver of the same version is told; nothing is overwritten', async () => {
    const c = await insertCustomer({ ownerId: rep.userId, name: 'Original' });
    signInAs(rep);
    expect(
      (await updateCustomerAction(initial, form({ id: c.id, version: '1', kind: 'company', name: 'First save' }))).ok,
    ).toBe(true);
    signInAs(manager);
    const second = await updateCustomerAction(
      initial,
      form({ id: c.id, version: '1', kind: 'company', name: 'Second save' }),
    );
    expect(second).toMatchObject({ ok: false, message: 'stale', values: { name: 'Second save' } });
    expect(await getCustomer(rep, c.id)).toMatchObject({ name: 'First save', version: 2 });
  });

  it('a rep cannot give their customer away; a manager reassigns it', async () => {
    const c = await insertCustomer({ ownerId: rep.userId, name: 'Keep' });
    signInAs(rep);
    await updateCustomerAction(
      initial,
      form({ id: c.id, version: '1', kind: 'company', name: 'Keep', ownerId: rep2.userId }),
    );
    expect((await getCustomer(rep, c.id))?.ownerId).toBe(rep.userId);
    signInAs(manager);
    const current = await getCustomer(manager, c.id);
    const r = await updateCustomerAction(
      initial,
      form({ id: c.id, version: String(current!.version), kind: 'company', name: 'Keep', ownerId: rep2.userId }),
    );
    expect(r.ok).toBe(true);
    expect((await getCustomer(rep, c.id))?.ownerId).toBe(rep2.userId);
  });

  it('delete is soft: the customer leaves lists and pages, and Undo brings it back', async () => {
    const c = await insertCustomer({ ownerId: rep.userId, name: 'Deletable Zebra' });
    signInAs(rep);
    expect((await deleteCustomerAction(c.id)).ok).toBe(true);
    expect(await getCustomer(manager, c.id)).toBeNull();
    expect((await listCustomers(manager, filter({ q: 'Deletable Zebra' }))).total).toBe(0);
    expect((await restoreCustomerAction(c.id)).ok).toBe(true);
    expect((await listCustomers(manager, filter({ q: 'Deletable Zebra' }))).total).toBe(1);
    const actions = await db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, c.id));
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['delete', 'restore']));
  });
});

describe('bulk actions', () => {
  it('only managers and admins reassign; a rep’s crafted call is refused', async () => {
    const a = await insertCustomer({ ownerId: rep.userId });
    const b = await insertCustomer({ ownerId: rep.userId });
    signInAs(rep);
    expect(await bulkAssignOwnerAction({ ids: [a.id, b.id], ownerId: rep2.userId })).toMatchObject({
      ok: false,
      message: 'forbidden',
    });
    signInAs(manager);
    expect(await bulkAssignOwnerAction({ ids: [a.id, b.id], ownerId: rep2.userId })).toMatchObject({
      ok: true,
      data: { count: 2 },
    });
    const audits = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'assign'), eq(auditLog.actorId, manager.userId)));
    expect(audits.map((x) => x.entityId).sort()).toEqual([a.id, b.id].sort());
  });

  it('a rep tags only the selected customers they own', async () => {
    const mine = await insertCustomer({ ownerId: rep.userId });
    const theirs = await insertCustomer({ ownerId: rep2.userId });
    signInAs(rep);
    expect(await bulkAddTagAction({ ids: [mine.id, theirs.id], tag: 'Priority' })).toMatchObject({
      ok: true,
      data: { count: 1 },
    });
    expect((await getCustomer(rep, mine.id))?.tags).toEqual(['priority']);
    expect((await getCustomer(rep, theirs.id))?.tags).toEqual([]);
  });
});

describe('who may own customers', () => {
  it('a manager cannot hand customers to a marketer or a service agent (bulk, edit or create); a rep is fine', async () => {
    const c = await insertCustomer({ ownerId: rep.userId, name: 'Stays with rep' });
    signInAs(manager);
    for (const who of [marketer, agent]) {
      expect(await bulkAssignOwnerAction({ ids: [c.id], ownerId: who.userId })).toMatchObject({
        ok: false,
        message: 'ownerInactive',
      });
      expect(
        await updateCustomerAction(
          initial,
          form({ id: c.id, version: '1', kind: 'company', name: 'Stays with rep', ownerId: who.userId }),
        ),
      ).toMatchObject({ ok: false, fieldErrors: { ownerId: ['owner'] } });
      expect(
        await createCustomerAction(initial, form({ kind: 'person', name: 'Nobody’s', ownerId: who.userId })),
      ).toMatchObject({ ok: false, fieldErrors: { ownerId: ['owner'] } });
    }
    expect((await db.select().from(customers).where(eq(customers.id, c.id)))[0]).toMatchObject({
      ownerId: rep.userId,
      version: 1,
    });
    expect(await bulkAssignOwnerAction({ ids: [c.id], ownerId: rep2.userId })).toMatchObject({
      ok: true,
      data: { count: 1 },
    });
  });
});

describe('the owner check runs inside each mutation’s transaction', () => {
  // On PGlite (one connection) a query through the process-wide `db` inside a transaction waits for
  // the transaction, which waits for the query: this test would never finish. Each path checks the
  // owner with the transaction's own executor.
  it('a manager creates a customer for a rep, reassigns it in the form, and hands it back in bulk', async () => {
    signInAs(manager);
    const created = await createCustomerAction(initial, form({ kind: 'company', name: 'Handed', ownerId: rep.userId }));
    expect(created).toMatchObject({ ok: true });
    const id = created.id!;
    expect(
      await updateCustomerAction(
        initial,
        form({ id, version: '1', kind: 'company', name: 'Handed', ownerId: rep2.userId }),
      ),
    ).toMatchObject({ ok: true });
    expect(await bulkAssignOwnerAction({ ids: [id], ownerId: rep.userId })).toMatchObject({
      ok: true,
      data: { count: 1 },
    });
    expect(await getCustomer(manager, id)).toMatchObject({ ownerId: rep.userId, version: 3 });
  });
});

describe('bulk tagging', () => {
  it('never takes a customer past 20 tags', async () => {
    const full = await insertCustomer({ ownerId: rep.userId, tags: Array.from({ length: 20 }, (_, i) => `t${i}`) });
    const almost = await insertCustomer({ ownerId: rep.userId, tags: Array.from({ length: 19 }, (_, i) => `t${i}`) });
    signInAs(rep);
    expect(await bulkAddTagAction({ ids: [full.id, almost.id], tag: 'one-more' })).toMatchObject({
      ok: true,
      data: { count: 1 },
    });
    const [fullRow] = await db.select().from(customers).where(eq(customers.id, full.id));
    const [almostRow] = await db.select().from(customers).where(eq(customers.id, almost.id));
    expect(fullRow.tags).toHaveLength(20);
    expect(fullRow.tags).not.toContain('one-more');
    expect(almostRow.tags).toHaveLength(20);
    expect(almostRow.tags).toContain('one-more');
  });
});

describe('the customer list', () => {
  it('filters by owner, type, tags, country, created range and free text (name, email, phone digits) in SQL', async () => {
    const tag = `t${Date.now()}`;
    const x = await insertCustomer({
      ownerId: rep2.userId,
      kind: 'person',
      name: 'Zhu Filterable',
      email: 'zhu.filter@example.org',
      phone: '+86 138 0013 8000',
      country: 'CN',
      tags: [tag],
      createdAt: new Date('2025-03-10T12:00:00Z'),
    });
    await insertCustomer({
      ownerId: rep2.userId,
      kind: 'company',
      name: 'Other Filterable',
      country: 'US',
      tags: [tag],
      createdAt: new Date('2025-06-10T12:00:00Z'),
    });
    const ids = async (p: Record<string, string>) =>
      (await listCustomers(marketer, filter({ tags: tag, ...p }))).rows.map((r) => r.id);
    expect(await ids({ kind: 'person' })).toEqual([x.id]);
    expect(await ids({ country: 'cn' })).toEqual([x.id]);
    expect(await ids({ q: 'zhu.filter@' })).toEqual([x.id]);
    expect(await ids({ q: '13800138' })).toEqual([x.id]);
    expect(await ids({ from: '2025-03-10', to: '2025-03-10' })).toEqual([x.id]);
    expect(await ids({ owner: rep2.userId })).toHaveLength(2);
    expect(await ids({ owner: 'me' })).toHaveLength(0);
  });

  it('sorts and pages with stable order; every role may read it', async () => {
    const tag = `p${Date.now()}`;
    for (const name of ['Delta', 'alpha', 'Charlie', 'Bravo', 'Echo'])
      await insertCustomer({ ownerId: rep.userId, name, tags: [tag] });
    const page1 = await listCustomers(agent, filter({ tags: tag, sort: 'name', dir: 'asc', size: '25' }));
    expect(page1.total).toBe(5);
    const names = page1.rows.map((r) => r.name);
    expect(names.map((n) => n.toLowerCase())).toEqual(['alpha', 'bravo', 'charlie', 'delta', 'echo']);
    const second = await listCustomers(agent, filter({ tags: tag, sort: 'name', dir: 'asc', size: '25', page: '2' }));
    expect(second.rows).toEqual([]);
    const desc = await listCustomers(agent, filter({ tags: tag, sort: 'name', dir: 'desc' }));
    expect(desc.rows.map((r) => r.name)).toEqual([...names].reverse());
    const invalid = CustomerFilterSchema.parse({ sort: 'password_hash', page: '-3', size: '1000000' });
    expect(invalid).toMatchObject({ sort: 'createdAt', page: 1, size: 50 });
  });
});

describe('filter menus', () => {
  it('list each industry and country of live customers once, sorted; a value only deleted customers use is left out', async () => {
    await insertCustomer({ ownerId: null, name: 'Facet A', industry: 'Zymurgy', country: 'NZ' });
    await insertCustomer({ ownerId: null, name: 'Facet B', industry: 'Zymurgy', country: 'AT' });
    await insertCustomer({
      ownerId: null,
      name: 'Facet C',
      industry: 'Xylography',
      country: 'ZW',
      deletedAt: new Date(),
    });
    const facets = await listCustomerFacets(manager);
    expect(facets.industries).toContain('Zymurgy');
    expect(facets.industries).not.toContain('Xylography');
    expect(facets.countries).toEqual([...new Set(facets.countries)].sort());
    expect(facets.countries).toEqual(expect.arrayContaining(['AT', 'NZ']));
    expect(facets.countries).not.toContain('ZW');
  });
});
