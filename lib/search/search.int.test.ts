import { eq, sql } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { cases, contacts, customers, deals, pipelineStages } from '@/db/schema';
import type { Viewer } from '@/lib/auth/permissions';
import { setupTestDatabase } from '@/lib/testing/db';
import { createTestUser } from '@/lib/testing/factories';
import { signInAs } from '@/lib/testing/session-mock';
import { contactNameExpr, nameField, phoneField, substringField, variantField } from './match';
import { normalizeQuery } from './query';
import { searchAll, searchableKinds } from './search';
import { searchAction } from './search-actions';
import type { SearchKind, SearchResults } from './types';

vi.mock('@/lib/auth/auth', async () => (await import('@/lib/testing/session-mock')).authMock);
vi.mock('next/cache', async () => (await import('@/lib/testing/next-mocks')).cacheMock);

setupTestDatabase();

let admin: Viewer, repA: Viewer, repB: Viewer, agent: Viewer, otherAgent: Viewer, marketer: Viewer;
const ids: Record<string, string> = {};

const titles = (r: SearchResults, kind: SearchKind) =>
  r.groups.find((g) => g.kind === kind)?.hits.map((h) => h.title) ?? [];
const kinds = (r: SearchResults) => r.groups.map((g) => g.kind);

async function customer(
  key: string,
  values: { name: string; email?: string; phone?: string; ownerId?: string; deleted?: boolean },
) {
  const [row] = await db
    .insert(customers)
    .values({
      kind: 'person',
      name: values.name,
      email: values.email,
      phone: values.phone,
      ownerId: values.ownerId,
      deletedAt: values.deleted ? new Date() : null,
    })
    .returning({ id: customers.id });
  ids[key] = row.id;
  return row.id;
}

beforeAll(async () => {
  [admin, repA, repB, agent, otherAgent, marketer] = await Promise.all([
    createTestUser('admin'),
    createTestUser('sales_rep', { name: 'Rita Rep' }),
    createTestUser('sales_rep', { name: 'Bob Rep' }),
    createTestUser('service_agent'),
    createTestUser('service_agent'),
    createTestUser('marketer'),
  ]);
  await customer('john', {
    name: 'John Smith',
    email: 'john.smith@example.com',
    phone: '+1 (415) 555-0132',
    ownerId: repA.userId,
  });
  await customer('northwind', { name: 'Northwind Traders', email: 'orders@northwind.test', ownerId: repB.userId });
  await customer('wangwei', { name: '王伟', phone: '+86 138 0013 8000', ownerId: repB.userId });
  await customer('jiahe', { name: '上海嘉禾科技有限公司', ownerId: repA.userId });
  await customer('acme', { name: 'Acme Corporation', email: 'hello@acme.test', ownerId: repB.userId });
  await customer('ghost', {
    name: 'Ghostly Deleted Ltd',
    email: 'ghost@deleted.test',
    ownerId: repA.userId,
    deleted: true,
  });
  await customer('percent', { name: 'Fifty Percent Off', ownerId: repA.userId });

  const contactRows = await db
    .insert(contacts)
    .values([
      { customerId: ids.acme, firstName: 'Mei', lastName: 'Chen', email: 'Mei.Chen@Acme.test', phone: '138 0013 9999' },
      { customerId: ids.jiahe, firstName: '伟明', lastName: '王', email: 'wang.weiming@jiahe.cn' },
      { customerId: ids.ghost, firstName: 'Gideon', lastName: 'Ghostly', email: 'gideon@deleted.test' },
    ])
    .returning({ id: contacts.id, firstName: contacts.firstName });
  for (const c of contactRows) ids[`contact:${c.firstName}`] = c.id;

  const [stage] = await db
    .insert(pipelineStages)
    .values({ name: 'Proposal', position: 3, probability: 50 })
    .returning({ id: pipelineStages.id });
  await db.insert(deals).values([
    { name: 'Acme expansion (Rita)', customerId: ids.acme, ownerId: repA.userId, stageId: stage.id, amount: '1200.50' },
    { name: 'Acme renewal (Bob)', customerId: ids.acme, ownerId: repB.userId, stageId: stage.id, amount: '900.00' },
    { name: 'Ghostly deal', customerId: ids.ghost, ownerId: repA.userId, stageId: stage.id },
  ]);
  await db.insert(cases).values([
    {
      number: 4321,
      subject: 'Printer will not connect',
      customerId: ids.acme,
      assigneeId: agent.userId,
      priority: 'high',
      status: 'open',
    },
    { number: 4322, subject: 'Refund for Acme order', customerId: ids.acme, assigneeId: otherAgent.userId },
    { number: 4323, subject: 'Ghostly case', customerId: ids.ghost },
  ]);
});

