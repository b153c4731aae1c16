import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { customers } from '@/db/schema';
import type { Viewer } from '@/lib/auth/permissions';
import { stopBoss } from '@/lib/jobs/boss';
import { setupTestDatabase } from '@/lib/testing/db';
import { createTestUser } from '@/lib/testing/factories';
import {
  DUPLICATES_PAGE_SIZE,
  type DuplicatePair,
  getDuplicateScanStatus,
  listDuplicatePairs,
  listPossibleDuplicates,
} from './find-duplicates';
import { scanDuplicates } from './scan';
import { DuplicateFilterSchema } from './schemas';
import { insertCustomer } from './test-fixtures';

setupTestDatabase();
afterAll(() => stopBoss(2_000));

const filter = (params: Record<string, string> = {}) => DuplicateFilterSchema.parse(params);
const pairOf = (pairs: DuplicatePair[], x: string, y: string) =>
  pairs.find((p) => (p.a.id === x && p.b.id === y) || (p.a.id === y && p.b.id === x));

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

describe('the duplicates list and a customer’s possible duplicates', () => {
  let admin: Viewer;
  let manager: Viewer;
  beforeAll(async () => {
    admin = await createTestUser('admin');
    manager = await createTestUser('manager');
  });

  it('before the first scan: nothing listed, and looking asks for a scan (admins may start one)', async () => {
    expect(await listDuplicatePairs(admin, filter())).toEqual({ rows: [], total: 0 });
    expect(await getDuplicateScanStatus(manager)).toEqual({ last: null, pending: true, canScan: false });
    expect(await getDuplicateScanStatus(admin)).toMatchObject({ last: null, pending: true, canScan: true });
  });

  it('lists the scanned pairs with the older record first, strength and reasons', async () => {
    const older = await insertCustomer({
      name: 'Harbor Books',
      email: 'Orders@Harbor.example',
      phone: '+1 415 555 0199',
      createdAt: new Date('2024-02-01T00:00:00Z'),
    });
    const newer = await insertCustomer({
      name: 'Harbor Books Ltd',
      email: 'orders@harbor.example',
      phone: '4155550199',
    });
    const summary = await scanDuplicates(db);
    const pairs = await allPairs(admin);
    expect(pairOf(pairs, older.id, newer.id)).toMatchObject({
      a: { id: older.id, name: 'Harbor Books', email: 'Orders@Harbor.example' },
      b: { id: newer.id },
      reasons: ['email', 'phone', 'name'],
      strength: 100,
    });
    expect(await getDuplicateScanStatus(admin)).toMatchObject({
      last: { customers: summary.customers, found: summary.found, kept: summary.kept },
    });
  });

  it('filters by reason and pages through the pairs without repeats', async () => {
    const values = Array.from({ length: DUPLICATES_PAGE_SIZE + 1 }, (_, i) => [
      { kind: 'person' as const, name: `Alpha ${i} Person`, email: `bulk-${i}@dupes.example` },
      { kind: 'company' as const, name: `Omega ${i} Company`, email: `BULK-${i}@DUPES.example` },
    ]).flat();
    await db.insert(customers).values(values);
    await scanDuplicates(db);
    const first = await listDuplicatePairs(admin, filter({ reason: 'email' }));
    const second = await listDuplicatePairs(admin, filter({ reason: 'email', page: '2' }));
    expect(first.rows).toHaveLength(DUPLICATES_PAGE_SIZE);
    expect(first.rows.every((p) => p.reasons.includes('email'))).toBe(true);
    expect(first.total).toBe(first.rows.length + second.rows.length);
    const keys = [...first.rows, ...second.rows].map((p) => [p.a.id, p.b.id].sort().join());
    expect(new Set(keys).size).toBe(keys.length);
    const strengths = [...first.rows, ...second.rows].map((p) => p.strength);
    expect(strengths).toEqual(strengths.toSorted((x, y) => y - x));
    expect((await allPairs(admin, { reason: 'phone' })).every((p) => p.reasons.includes('phone'))).toBe(true);
  });

  it('a page past the end is empty but still counts the pairs the filter matches', async () => {
    const pairs = await listDuplicatePairs(admin, filter({ reason: 'email' }));
    expect(pairs.total).toBeGreaterThan(DUPLICATES_PAGE_SIZE);
    expect(await listDuplicatePairs(admin, filter({ reason: 'email', page: '999' }))).toEqual({
      rows: [],
      total: pairs.total,
    });
  });

  it('drops a pair as soon as one of its customers is deleted, before the next scan', async () => {
    const x = await insertCustomer({ name: 'Quill & Ink', phone: '+1 (415) 555-0142' });
    const y = await insertCustomer({ name: 'Ravi Shah', phone: '1-415-555-0142' });
    await scanDuplicates(db);
    expect(pairOf(await allPairs(admin), x.id, y.id)).toBeDefined();
    await db.update(customers).set({ deletedAt: new Date() }).where(eq(customers.id, y.id));
    expect(pairOf(await allPairs(admin), x.id, y.id)).toBeUndefined();
  });

  it('lists the possible duplicates of one customer live, by email, phone and name, not itself or deleted ones', async () => {
    const me = await insertCustomer({
      name: 'Golden Gate Dental',
      email: 'desk@ggdental.example',
      phone: '(650) 555-0177',
    });
    const byEmail = await insertCustomer({ name: 'Dr. Amy Wong', email: 'DESK@ggdental.example' });
    const byPhone = await insertCustomer({ name: 'Front Desk', phone: '+1 650.555.0177' });
    const byName = await insertCustomer({ name: 'Golden Gate Dental Group' });
    await insertCustomer({ name: 'Golden Gate Dental', deletedAt: new Date() });
    await insertCustomer({ name: 'Unrelated Plumbing', email: 'info@plumb.example', phone: '650 555 0199' });
    const found = await listPossibleDuplicates(admin, me.id, 10);
    expect(found.map((p) => p.id)).toEqual([byEmail.id, byPhone.id, byName.id]);
    expect(found[0]).toMatchObject({ sameEmail: true, samePhone: false });
    expect(found[1]).toMatchObject({ sameEmail: false, samePhone: true });
    expect(found[2].nameScore).toBeGreaterThan(0.6);
  });

  it('gives nothing to roles that may not merge', async () => {
    const x = await insertCustomer({ name: 'Same Co', email: 'same@co.example' });
    await insertCustomer({ name: 'Same Co', email: 'same@co.example' });
    await scanDuplicates(db);
    expect((await listDuplicatePairs(admin, filter())).total).toBeGreaterThan(0);
    for (const role of ['sales_rep', 'service_agent', 'marketer'] as const) {
      const user = await createTestUser(role);
      expect(await listDuplicatePairs(user, filter())).toEqual({ rows: [], total: 0 });
      expect(await listPossibleDuplicates(user, x.id)).toEqual([]);
      expect(await getDuplicateScanStatus(user)).toBeNull();
    }
  });
});
