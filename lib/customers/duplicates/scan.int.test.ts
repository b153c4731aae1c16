import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { customers, duplicateCandidates } from '@/db/schema';
import type { Viewer } from '@/lib/auth/permissions';
import { stopBoss } from '@/lib/jobs/boss';
import { pendingJobs } from '@/lib/jobs/queues';
import { setupTestDatabase } from '@/lib/testing/db';
import { createTestUser } from '@/lib/testing/factories';
import { signInAs } from '@/lib/testing/session-mock';
import { mergeCustomers } from './merge';
import { BLOCK_LIMIT, duplicateScanJob, isScanDue, latestScan, POINTS, scanDuplicates } from './scan';
import { scanDuplicatesAction } from './scan-actions';
import { insertCustomer } from './test-fixtures';

vi.mock('@/lib/auth/auth', async () => (await import('@/lib/testing/session-mock')).authMock);
vi.mock('next/cache', async () => (await import('@/lib/testing/next-mocks')).cacheMock);

setupTestDatabase();
afterAll(() => stopBoss(2_000));

type Stored = typeof duplicateCandidates.$inferSelect;
const key = (x: string, y: string) => (x < y ? [x, y] : [y, x]);
async function stored(): Promise<Stored[]> {
  return db.select().from(duplicateCandidates);
}
const pairOf = (pairs: Stored[], x: string, y: string) => {
  const [a, b] = key(x, y);
  return pairs.find((p) => p.customerA === a && p.customerB === b);
};
const involving = (pairs: Stored[], ids: string[]) =>
  pairs.filter((p) => ids.includes(p.customerA) || ids.includes(p.customerB));

