import { and, eq, inArray, isNull } from 'drizzle-orm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import {
  activities,
  auditLog,
  campaignMembers,
  caseComments,
  cases,
  contacts,
  customerScores,
  customers,
  dealStageHistory,
  deals,
  leads,
  orderItems,
  orders,
  quotes,
} from '@/db/schema';
import type { ActionState } from '@/lib/action-state';
import type { Viewer } from '@/lib/auth/permissions';
import { setupTestDatabase } from '@/lib/testing/db';
import { createTestUser } from '@/lib/testing/factories';
import { signInAs } from '@/lib/testing/session-mock';
import { mergeCustomers } from './merge';
import { mergeCustomersAction } from './merge-actions';
import { getMergePreview, type RelatedCounts } from './merge-preview';
import { defaultChoices, defaultSurvivor } from './merge-rules';
import { addRelatedRows, insertCampaign, insertCustomer, insertRun } from './test-fixtures';

vi.mock('@/lib/auth/auth', async () => (await import('@/lib/testing/session-mock')).authMock);
vi.mock('next/cache', async () => (await import('@/lib/testing/next-mocks')).cacheMock);

setupTestDatabase();

const initial = { ok: false };

/** Calls the action as a crafted request would; a successful merge ends in Next's redirect, reported here as `redirectedTo`. */
async function merge(form: FormData): Promise<ActionState & { redirectedTo?: string }> {
  try {
    return await mergeCustomersAction(initial, form);
  } catch (error) {
    const digest = (error as { digest?: string }).digest;
    if (digest?.startsWith('NEXT_REDIRECT;')) return { ok: true, redirectedTo: digest.split(';')[2] };
    throw error;
  }
}
type MergeFields = {
  a: string;
  b: string;
  aVersion: number;
  bVersion: number;
  survivor: 'a' | 'b';
  choices?: Record<string, 'a' | 'b'>;
};
function mergeForm({ a, b, aVersion, bVersion, survivor, choices = {} }: MergeFields): FormData {
  const f = new FormData();
  f.set('a', a);
  f.set('b', b);
  f.set('aVersion', String(aVersion));
  f.set('bVersion', String(bVersion));
  f.set('survivor', survivor);
  for (const [field, side] of Object.entries(choices)) f.set(`choice.${field}`, side);
  return f;
}

/** How many rows of each moved table point at a customer. */
async function relatedCounts(customerId: string): Promise<RelatedCounts> {
  const n = async (p: Promise<unknown[]>) => (await p).length;
  return {
    contacts: await n(db.select({ id: contacts.id }).from(contacts).where(eq(contacts.customerId, customerId))),
    activities: await n(db.select({ id: activities.id }).from(activities).where(eq(activities.customerId, customerId))),
    orders: await n(db.select({ id: orders.id }).from(orders).where(eq(orders.customerId, customerId))),
    deals: await n(db.select({ id: deals.id }).from(deals).where(eq(deals.customerId, customerId))),
    cases: await n(db.select({ id: cases.id }).from(cases).where(eq(cases.customerId, customerId))),
    quotes: await n(db.select({ id: quotes.id }).from(quotes).where(eq(quotes.customerId, customerId))),
    leads: await n(db.select({ id: leads.id }).from(leads).where(eq(leads.convertedCustomerId, customerId))),
    campaignMembers: await n(
      db.select({ id: campaignMembers.id }).from(campaignMembers).where(eq(campaignMembers.customerId, customerId)),
    ),
  };
}

/** Two duplicates with related rows everywhere; `older` has 2 of each, `newer` 3, one campaign in common. */
async function duplicatePair(ownerId: string | null = null) {
  const [shared, olderOnly, newerOnly] = await Promise.all([insertCampaign(), insertCampaign(), insertCampaign()]);
  const run = await insertRun();
  const older = await insertCustomer({
    name: 'Acme Trading',
    email: 'sales@acme.example',
    phone: null,
    city: 'Leeds',
    tags: ['vip', 'b2b'],
    ownerId,
    createdAt: new Date('2024-01-01T00:00:00Z'),
  });
  const newer = await insertCustomer({
    name: 'ACME Trading Ltd',
    email: 'SALES@acme.example',
    phone: '+44 113 496 0000',
    city: null,
    tags: ['b2b', 'import'],
    notes: 'Met at the fair',
    ownerId,
    createdAt: new Date('2025-06-01T00:00:00Z'),
  });
  const olderRows = await addRelatedRows(older.id, 2, [shared, olderOnly], run, ownerId);
  const newerRows = await addRelatedRows(newer.id, 3, [shared, newerOnly], run, ownerId);
  return { older, newer, olderRows, newerRows, shared, run };
}