beforeEach(() => signInAs(null));

describe('search: matching', () => {
  it('tolerates typos: "Jonh Smith" finds John Smith and "Nortwind" finds Northwind Traders', async () => {
    expect(titles(await searchAll(admin, 'Jonh Smith'), 'customer')).toContain('John Smith');
    expect(titles(await searchAll(admin, 'Nortwind'), 'customer')).toContain('Northwind Traders');
    expect(titles(await searchAll(admin, 'smith john'), 'customer')).toContain('John Smith');
  });

  it('matches 2-letter queries on the start of a word ("jo" → John Smith), not inside one', async () => {
    expect(titles(await searchAll(admin, 'jo'), 'customer')).toEqual(['John Smith']);
    expect(titles(await searchAll(admin, 'mi'), 'customer')).toEqual([]); // "Smith" contains "mi"
  });

  it('ranks an exact name above a similar one', async () => {
    await customer('johnsmyth', { name: 'John Smyth' });
    const hits = titles(await searchAll(admin, 'John Smith'), 'customer');
    expect(hits[0]).toBe('John Smith');
    expect(hits).toContain('John Smyth');
  });

  it('finds customers and contacts by email, in any case and by part of it', async () => {
    expect(titles(await searchAll(admin, 'JOHN.SMITH@example'), 'customer')).toEqual(['John Smith']);
    expect(titles(await searchAll(admin, 'mei.chen@acme.test'), 'contact')).toEqual(['Mei Chen']);
  });

  it('finds customers and contacts by phone however it is formatted', async () => {
    expect(titles(await searchAll(admin, '415-555-0132'), 'customer')).toEqual(['John Smith']);
    expect(titles(await searchAll(admin, '(415) 5550132'), 'customer')).toEqual(['John Smith']);
    // With a country code the stored number lacks, and without the one it has.
    expect(titles(await searchAll(admin, '+1 415 555 0132'), 'customer')).toEqual(['John Smith']);
    expect(titles(await searchAll(admin, '13800138000'), 'customer')).toEqual(['王伟']);
    expect(titles(await searchAll(admin, '+86 138-0013-9999'), 'contact')).toEqual(['Mei Chen']);
    // Fewer than 4 digits is not a phone search.
    expect(titles(await searchAll(admin, '415'), 'customer')).toEqual([]);
  });

  it('finds Chinese names: 2-character names, names inside company names, contacts in natural order', async () => {
    expect(titles(await searchAll(admin, '王伟'), 'customer')).toEqual(['王伟']);
    expect(titles(await searchAll(admin, '嘉禾'), 'customer')).toEqual(['上海嘉禾科技有限公司']);
    expect(titles(await searchAll(admin, '嘉禾科技'), 'customer')).toEqual(['上海嘉禾科技有限公司']);
    // The contact is stored first name 伟明, last name 王 and shown surname first.
    expect(titles(await searchAll(admin, '王伟明'), 'contact')).toEqual(['王伟明']);
    expect(titles(await searchAll(admin, '伟明'), 'contact')).toEqual(['王伟明']);
  });

  it('finds a case by number, with or without the CS- prefix, ranked first', async () => {
    for (const q of ['4321', 'CS-4321', 'cs 4321', '#4321']) {
      const group = (await searchAll(admin, q)).groups.find((g) => g.kind === 'case')!;
      const [printer] = await db.select({ id: cases.id }).from(cases).where(eq(cases.number, 4321));
      // A case result opens its case page.
      expect(group.hits[0]).toMatchObject({ title: 'Printer will not connect', href: `/cases/${printer.id}` });
      expect(group.hits[0].subtitle).toEqual([
        { text: 'CS-4321' },
        { key: 'caseStatus.open' },
        { key: 'casePriority.high' },
        { text: 'Acme Corporation' },
      ]);
    }
    expect(titles(await searchAll(admin, 'printer'), 'case')).toEqual(['Printer will not connect']);
  });

  it('returns nothing for queries under 2 characters, and treats LIKE wildcards literally', async () => {
    const short = await searchAll(admin, ' j ');
    expect(short.query).toBe('');
    expect(short.groups.every((g) => g.hits.length === 0)).toBe(true);
    expect(titles(await searchAll(admin, '王'), 'customer')).toEqual([]);
    expect((await searchAll(admin, '%%%')).groups.every((g) => g.hits.length === 0)).toBe(true);
    expect((await searchAll(admin, '___')).groups.every((g) => g.hits.length === 0)).toBe(true);
  });

  it("builds result DTOs with links: contacts open their customer's contacts, deals their customer", async () => {
    const r = await searchAll(admin, 'Acme');
    const contact = (await searchAll(admin, 'Mei Chen')).groups.find((g) => g.kind === 'contact')!.hits[0];
    expect(contact).toEqual({
      kind: 'contact',
      id: ids['contact:Mei'],
      title: 'Mei Chen',
      subtitle: [{ text: 'Mei.Chen@Acme.test' }, { text: '138 0013 9999' }, { text: 'Acme Corporation' }],
      href: `/customers/${ids.acme}#contacts`,
    });
    const deal = r.groups.find((g) => g.kind === 'deal')!.hits.find((h) => h.title === 'Acme expansion (Rita)')!;
    expect(deal.subtitle).toEqual([
      { text: 'Proposal' },
      { money: '1200.50', currency: 'USD' },
      { text: 'Acme Corporation' },
    ]);
    expect(deal.href).toBe(`/customers/${ids.acme}`);
    const customerHit = r.groups.find((g) => g.kind === 'customer')!.hits[0];
    expect(Object.keys(customerHit).sort()).toEqual(['href', 'id', 'kind', 'subtitle', 'title']);
  });

  it('limits each group and says when there are more', async () => {
    await db
      .insert(customers)
      .values(Array.from({ length: 7 }, (_, i) => ({ kind: 'company' as const, name: `Limitless Labs ${i}` })));
    const five = (await searchAll(admin, 'Limitless', { limit: 5 })).groups.find((g) => g.kind === 'customer')!;
    expect(five.hits).toHaveLength(5);
    expect(five.more).toBe(true);
    const all = (await searchAll(admin, 'Limitless', { limit: 20 })).groups.find((g) => g.kind === 'customer')!;
    expect(all.hits).toHaveLength(7);
    expect(all.more).toBe(false);
  });
});