describe('the duplicate scan', () => {
  let admin: Viewer;
  beforeAll(async () => {
    admin = await createTestUser('admin');
  });

  it('is due before the first scan and not right after one', async () => {
    expect(await latestScan(db)).toBeNull();
    expect(await isScanDue(db)).toBe(true);
    await scanDuplicates(db);
    expect(await isScanDue(db)).toBe(false);
    expect(await isScanDue(db, new Date(Date.now() + 27 * 3600_000))).toBe(true);
  });

  it('pairs the same email (case and spaces aside), the same phone however formatted, and typo’d names', async () => {
    const mailA = await insertCustomer({ name: 'Harbor Books', email: ' Orders@Harbor.example' });
    const mailB = await insertCustomer({ name: 'Mia Lopez', email: 'orders@harbor.example' });
    const phoneA = await insertCustomer({ name: 'Quill & Ink', phone: '+1 (415) 555-0199' });
    const phoneB = await insertCustomer({ name: 'Ravi Shah', phone: '415.555.0199' });
    const typoA = await insertCustomer({ name: 'Katherine Johnson' });
    const typoB = await insertCustomer({ name: 'Katharine Johnson' });
    const companyA = await insertCustomer({ kind: 'company', name: 'Northwind Traders' });
    const companyB = await insertCustomer({ kind: 'company', name: 'Northwind Traders Inc' });
    const shortA = await insertCustomer({ name: 'Tiny Phone One', phone: '12-345' });
    const shortB = await insertCustomer({ name: 'Mini Dial Two', phone: '123 45' });
    const lone = await insertCustomer({
      name: 'Zebra Holdings',
      email: 'hello@zebra.example',
      phone: '+1 212 555 0100',
    });

    await scanDuplicates(db);
    const pairs = await stored();
    expect(pairOf(pairs, mailA.id, mailB.id)).toMatchObject({ reasons: ['email'], strength: POINTS.email });
    expect(pairOf(pairs, phoneA.id, phoneB.id)).toMatchObject({ reasons: ['phone'], strength: POINTS.phone });
    const typo = pairOf(pairs, typoA.id, typoB.id);
    expect(typo?.reasons).toEqual(['name']);
    expect(typo?.nameSimilarity).toBeGreaterThan(0.6);
    expect(pairOf(pairs, companyA.id, companyB.id)?.reasons).toEqual(['name']);
    expect(involving(pairs, [shortA.id, shortB.id, lone.id])).toEqual([]);
    for (const p of pairs) expect(p.customerA < p.customerB).toBe(true);
  });

  it('ranks pairs with several matching signals above pairs with one, and different emails and phones lower; an address alone makes no pair', async () => {
    const street = { street: '12  Pier Road', postalCode: '94105', city: 'San Francisco' };
    const all3A = await insertCustomer({
      name: 'Golden Gate Dental',
      email: 'desk@ggdental.example',
      phone: '(650) 555-0142',
      ...street,
    });
    const all3B = await insertCustomer({
      name: 'Golden Gate Dental',
      email: 'DESK@ggdental.example',
      phone: '650 555 0142',
      ...street,
      street: '12 pier road',
    });
    const emailNameA = await insertCustomer({ name: 'Lotus Yoga Studio', email: 'hi@lotusyoga.example' });
    const emailNameB = await insertCustomer({ name: 'Lotus Yoga Studios', email: 'hi@lotusyoga.example' });
    const nameAddrA = await insertCustomer({ name: 'Brightwater Plumbing', street: '5 Elm St', postalCode: '10001' });
    const nameAddrB = await insertCustomer({ name: 'Brightwater Plumbing', street: '5 Elm St', postalCode: '10001' });
    const addrOnlyA = await insertCustomer({ name: 'Fern Cafe', street: '9 Oak Ave', postalCode: '60601' });
    const addrOnlyB = await insertCustomer({ name: 'Steel Works', street: '9 Oak Ave', postalCode: '60601' });

    const plainA = await insertCustomer({ name: 'Priya Natarajan' });
    const plainB = await insertCustomer({ name: 'Priya Natarajan' });
    const otherA = await insertCustomer({
      name: 'Oliver Grantham',
      email: 'oliver@one.example',
      phone: '+1 303 555 0111',
    });
    const otherB = await insertCustomer({ name: 'Oliver Grantham', email: 'og@two.example', phone: '+1 720 555 0199' });

    await scanDuplicates(db);
    const pairs = await stored();
    // The same name: 40; with another email and another phone on each side, 40 − 10 − 10.
    expect(pairOf(pairs, plainA.id, plainB.id)).toMatchObject({ reasons: ['name'], strength: POINTS.nameMax });
    expect(pairOf(pairs, otherA.id, otherB.id)).toMatchObject({
      reasons: ['name'],
      strength: POINTS.nameMax - 2 * POINTS.conflict,
    });
    const all3 = pairOf(pairs, all3A.id, all3B.id);
    const emailName = pairOf(pairs, emailNameA.id, emailNameB.id);
    const nameAddr = pairOf(pairs, nameAddrA.id, nameAddrB.id);
    expect(all3).toMatchObject({ strength: 100, reasons: ['email', 'phone', 'name', 'address'] });
    expect(emailName?.reasons).toEqual(['email', 'name']);
    expect(nameAddr).toMatchObject({ reasons: ['name', 'address'], strength: POINTS.nameMax + POINTS.address });
    expect(all3!.strength).toBeGreaterThan(emailName!.strength);
    expect(emailName!.strength).toBeGreaterThan(nameAddr!.strength);
    expect(pairOf(pairs, addrOnlyA.id, addrOnlyB.id)).toBeUndefined();
  });

  it('does not pair everyone behind a shared mailbox and address: only look-alike names there, marked "shared mailbox"', async () => {
    const size = BLOCK_LIMIT * 3;
    const words = ['Amber', 'Birch', 'Cobalt', 'Dune', 'Ember', 'Flint', 'Garnet', 'Hazel', 'Indigo', 'Juniper'];
    const block = await db
      .insert(customers)
      .values(
        Array.from({ length: size }, (_, i) => ({
          kind: 'company' as const,
          name: `${words[i % 10]} ${words[Math.floor(i / 10) % 10]} Branch ${String.fromCharCode(65 + i)}${i}`,
          email: 'info@megamart.example',
          street: '1 Mall Way',
          postalCode: '30301',
        })),
      )
      .returning({ id: customers.id });
    const twinA = await insertCustomer({
      kind: 'company',
      name: 'Megamart Outlet Riverside',
      email: 'info@megamart.example',
      street: '1 Mall Way',
      postalCode: '30301',
    });
    const twinB = await insertCustomer({
      kind: 'company',
      name: 'Megamart Outlet Riverside Ltd',
      email: 'INFO@megamart.example',
      street: '1 Mall Way',
      postalCode: '30301',
    });

    const summary = await scanDuplicates(db);
    const ids = [...block.map((r) => r.id), twinA.id, twinB.id];
    const pairs = involving(await stored(), ids);
    // Paired in full, the block would be (size + 2)² / 2 ≈ 1,900 pairs. An address all of them
    // share (a mall) counts for nothing either.
    expect(pairs.length).toBeLessThan(size);
    expect(pairOf(pairs, twinA.id, twinB.id)?.reasons).toEqual(['name', 'sharedEmail']);
    for (const p of pairs) expect(p.reasons).toContain('name');
    expect(summary.largeBlocks).toBeGreaterThanOrEqual(1);
  });

  it('keeps only the strongest pairs when there are more than the list holds', async () => {
    await scanDuplicates(db);
    const rank = (pairs: Stored[]) =>
      pairs
        .toSorted((x, y) => y.strength - x.strength || y.nameSimilarity - x.nameSimilarity)
        .map((p) => `${p.customerA}-${p.customerB}`);
    const everything = await stored();
    const summary = await scanDuplicates(db, { maxPairs: 3 });
    const kept = await stored();
    expect(summary).toMatchObject({ found: everything.length, kept: 3 });
    expect(kept).toHaveLength(3);
    expect(rank(kept)).toEqual(rank(everything).slice(0, 3));
    expect(kept[0].strength).toBeGreaterThanOrEqual(Math.max(...everything.map((p) => p.strength)));
  });

  it('a merge removes the pairs of the customer merged away, in its transaction', async () => {
    const a = await insertCustomer({ name: 'Cedar Row Bakery', email: 'bake@cedarrow.example' });
    const b = await insertCustomer({ name: 'Cedar Row Bakery', email: 'Bake@CedarRow.example' });
    const c = await insertCustomer({ name: 'Cedar Row Bakery Ltd', phone: '+44 20 7946 0101' });
    await scanDuplicates(db);
    expect(involving(await stored(), [b.id])).toHaveLength(2);
    const result = await mergeCustomers(admin, {
      a: a.id,
      b: b.id,
      aVersion: a.version,
      bVersion: b.version,
      survivor: 'a',
      choices: {},
    });
    expect(result).toMatchObject({ ok: true, removed: { duplicatePairs: 2 } });
    const after = await stored();
    expect(involving(after, [b.id])).toEqual([]);
    expect(pairOf(after, a.id, c.id)).toBeDefined();
  });

  it('leaves deleted customers out, and a new scan replaces the pairs that no longer hold', async () => {
    const a = await insertCustomer({ name: 'Maple Leaf Dental', email: 'front@mapleleaf.example' });
    const b = await insertCustomer({ name: 'Maple Leaf Dental Care', email: 'front@mapleleaf.example' });
    const gone = await insertCustomer({
      name: 'Maple Leaf Dental',
      email: 'front@mapleleaf.example',
      deletedAt: new Date(),
    });
    await scanDuplicates(db);
    expect(pairOf(await stored(), a.id, b.id)).toBeDefined();
    expect(involving(await stored(), [gone.id])).toEqual([]);

    await db.update(customers).set({ deletedAt: new Date() }).where(eq(customers.id, b.id));
    await db
      .update(customers)
      .set({ email: 'other@elsewhere.example', name: 'Totally Different' })
      .where(eq(customers.id, a.id));
    await scanDuplicates(db);
    expect(involving(await stored(), [a.id, b.id])).toEqual([]);
  });

  it('only admins may start a scan; it is queued once however often they ask', async () => {
    for (const role of ['sales_rep', 'manager', 'service_agent', 'marketer'] as const) {
      signInAs(await createTestUser(role));
      expect(await scanDuplicatesAction({})).toMatchObject({ ok: false, reason: 'forbidden' });
    }
    expect(await pendingJobs(duplicateScanJob)).toBe(0);
    signInAs(admin);
    expect(await scanDuplicatesAction({})).toMatchObject({ ok: true, message: 'duplicateScanQueued' });
    expect(await scanDuplicatesAction({})).toMatchObject({ ok: true, message: 'duplicateScanWaiting' });
    expect(await pendingJobs(duplicateScanJob)).toBe(1);
    expect(await scanDuplicatesAction({ extra: 1 })).toMatchObject({ ok: false, reason: 'invalid' });
  });
});