describe('merging two duplicate customers', () => {
  let admin: Viewer;
  beforeEach(async () => {
    admin = await createTestUser('admin');
    signInAs(admin);
  });

  it('moves every related row to the survivor, soft-deletes the loser and records one audit row', async () => {
    const { older, newer, olderRows, newerRows, shared } = await duplicatePair();
    const preview = await getMergePreview(admin, older.id, newer.id);
    expect(preview?.a.counts).toEqual(olderRows);
    expect(preview?.b.counts).toEqual(newerRows);
    expect(preview?.sharedCampaigns).toBe(1);

    // The older record survives; phone and notes come from the newer one, the name too (chosen).
    const result = await merge(
      mergeForm({
        a: older.id,
        b: newer.id,
        aVersion: older.version,
        bVersion: newer.version,
        survivor: 'a',
        choices: { name: 'b', phone: 'b', notes: 'b', city: 'a' },
      }),
    );
    expect(result).toEqual({ ok: true, redirectedTo: `/customers/${older.id}?merged=1` });

    // 2 + 3 of each; campaigns: 2 + 2 memberships, minus the shared campaign's duplicate = 3.
    expect(await relatedCounts(older.id)).toEqual({
      contacts: 5,
      activities: 5,
      orders: 5,
      deals: 5,
      cases: 5,
      quotes: 5,
      leads: 2,
      campaignMembers: 3,
    });
    expect(await relatedCounts(newer.id)).toEqual({
      contacts: 0,
      activities: 0,
      orders: 0,
      deals: 0,
      cases: 0,
      quotes: 0,
      leads: 0,
      campaignMembers: 0,
    });
    const inShared = await db.select().from(campaignMembers).where(eq(campaignMembers.campaignId, shared));
    expect(inShared.map((m) => m.customerId)).toEqual([older.id]);

    // Children of moved rows came along untouched.
    const orderIds = (await db.select({ id: orders.id }).from(orders).where(eq(orders.customerId, older.id))).map(
      (o) => o.id,
    );
    expect(await db.select().from(orderItems).where(inArray(orderItems.orderId, orderIds))).toHaveLength(10);
    const dealIds = (await db.select({ id: deals.id }).from(deals).where(eq(deals.customerId, older.id))).map(
      (d) => d.id,
    );
    expect(await db.select().from(dealStageHistory).where(inArray(dealStageHistory.dealId, dealIds))).toHaveLength(5);
    const caseIds = (await db.select({ id: cases.id }).from(cases).where(eq(cases.customerId, older.id))).map(
      (c) => c.id,
    );
    expect(await db.select().from(caseComments).where(inArray(caseComments.caseId, caseIds))).toHaveLength(5);

    // Only one primary contact survives the move.
    expect(
      await db
        .select()
        .from(contacts)
        .where(and(eq(contacts.customerId, older.id), eq(contacts.isPrimary, true))),
    ).toHaveLength(1);
    // The loser's scores are gone; the survivor's stay until the next analytics run.
    expect(await db.select().from(customerScores).where(eq(customerScores.customerId, newer.id))).toHaveLength(0);
    expect(await db.select().from(customerScores).where(eq(customerScores.customerId, older.id))).toHaveLength(1);

    const [survivor] = await db.select().from(customers).where(eq(customers.id, older.id));
    expect(survivor).toMatchObject({
      name: 'ACME Trading Ltd',
      email: 'sales@acme.example',
      phone: '+44 113 496 0000',
      city: 'Leeds',
      notes: 'Met at the fair',
      deletedAt: null,
      version: older.version + 1,
    });
    expect([...survivor.tags].sort()).toEqual(['b2b', 'import', 'vip']);
    const [loser] = await db.select().from(customers).where(eq(customers.id, newer.id));
    expect(loser.deletedAt).toBeInstanceOf(Date);
    expect(loser.mergedIntoId).toBe(older.id);

    const entries = await db.select().from(auditLog).where(eq(auditLog.action, 'merge'));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorId: admin.userId, entity: 'customer', entityId: older.id });
    expect(entries[0].diff).toMatchObject({
      loserId: newer.id,
      fromLoser: ['name', 'phone', 'notes'],
      moved: { contacts: 3, activities: 3, orders: 3, deals: 3, cases: 3, quotes: 3, leads: 1, campaignMembers: 1 },
      removed: { campaignMembers: 1, customerScores: 1 },
    });
  });

  it('lets the newer record survive, and a manager may merge', async () => {
    const manager = await createTestUser('manager');
    signInAs(manager);
    const older = await insertCustomer({
      name: 'Lin Wei',
      email: null,
      externalId: `ext-${crypto.randomUUID().slice(0, 8)}`,
      createdAt: new Date('2023-01-01T00:00:00Z'),
    });
    const newer = await insertCustomer({ name: 'Lin Wei', email: 'lin.wei@example.cn' });
    const result = await merge(
      mergeForm({ a: older.id, b: newer.id, aVersion: 1, bVersion: 1, survivor: 'b', choices: { externalId: 'a' } }),
    );
    expect(result).toEqual({ ok: true, redirectedTo: `/customers/${newer.id}?merged=1` });
    const [survivor] = await db.select().from(customers).where(eq(customers.id, newer.id));
    // The unique external id moved from the loser to the survivor.
    expect(survivor).toMatchObject({ email: 'lin.wei@example.cn', externalId: older.externalId, deletedAt: null });
    const [loser] = await db.select().from(customers).where(eq(customers.id, older.id));
    expect(loser).toMatchObject({ externalId: null, mergedIntoId: newer.id });
  });

  it('refuses a stale version and changes nothing', async () => {
    const { older, newer } = await duplicatePair();
    // Someone edits the newer record after the merge page was loaded.
    await db
      .update(customers)
      .set({ city: 'York', version: newer.version + 1 })
      .where(eq(customers.id, newer.id));
    const before = { older: await relatedCounts(older.id), newer: await relatedCounts(newer.id) };
    const result = await merge(
      mergeForm({ a: older.id, b: newer.id, aVersion: older.version, bVersion: newer.version, survivor: 'a' }),
    );
    expect(result).toMatchObject({ ok: false, message: 'stale' });
    expect({ older: await relatedCounts(older.id), newer: await relatedCounts(newer.id) }).toEqual(before);
    const both = await db
      .select()
      .from(customers)
      .where(inArray(customers.id, [older.id, newer.id]));
    expect(both.every((c) => c.deletedAt === null && c.mergedIntoId === null)).toBe(true);
    expect(both.find((c) => c.id === older.id)?.version).toBe(older.version);
    expect(
      await db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'merge'), eq(auditLog.entityId, older.id))),
    ).toHaveLength(0);
  });

  it.each(['sales_rep', 'marketer'] as const)(
    'a %s calling the merge action directly is refused and nothing moves',
    async (role) => {
      const user = await createTestUser(role);
      // The rep owns both customers: owning them is still not the right to merge them.
      const { older, newer } = await duplicatePair(role === 'sales_rep' ? user.userId : null);
      signInAs(user);
      const before = { older: await relatedCounts(older.id), newer: await relatedCounts(newer.id) };
      const result = await merge(
        mergeForm({ a: older.id, b: newer.id, aVersion: older.version, bVersion: newer.version, survivor: 'a' }),
      );
      expect(result).toMatchObject({ ok: false, message: 'forbidden' });
      expect({ older: await relatedCounts(older.id), newer: await relatedCounts(newer.id) }).toEqual(before);
      const [loser] = await db.select().from(customers).where(eq(customers.id, newer.id));
      expect(loser).toMatchObject({ deletedAt: null, mergedIntoId: null, version: newer.version });
      expect(await getMergePreview(user, older.id, newer.id)).toBeNull();
    },
  );

  it('refuses to merge a customer with itself', async () => {
    const c = await insertCustomer();
    const result = await merge(mergeForm({ a: c.id, b: c.id, aVersion: 1, bVersion: 1, survivor: 'a' }));
    expect(result).toMatchObject({ ok: false, reason: 'invalid' });
    const [row] = await db.select().from(customers).where(eq(customers.id, c.id));
    expect(row).toMatchObject({ deletedAt: null, version: 1 });
  });

  it('refuses to merge with a deleted (or already merged) customer', async () => {
    const live = await insertCustomer();
    const deleted = await insertCustomer({ deletedAt: new Date() });
    await addRelatedRows(deleted.id, 1, [], await insertRun());
    for (const survivor of ['a', 'b'] as const) {
      const result = await merge(mergeForm({ a: live.id, b: deleted.id, aVersion: 1, bVersion: 1, survivor }));
      expect(result).toMatchObject({ ok: false, message: 'notFound' });
    }
    expect((await relatedCounts(deleted.id)).orders).toBe(1);
    expect(await getMergePreview(admin, live.id, deleted.id)).toBeNull();
  });

  it('two merges of the same pair at once: one wins, the other is refused, and neither deadlocks', async () => {
    const { older, newer } = await duplicatePair();
    const base = { a: older.id, b: newer.id, aVersion: older.version, bVersion: newer.version };
    const results = await Promise.all([
      mergeCustomers(admin, { ...base, survivor: 'a', choices: {} }),
      mergeCustomers(admin, { ...base, survivor: 'b', choices: {} }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^(stale|notFound)$/),
    });
    const live = await db
      .select({ id: customers.id })
      .from(customers)
      .where(and(inArray(customers.id, [older.id, newer.id]), isNull(customers.deletedAt)));
    expect(live).toHaveLength(1);
    const total = (c: RelatedCounts) => Object.values(c).reduce((x, y) => x + y, 0);
    expect(total(await relatedCounts(live[0].id))).toBe(5 * 6 + 2 + 3);
  });

  it('rejects malformed input without touching anything', async () => {
    const result = await merge(
      mergeForm({
        a: 'not-a-uuid',
        b: crypto.randomUUID(),
        aVersion: 1,
        bVersion: 1,
        survivor: 'a',
        choices: { name: 'c' as 'a' },
      }),
    );
    expect(result).toMatchObject({ ok: false, reason: 'invalid' });
  });
});