describe('search: visibility', () => {
  it('a sales rep gets their own deals only, but every customer (everyone reads customers)', async () => {
    const r = await searchAll(repA, 'Acme');
    expect(titles(r, 'deal')).toEqual(['Acme expansion (Rita)']);
    expect(titles(r, 'customer')).toEqual(['Acme Corporation']); // owned by Bob
    expect(titles(await searchAll(repB, 'Acme'), 'deal')).toEqual(['Acme renewal (Bob)']);
  });

  it('a sales rep sees cases only of customers they own', async () => {
    expect(titles(await searchAll(repA, 'CS-4321'), 'case')).toEqual([]); // Acme is Bob's
    expect(titles(await searchAll(repB, 'CS-4321'), 'case')).toEqual(['Printer will not connect']);
  });

  it('a marketer gets no deals and no cases, only customers and contacts', async () => {
    expect(searchableKinds(marketer)).toEqual(['customer', 'contact']);
    const r = await searchAll(marketer, 'Acme');
    expect(kinds(r)).toEqual(['customer', 'contact']);
    expect(titles(r, 'customer')).toEqual(['Acme Corporation']);
    expect(kinds(await searchAll(marketer, '4321'))).toEqual(['customer', 'contact']);
  });

  it("a service agent sees their queue's cases (unassigned and their own), not another agent's", async () => {
    const r = await searchAll(agent, 'Acme');
    expect(titles(r, 'case')).toEqual([]); // "Refund for Acme order" is assigned to the other agent
    expect(titles(await searchAll(agent, '4321'), 'case')).toEqual(['Printer will not connect']);
    expect(titles(await searchAll(otherAgent, 'Acme'), 'case')).toEqual(['Refund for Acme order']);
  });

  it('a deleted customer is not found, nor its contacts, deals and cases', async () => {
    const r = await searchAll(admin, 'Ghostly');
    expect(r.groups.flatMap((g) => g.hits)).toEqual([]);
    expect(titles(await searchAll(admin, 'ghost@deleted.test'), 'customer')).toEqual([]);
    expect(titles(await searchAll(admin, 'CS-4323'), 'case')).toEqual([]);
  });

  it('a deleted contact of a live customer is not found', async () => {
    await db
      .insert(contacts)
      .values({ customerId: ids.acme, firstName: 'Zelda', lastName: 'Removed', deletedAt: new Date() });
    expect(titles(await searchAll(admin, 'Zelda Removed'), 'contact')).toEqual([]);
  });
});

