import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { customers } from '@/db/schema';
import type { Viewer } from '@/lib/auth/permissions';
import { setupTestDatabase } from '@/lib/testing/db';
import { createTestUser } from '@/lib/testing/factories';
import {
  DUPLICATES_PAGE_SIZE,
  type DuplicatePair,
  listDuplicatePairs,
  listPossibleDuplicates,
} from './find-duplicates';
import { DuplicateFilterSchema } from './schemas';
import { insertCustomer } from './test-fixtures';

setupTestDatabase();

const filter = (params: Record<string, string> = {}) => DuplicateFilterSchema.parse(params);
const twoYearsAgo = new Date(Date.now() - 730 * 86_400_000);
const pairOf = (pairs: DuplicatePair[], x: string, y: string) =>
  pairs.find((p) => (p.a.id === x && p.b.id === y) || (p.a.id === y && p.b.id === x));
const involving = (pairs: DuplicatePair[], id: string) => pairs.filter((p) => p.a.id === id || p.b.id === id);

async function allPairs(viewer: Viewer, params: Record<string, string> = {}): Promise<DuplicatePair[]> {
  const first = await listDuplicatePairs(viewer, filter(params));
  const pages = Math.ceil(first.total / DUPLICATES_PAGE_SIZE);
  const rest = await Promise.all(
    Array.from({ length: Math.max(0, pages - 1) }, (_, i) =>
      listDuplicatePairs(viewer, filter({ ...params, page: String(i + 2) })),
    ),
  );
  return [first, ...rest].flatMap((r) => r.rows);
}

describe('finding duplicate customers', () => {
  let admin: Viewer;
  beforeAll(async () => {
    admin = await createTestUser('admin');
  });

  it('pairs customers with the same email in a different case, the older one first', async () => {
    const older = await insertCustomer({
      name: 'Harbor Books',
      email: 'Orders@Harbor.example',
      createdAt: new Date('2024-02-01T00:00:00Z'),
    });
    const newer = await insertCustomer({ name: 'Mia Lopez', email: 'orders@harbor.example' });
    const pair = pairOf(await allPairs(admin), older.id, newer.id);
    expect(pair).toMatchObject({
      sameEmail: true,
      samePhone: false,
      a: { id: older.id, name: 'Harbor Books', email: 'Orders@Harbor.example' },
      b: { id: newer.id },
    });
  });

  it('pairs customers whose phones have the same digits however they are formatted', async () => {
    const x = await insertCustomer({ name: 'Quill & Ink', phone: '+1 (415) 555-0199' });
    const y = await insertCustomer({ name: 'Ravi Shah', phone: '1-415-555-0199' });
    expect(pairOf(await allPairs(admin), x.id, y.id)).toMatchObject({ sameEmail: false, samePhone: true });
  });

  it('pairs similar names among recently changed customers, with the similarity score', async () => {
    const x = await insertCustomer({ name: 'Northwind Traders' });
    const y = await insertCustomer({ name: 'Northwind Traders Inc' });
    const pair = pairOf(await allPairs(admin), x.id, y.id);
    expect(pair?.sameEmail).toBe(false);
    expect(pair?.nameScore).toBeGreaterThan(0.6);
  });

  it('does not pair unrelated customers, short phone numbers, or deleted customers', async () => {
    const zebra = await insertCustomer({
      name: 'Zebra Holdings',
      email: 'hello@zebra.example',
      phone: '+1 212 555 0100',
    });
    const quartz = await insertCustomer({
      name: 'Quartz Bakery',
      email: 'bake@quartz.example',
      phone: '+44 20 7946 0000',
    });
    const shortA = await insertCustomer({ name: 'Tiny Phone One', phone: '12-345' });
    const shortB = await insertCustomer({ name: 'Mini Dial Two', phone: '123 45' });
    const deleted = await insertCustomer({
      name: 'Zebra Holdings',
      email: 'HELLO@zebra.example',
      phone: '+1 212 555 0100',
      deletedAt: new Date(),
    });
    const pairs = await allPairs(admin);
    for (const c of [zebra, quartz, shortA, shortB, deleted]) expect(involving(pairs, c.id)).toEqual([]);
  });

  it('only probes names changed within the window; older look-alikes still show on the customer', async () => {
    const x = await insertCustomer({ name: 'Bluebell Florist', createdAt: twoYearsAgo, updatedAt: twoYearsAgo });
    const y = await insertCustomer({ name: 'Bluebell Florists', createdAt: twoYearsAgo, updatedAt: twoYearsAgo });
    expect(pairOf(await allPairs(admin, { days: '365' }), x.id, y.id)).toBeUndefined();
    const possible = await listPossibleDuplicates(admin, x.id);
    expect(possible.map((p) => p.id)).toEqual([y.id]);
    expect(possible[0].nameScore).toBeGreaterThan(0.6);
  });

  it('filters by reason and pages through the pairs without repeats', async () => {
    const values = Array.from({ length: DUPLICATES_PAGE_SIZE + 1 }, (_, i) => [
      { kind: 'person' as const, name: `Alpha ${i} Person`, email: `bulk-${i}@dupes.example` },
      { kind: 'company' as const, name: `Omega ${i} Company`, email: `BULK-${i}@DUPES.example` },
    ]).flat();
    await db.insert(customers).values(values);
    const first = await listDuplicatePairs(admin, filter({ reason: 'email' }));
    const second = await listDuplicatePairs(admin, filter({ reason: 'email', page: '2' }));
    expect(first.rows).toHaveLength(DUPLICATES_PAGE_SIZE);
    expect(first.rows.every((p) => p.sameEmail)).toBe(true);
    expect(first.total).toBe(first.rows.length + second.rows.length);
    const keys = [...first.rows, ...second.rows].map((p) => [p.a.id, p.b.id].sort().join());
    expect(new Set(keys).size).toBe(keys.length);
    expect((await listDuplicatePairs(admin, filter({ reason: 'phone' }))).rows.every((p) => p.samePhone)).toBe(true);
  });

  it('lists the possible duplicates of one customer by email, phone and name, not itself or deleted ones', async () => {
    const me = await insertCustomer({
      name: 'Golden Gate Dental',
      email: 'desk@ggdental.example',
      phone: '(650) 555-0142',
    });
    const byEmail = await insertCustomer({ name: 'Dr. Amy Wong', email: 'DESK@ggdental.example' });
    const byPhone = await insertCustomer({ name: 'Front Desk', phone: '650.555.0142' });
    const byName = await insertCustomer({ name: 'Golden Gate Dental Group' });
    await insertCustomer({ name: 'Golden Gate Dental', deletedAt: new Date() });
    await insertCustomer({ name: 'Unrelated Plumbing', email: 'info@plumb.example', phone: '650 555 0199' });
    const found = await listPossibleDuplicates(admin, me.id, 10);
    expect(found.map((p) => p.id)).toEqual([byEmail.id, byPhone.id, byName.id]);
    expect(found[0]).toMatchObject({ sameEmail: true, samePhone: false });
    expect(found[1]).toMatchObject({ sameEmail: false, samePhone: true });
  });

  it('gives nothing to roles that may not merge', async () => {
    const x = await insertCustomer({ name: 'Same Co', email: 'same@co.example' });
    await insertCustomer({ name: 'Same Co', email: 'same@co.example' });
    for (const role of ['sales_rep', 'service_agent', 'marketer'] as const) {
      const user = await createTestUser(role);
      expect(await listDuplicatePairs(user, filter())).toEqual({ rows: [], total: 0 });
      expect(await listPossibleDuplicates(user, x.id)).toEqual([]);
    }
  });
});
