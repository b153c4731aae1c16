import { and, asc, eq, sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { auditLog, contacts, customers } from '@/db/schema';
import { setupTestDatabase } from '@/lib/testing/db';
import { createTestUser } from '@/lib/testing/factories';
import { signInAs } from '@/lib/testing/session-mock';
import { type ChunkResult, importCustomerChunk } from './customers-import';
import { suggestMapping } from './fields';
import { importCustomersAction } from './import-actions';
import { chunkRows, type ImportRow, readImportFile, toImportRows } from './read-file';

vi.mock('@/lib/auth/auth', async () => (await import('@/lib/testing/session-mock')).authMock);
vi.mock('next/cache', async () => (await import('@/lib/testing/next-mocks')).cacheMock);

setupTestDatabase();

/** A field for hand-written CSV: quoted when needed, never neutralised (an attacker's file is not). */
const q = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const csvFile = (lines: string[][]) =>
  new TextEncoder().encode(`\uFEFF${lines.map((l) => l.map(q).join(',')).join('\r\n')}\r\n`);

/** What the browser does: read, check, auto-map, chunk; then each chunk goes to the server action. */
async function importFile(bytes: Uint8Array, canAssignOwner = false, chunkSize = 500): Promise<ChunkResult> {
  const file = readImportFile(bytes);
  if (!file.ok) throw new Error(`file refused: ${file.problem.key}`);
  const rows = toImportRows(file.records, suggestMapping(file.headers, canAssignOwner));
  const total: ChunkResult = { created: 0, updated: 0, unchanged: 0, rejected: [], consentKept: [] };
  for (const chunk of chunkRows<ImportRow>(rows, chunkSize)) {
    const state = await importCustomersAction({ rows: chunk });
    if (!state.ok || !state.data) throw new Error(`chunk refused: ${state.message}`);
    total.created += state.data.created;
    total.updated += state.data.updated;
    total.unchanged += state.data.unchanged;
    total.rejected.push(...state.data.rejected);
    total.consentKept.push(...state.data.consentKept);
  }
  return total;
}

const HEADER = ['External ID', 'Name', '邮箱', '电话', 'Country', 'Tags', '联系人', 'Contact email'];

/** Five chunks of the import (MAX_CHUNK_ROWS); its speed at scale is `npm run bench:import`'s. */
function bigFile(): Uint8Array {
  const lines = [HEADER];
  for (let i = 1; i <= 2_500; i++) {
    const contact = i % 10 === 0 ? [`Contact ${i}`, `contact${i}@example.com`] : ['', ''];
    lines.push([
      `EXT-${i}`,
      `客户 ${i} Ltd`,
      `customer${i}@example.com`,
      `+86 138 0000 ${String(i).padStart(4, '0')}`,
      i % 2 ? 'CN' : 'de',
      'imported, big',
      ...contact,
    ]);
  }
  // Three bad rows (spreadsheet rows = data index + 1).
  lines[101][2] = 'not-an-email';
  lines[1201][1] = '=HYPERLINK("http://x","y")';
  lines[2401][1] = '';
  return csvFile(lines);
}

describe('customer CSV import', () => {
  beforeEach(() => signInAs(null));

  it('imports 2,497 of a 2,500-row file (five chunks) with 3 bad rows, naming row and field; importing it again changes nothing', async () => {
    const rep = await createTestUser('sales_rep');
    signInAs(rep);
    const file = bigFile();
    const first = await importFile(file);
    expect(first).toMatchObject({ created: 2_497, updated: 0, unchanged: 0 });
    expect(first.rejected).toEqual([
      { line: 102, errors: [{ field: 'email', reason: 'email' }] },
      { line: 1202, errors: [{ field: 'name', reason: 'formula' }] },
      { line: 2402, errors: [{ field: 'name', reason: 'required' }] },
    ]);
    const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(customers);
    expect(n).toBe(2_497);
    const [sample] = await db.select().from(customers).where(eq(customers.externalId, 'EXT-2'));
    expect(sample).toMatchObject({
      name: '客户 2 Ltd',
      email: 'customer2@example.com',
      country: 'DE',
      ownerId: rep.userId,
      kind: 'company',
      tags: ['imported', 'big'],
      version: 1,
    });
    expect(await db.select({ n: sql<number>`count(*)::int` }).from(contacts)).toEqual([{ n: 250 }]);
    // One summary row per chunk, and one row per customer and contact written.
    const audits = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'import'), eq(auditLog.entity, 'customer'), eq(auditLog.entityId, 'import')));
    expect(audits).toHaveLength(5);
    expect(audits.reduce((s, a) => s + Number(a.diff?.created), 0)).toBe(2_497);
    const perRecord = await db
      .select({ entity: auditLog.entity, n: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'import'), sql`${auditLog.entityId} <> 'import'`))
      .groupBy(auditLog.entity)
      .orderBy(auditLog.entity);
    expect(perRecord).toEqual([
      { entity: 'contact', n: 250 },
      { entity: 'customer', n: 2_497 },
    ]);

    const before = await db
      .select({ id: customers.id, version: customers.version, updatedAt: customers.updatedAt })
      .from(customers)
      .orderBy(asc(customers.id));
    const again = await importFile(file);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2_497 });
    expect(again.rejected.map((r) => r.line)).toEqual([102, 1202, 2402]);
    const after = await db
      .select({ id: customers.id, version: customers.version, updatedAt: customers.updatedAt })
      .from(customers)
      .orderBy(asc(customers.id));
    expect(after).toEqual(before);
    expect(await db.select({ n: sql<number>`count(*)::int` }).from(contacts)).toEqual([{ n: 250 }]);
  });

  it('a marketer calling the import action is refused and nothing is written', async () => {
    signInAs(await createTestUser('marketer'));
    const auditsBefore = (await db.select().from(auditLog)).length;
    const state = await importCustomersAction({
      rows: [{ line: 2, values: { name: 'Mallory Inc', email: 'mallory@example.com' } }],
    });
    expect(state).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(await db.select().from(customers).where(eq(customers.email, 'mallory@example.com'))).toHaveLength(0);
    expect(await db.select().from(auditLog)).toHaveLength(auditsBefore);
  });

  it('refuses a malformed chunk (too many rows, unknown shape) without writing', async () => {
    signInAs(await createTestUser('admin'));
    const rows = Array.from({ length: 501 }, (_, i) => ({
      line: i + 2,
      values: { name: `X ${i}`, email: `x${i}@example.com` },
    }));
    expect(await importCustomersAction({ rows })).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await importCustomersAction({ rows: [{ line: 2, values: { name: 42 } }] })).toMatchObject({
      ok: false,
      reason: 'invalid',
    });
    expect(await db.select().from(customers).where(eq(customers.email, 'x1@example.com'))).toHaveLength(0);
  });

  it('refuses a chunk with a repeated line number: nothing is written (two rows as line 2 used to create 2, report 1)', async () => {
    const admin = await createTestUser('admin');
    signInAs(admin);
    const rows = [
      { line: 2, values: { name: 'Twin A', email: 'twin-a@example.com' } },
      { line: 2, values: { name: 'Twin B', email: 'twin-b@example.com' } },
    ];
    expect(await importCustomersAction({ rows })).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await importCustomersAction({ rows: [{ line: 1, values: rows[0].values }] })).toMatchObject({
      ok: false,
      reason: 'invalid',
    });
    // The data function refuses too, before any write, should a caller skip the schema.
    await expect(importCustomerChunk(admin, rows)).rejects.toThrow(/duplicate line/);
    const twins = await db.select().from(customers).where(sql`${customers.email} like 'twin-%'`);
    expect(twins).toHaveLength(0);
  });

  it('a cell with NUL or U+FFFD rejects its row (field + invalidCharacters), not the chunk', async () => {
    signInAs(await createTestUser('admin'));
    const state = await importCustomersAction({
      rows: [
        { line: 2, values: { name: 'Clean Co', email: 'clean@nul.example' } },
        { line: 3, values: { name: 'Nul\u0000 Co', email: 'nul@nul.example' } },
        { line: 4, values: { name: 'Damaged Co', email: 'bad@nul.example', city: 'K\uFFFDln' } },
      ],
    });
    expect(state.ok).toBe(true);
    expect(state.data).toMatchObject({
      created: 1,
      rejected: [
        { line: 3, errors: [{ field: 'name', reason: 'invalidCharacters' }] },
        { line: 4, errors: [{ field: 'city', reason: 'invalidCharacters' }] },
      ],
    });
    const written = await db
      .select({ email: customers.email })
      .from(customers)
      .where(sql`${customers.email} like '%@nul.example'`);
    expect(written).toEqual([{ email: 'clean@nul.example' }]);
  });

  it('keys by email when there is no external id, refuses rows with neither, and blank cells never overwrite', async () => {
    const manager = await createTestUser('manager');
    signInAs(manager);
    const header = ['Name', 'Email', 'Phone', 'City', 'Type'];
    const first = await importFile(
      csvFile([
        header,
        ['Mei Chen', 'Mei@Example.com', '+86 10 1234 5678', 'Beijing', '个人'],
        ['Nobody', '', '', '', ''],
      ]),
      true,
    );
    expect(first).toMatchObject({
      created: 1,
      rejected: [{ line: 3, errors: [{ field: 'externalId', reason: 'needsKey' }] }],
    });
    const [mei] = await db.select().from(customers).where(eq(customers.email, 'mei@example.com'));
    expect(mei).toMatchObject({ kind: 'person', city: 'Beijing', ownerId: manager.userId, version: 1 });

    const second = await importFile(csvFile([header, ['Mei Chen', 'mei@example.com', '', 'Shanghai', '']]), true);
    expect(second).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    const [moved] = await db.select().from(customers).where(eq(customers.id, mei.id));
    expect(moved).toMatchObject({ city: 'Shanghai', phone: '+86 10 1234 5678', kind: 'person', version: 2 });
  });

  it('each customer and contact an import creates or changes has its own audit row (what changed, from which line)', async () => {
    const manager = await createTestUser('manager');
    signInAs(manager);
    const header = ['External ID', 'Name', 'City', 'Contact first name', 'Contact email'];
    await importFile(csvFile([header, ['AU-1', 'Audit One', 'Lyon', 'Ana', 'ana@audit.example']]), true);
    const [one] = await db.select().from(customers).where(eq(customers.externalId, 'AU-1'));
    const [ana] = await db.select().from(contacts).where(eq(contacts.email, 'ana@audit.example'));
    const rowsFor = (entity: string, id: string) =>
      db
        .select({ action: auditLog.action, diff: auditLog.diff, actorId: auditLog.actorId })
        .from(auditLog)
        .where(and(eq(auditLog.entity, entity), eq(auditLog.entityId, id)))
        .orderBy(asc(auditLog.id));
    expect(await rowsFor('customer', one.id)).toEqual([
      {
        action: 'import',
        actorId: manager.userId,
        diff: expect.objectContaining({
          line: 2,
          created: expect.objectContaining({ name: 'Audit One', city: 'Lyon' }),
        }),
      },
    ]);
    expect(await rowsFor('contact', ana.id)).toEqual([
      {
        action: 'import',
        actorId: manager.userId,
        diff: expect.objectContaining({ line: 2, created: expect.objectContaining({ firstName: 'Ana' }) }),
      },
    ]);

    await importFile(csvFile([header, ['AU-1', 'Audit One', 'Paris', 'Ana', 'ana@audit.example']]), true);
    const changes = await rowsFor('customer', one.id);
    expect(changes).toHaveLength(2);
    expect(changes[1]).toEqual({
      action: 'import',
      actorId: manager.userId,
      diff: { line: 2, city: ['Lyon', 'Paris'] },
    });
    // An unchanged re-import writes no customer or contact row (only the chunk's summary).
    await importFile(csvFile([header, ['AU-1', 'Audit One', 'Paris', 'Ana', 'ana@audit.example']]), true);
    expect(await rowsFor('customer', one.id)).toHaveLength(2);
    expect(await rowsFor('contact', ana.id)).toHaveLength(1);
  });

  it('managers map an owner by email; a rep cannot set an owner or change another rep’s customer', async () => {
    const manager = await createTestUser('manager');
    const repA = await createTestUser('sales_rep');
    const repB = await createTestUser('sales_rep');
    signInAs(manager);
    const assigned = await importFile(
      csvFile([
        ['external_id', 'name', 'owner_email'],
        ['A-1', 'Alpha GmbH', repA.email],
        ['A-2', 'Beta GmbH', 'ghost@example.com'],
      ]),
      true,
    );
    expect(assigned).toMatchObject({
      created: 1,
      rejected: [{ line: 3, errors: [{ field: 'ownerEmail', reason: 'owner' }] }],
    });
    expect((await db.select().from(customers).where(eq(customers.externalId, 'A-1')))[0].ownerId).toBe(repA.userId);

    signInAs(repB);
    // A crafted owner column is ignored for reps; a change to repA's customer is refused.
    const crafted = await importCustomersAction({
      rows: [
        { line: 2, values: { externalId: 'B-1', name: 'Gamma', ownerEmail: repA.email } },
        { line: 3, values: { externalId: 'A-1', name: 'Alpha Renamed' } },
      ],
    });
    expect(crafted.data).toMatchObject({
      created: 1,
      updated: 0,
      rejected: [{ line: 3, errors: [{ field: 'name', reason: 'notYours' }] }],
    });
    // The same values as stored are simply unchanged: nothing to refuse.
    const same = await importCustomersAction({
      rows: [{ line: 2, values: { externalId: 'A-1', name: 'Alpha GmbH' } }],
    });
    expect(same.data).toMatchObject({ created: 0, updated: 0, unchanged: 1, rejected: [] });
    expect((await db.select().from(customers).where(eq(customers.externalId, 'B-1')))[0].ownerId).toBe(repB.userId);
    expect((await db.select().from(customers).where(eq(customers.externalId, 'A-1')))[0]).toMatchObject({
      name: 'Alpha GmbH',
      version: 1,
    });
  });

  it('several rows of one customer add one contact each; a contradicting row is rejected; re-import is unchanged', async () => {
    signInAs(await createTestUser('sales_rep'));
    const file = csvFile([
      ['Customer code', 'Company name', 'First name', 'Last name', 'Contact email', 'Job title'],
      ['C-9', 'Acme', 'Alice', 'Wong', 'alice@acme.example', 'CEO'],
      ['C-9', 'Acme', 'Bob', 'Li', '', ''],
      ['C-9', 'Acme Corp', 'Carol', '', '', ''],
      ['C-9', 'Acme', 'Alice', 'Wong', 'ALICE@acme.example', 'CEO'],
    ]);
    const first = await importFile(file);
    expect(first).toMatchObject({
      created: 1,
      updated: 1,
      unchanged: 1,
      rejected: [{ line: 4, errors: [{ field: 'name', reason: 'conflict' }] }],
    });
    const [acme] = await db.select().from(customers).where(eq(customers.externalId, 'C-9'));
    const people = await db
      .select()
      .from(contacts)
      .where(eq(contacts.customerId, acme.id))
      .orderBy(asc(contacts.firstName));
    expect(people.map((p) => [p.firstName, p.email, p.isPrimary])).toEqual([
      ['Alice', 'alice@acme.example', true],
      ['Bob', null, false],
    ]);
    const again = await importFile(file);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(
      (await db.select().from(contacts).where(eq(contacts.customerId, acme.id))).every((c) => c.version === 1),
    ).toBe(true);
  });

  it('a row rejected because its contact contradicts an earlier row writes nothing, its customer cells included', async () => {
    signInAs(await createTestUser('sales_rep'));
    const result = await importFile(
      csvFile([
        ['Customer code', 'Company name', 'City', 'First name', 'Contact email', 'Job title'],
        ['H-1', 'Hal Co', '', 'Ana', 'ana@hal.example', 'CEO'],
        ['H-1', 'Hal Co', 'Paris', 'Ana', 'ana@hal.example', 'CTO'],
      ]),
    );
    expect(result).toMatchObject({ created: 1, rejected: [{ line: 3 }] });
    const [hal] = await db.select().from(customers).where(eq(customers.externalId, 'H-1'));
    expect(hal.city).toBeNull();
    const [ana] = await db.select().from(contacts).where(eq(contacts.customerId, hal.id));
    expect(ana.title).toBe('CEO');
  });

  it('a customer matched by an external id of a deleted customer is reported, not revived', async () => {
    const admin = await createTestUser('admin');
    signInAs(admin);
    await db.insert(customers).values({ kind: 'company', name: 'Gone', externalId: 'DEL-1', deletedAt: new Date() });
    const result = await importFile(
      csvFile([
        ['External ID', 'Name'],
        ['DEL-1', 'Gone Again'],
      ]),
      true,
    );
    expect(result).toMatchObject({
      created: 0,
      rejected: [{ line: 2, errors: [{ field: 'externalId', reason: 'deletedCustomer' }] }],
    });
  });
});