describe('merge defaults', () => {
  const facts = (
    createdAt: string,
    id: string,
    empty: Record<string, boolean> = {},
    consent: { emailConsent?: boolean; unsubscribedAt?: string | null } = {},
  ) => ({
    createdAt,
    id,
    empty,
    emailConsent: consent.emailConsent ?? false,
    unsubscribedAt: consent.unsubscribedAt ?? null,
  });

  it('the older record survives; each field keeps the survivor value unless only the other has one', () => {
    const a = facts('2025-01-01', 'b-id', { phone: true, city: true });
    const b = facts('2024-01-01', 'a-id', { city: true, notes: true });
    expect(defaultSurvivor(a, b)).toBe('b');
    const choices = defaultChoices(a, b, 'b');
    expect(choices).toMatchObject({ name: 'b', phone: 'b', city: 'b', notes: 'a' });
  });

  it('an unsubscribe on either record wins over an opt-in, so a merge never re-subscribes anyone', () => {
    const a = facts('2024-01-01', 'a', {}, { emailConsent: true });
    const b = facts('2025-01-01', 'b', {}, { emailConsent: false, unsubscribedAt: '2025-03-01' });
    expect(defaultChoices(a, b, 'a').emailConsent).toBe('b');
    // Without an unsubscribe the survivor's own consent stays: the other record's opt-in does not carry over.
    expect(defaultChoices(a, facts('2025-01-01', 'b'), 'b').emailConsent).toBe('b');
  });
});