describe('searchAction', () => {
  it('a signed-out call is redirected to /login before anything runs', async () => {
    await expect(searchAction({ q: 'Acme' })).rejects.toThrow(/NEXT_REDIRECT/);
  });

  it('returns the palette results (5 per group) for the signed-in viewer, with their visibility', async () => {
    signInAs(repA);
    const result = await searchAction({ q: '  Acme  ' });
    expect(result.ok).toBe(true);
    if (!result.ok || !result.data) return;
    expect(result.data.query).toBe('Acme');
    expect(titles(result.data, 'deal')).toEqual(['Acme expansion (Rita)']);
    await db
      .insert(customers)
      .values(Array.from({ length: 8 }, (_, i) => ({ kind: 'company' as const, name: `Paletteville ${i}` })));
    const many = await searchAction({ q: 'Paletteville' });
    expect(many.ok && many.data?.groups[0]).toMatchObject({ kind: 'customer', more: true });
    expect(many.ok && many.data?.groups[0].hits).toHaveLength(5);
  });

  it('refuses crafted input: a query over 100 characters or not a string', async () => {
    signInAs(admin);
    expect(await searchAction({ q: 'x'.repeat(101) })).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await searchAction({ q: { $ne: '' } })).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await searchAction('Acme')).toMatchObject({ ok: false, reason: 'invalid' });
  });
});

describe('search: indexes', () => {
  // The WHERE expressions must match the indexed expressions exactly, or PostgreSQL silently scans.
  const contactName = contactNameExpr(contacts.firstName, contacts.lastName);
  it.each([
    ['customers', 'customers_name_trgm', nameField(customers.name, normalizeQuery('Nortwind')).where],
    ['customers', 'customers_email_trgm', substringField(customers.email, normalizeQuery('north'))!.where],
    ['customers', 'customers_phone_digits_trgm', phoneField(customers.phone, normalizeQuery('415-555-0132'))!.where],
    ['contacts', 'contacts_name_trgm', nameField(contactName, normalizeQuery('Mei Chen')).where],
    ['contacts', 'contacts_name_trgm', nameField(contactName, normalizeQuery('伟明'), { words: true }).where],
    ['contacts', 'contacts_name_trgm', variantField(contactName, '伟明 王').where],
    ['contacts', 'contacts_email_trgm', substringField(contacts.email, normalizeQuery('acme.test'))!.where],
    ['contacts', 'contacts_phone_digits_trgm', phoneField(contacts.phone, normalizeQuery('138 0013 9999'))!.where],
    ['deals', 'deals_name_trgm', nameField(deals.name, normalizeQuery('ac')).where],
    ['cases', 'cases_subject_trgm', nameField(cases.subject, normalizeQuery('Printr')).where],
  ])('%s: the search condition is answered by %s', async (table, index, condition) => {
    const plan = await db.transaction(async (tx) => {
      await tx.execute(
        sql`select set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true), set_config('enable_indexonlyscan', 'off', true)`,
      );
      return (await tx.execute(sql`explain select id from ${sql.identifier(table)} where ${condition}`)) as unknown as {
        rows: { 'QUERY PLAN': string }[];
      };
    });
    expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain(index);
  });
});
