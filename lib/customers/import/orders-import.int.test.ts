import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { auditLog, customers, orderItems, orders, products } from '@/db/schema';
import { ANALYTICS_REFRESH_QUEUE } from '@/lib/analytics/refresh-job';
import type { Viewer } from '@/lib/auth/permissions';
import { getBoss, stopBoss } from '@/lib/jobs/boss';
import { setupTestDatabase } from '@/lib/testing/db';
import { createTestUser } from '@/lib/testing/factories';
import { signInAs } from '@/lib/testing/session-mock';
import { suggestMapping } from './fields';
import { importOrdersAction } from './import-actions';
import { readImportFile, toImportRows } from './read-file';

vi.mock('@/lib/auth/auth', async () => (await import('@/lib/testing/session-mock')).authMock);
vi.mock('next/cache', async () => (await import('@/lib/testing/next-mocks')).cacheMock);

setupTestDatabase();
afterAll(() => stopBoss(2_000));

const csv = (lines: string[][]) =>
  new TextEncoder().encode(
    lines.map((l) => l.map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',')).join('\n'),
  );

async function importOrders(lines: string[][]) {
  const file = readImportFile(csv(lines));
  if (!file.ok) throw new Error(file.problem.key);
  const state = await importOrdersAction({
    rows: toImportRows(file.records, suggestMapping(file.headers, 'orders', false)),
  });
  if (!state.ok) throw new Error(state.message);
  return state.data!;
}

let manager: Viewer;
let repA: Viewer;
let repB: Viewer;
let acmeId: string;

beforeAll(async () => {
  manager = await createTestUser('manager');
  repA = await createTestUser('sales_rep');
  repB = await createTestUser('sales_rep');
  const [acme] = await db
    .insert(customers)
    .values({ kind: 'company', name: 'Acme', externalId: 'CUST-1', email: 'buyer@acme.example', ownerId: repA.userId })
    .returning({ id: customers.id });
  acmeId = acme.id;
  await db
    .insert(customers)
    .values({ kind: 'company', name: 'Globex', email: 'ap@globex.example', ownerId: repB.userId });
  await db.insert(products).values({ sku: 'WIDGET', name: 'Widget', unitPrice: '19.99' });
});

describe('order CSV import', () => {
  beforeEach(() => signInAs(null));

  it('creates orders keyed by external id with IMP- numbers and one item line; re-importing changes nothing; a new status updates', async () => {
    signInAs(manager);
    const header = [
      'Order ID',
      'Customer ID',
      'Customer email',
      'Order date',
      'Total',
      'Currency',
      'Status',
      'SKU',
      'Qty',
      'Unit price',
    ];
    const lines = [
      header,
      ['SO-1001', 'CUST-1', '', '2026-03-01', '39.98', 'usd', 'paid', 'WIDGET', '2', ''],
      ['SO-1002', '', 'AP@globex.example', '2026-03-02T09:30:00+08:00', '100', '', '已发货', '', '', ''],
    ];
    expect(await importOrders(lines)).toEqual({ created: 2, updated: 0, unchanged: 0, rejected: [] });
    const [first] = await db.select().from(orders).where(eq(orders.externalId, 'SO-1001'));
    expect(first).toMatchObject({
      number: 'IMP-SO-1001',
      customerId: acmeId,
      ownerId: repA.userId,
      total: '39.98',
      currency: 'USD',
      status: 'paid',
    });
    expect(first.orderedAt.toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(
      await db
        .select({ quantity: orderItems.quantity, unitPrice: orderItems.unitPrice, lineTotal: orderItems.lineTotal })
        .from(orderItems)
        .where(eq(orderItems.orderId, first.id)),
    ).toEqual([{ quantity: '2.00', unitPrice: '19.99', lineTotal: '39.98' }]);
    const [second] = await db.select().from(orders).where(eq(orders.externalId, 'SO-1002'));
    expect(second).toMatchObject({ status: 'fulfilled', total: '100.00', currency: 'USD' });
    expect(second.orderedAt.toISOString()).toBe('2026-03-02T01:30:00.000Z');

    expect(await importOrders(lines)).toEqual({ created: 0, updated: 0, unchanged: 2, rejected: [] });
    lines[2][6] = 'refunded';
    expect(await importOrders(lines)).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    expect((await db.select().from(orders).where(eq(orders.externalId, 'SO-1002')))[0].status).toBe('refunded');
    expect(await db.select({ n: sql<number>`count(*)::int` }).from(orderItems)).toEqual([{ n: 1 }]);
    const audits = await db.select().from(auditLog).where(eq(auditLog.entity, 'order'));
    expect(audits.map((a) => a.diff)).toContainEqual(expect.objectContaining({ created: 2, rejected: 0 }));
  });

  it('a sales rep cannot import orders for another rep’s customer (nothing written), but can for their own', async () => {
    signInAs(repB);
    const result = await importOrders([
      ['external_id', 'customer_external_id', 'ordered_at', 'total'],
      ['SO-2001', 'CUST-1', '2026-04-01', '10.00'],
    ]);
    expect(result).toEqual({
      created: 0,
      updated: 0,
      unchanged: 0,
      rejected: [{ line: 2, errors: [{ field: 'customerExternalId', reason: 'customerNotYours' }] }],
    });
    expect(await db.select().from(orders).where(eq(orders.externalId, 'SO-2001'))).toHaveLength(0);

    const own = await importOrdersAction({
      rows: [
        {
          line: 2,
          values: { externalId: 'SO-2002', customerEmail: 'ap@globex.example', orderedAt: '2026-04-02', total: '5' },
        },
      ],
    });
    expect(own.data).toMatchObject({ created: 1, rejected: [] });
  });

  it('rejects bad rows with the field and reason, and writes the good ones', async () => {
    signInAs(manager);
    const result = await importOrders([
      ['Order ID', 'Customer ID', 'Order date', 'Total', 'SKU'],
      ['SO-3001', 'NOPE', '2026-01-01', '1.00', ''],
      ['SO-3002', 'CUST-1', '2026-02-30', '1.00', ''],
      ['SO-3003', 'CUST-1', '2026-01-01', '12.345', ''],
      ['SO-3004', 'CUST-1', '2026-01-01', '-5', ''],
      ['SO-3005', 'CUST-1', '2026-01-01', '1.00', 'NO-SUCH-SKU'],
      ['=cmd|"/c calc"!A1', 'CUST-1', '2026-01-01', '1.00', ''],
      ['SO-3006', 'CUST-1', '2026-01-01', '1.00', ''],
      ['SO-3006', 'CUST-1', '2026-01-02', '2.00', ''],
      ['SO-3007', 'CUST-1', '2026-01-01 10:00', '0', ''],
    ]);
    expect(result.rejected).toEqual([
      { line: 2, errors: [{ field: 'customerExternalId', reason: 'customerNotFound' }] },
      { line: 3, errors: [{ field: 'orderedAt', reason: 'date' }] },
      { line: 4, errors: [{ field: 'total', reason: 'amount' }] },
      { line: 5, errors: [{ field: 'total', reason: 'amount' }] },
      { line: 6, errors: [{ field: 'sku', reason: 'unknownSku' }] },
      { line: 7, errors: [{ field: 'externalId', reason: 'formula' }] },
      { line: 9, errors: [{ field: 'externalId', reason: 'duplicate' }] },
    ]);
    expect(result).toMatchObject({ created: 2 });
  });

  it('a cell with NUL rejects its row as invalidCharacters; repeated line numbers refuse the chunk', async () => {
    signInAs(manager);
    const state = await importOrdersAction({
      rows: [
        {
          line: 2,
          values: { externalId: 'NUL-1\u0000', customerExternalId: 'CUST-1', orderedAt: '2026-01-05', total: '5' },
        },
      ],
    });
    expect(state).toMatchObject({
      ok: true,
      data: { created: 0, rejected: [{ line: 2, errors: [{ field: 'externalId', reason: 'invalidCharacters' }] }] },
    });
    const twice = { externalId: 'TWICE-1', customerExternalId: 'CUST-1', orderedAt: '2026-01-05', total: '5' };
    expect(
      await importOrdersAction({
        rows: [
          { line: 2, values: twice },
          { line: 2, values: { ...twice, externalId: 'TWICE-2' } },
        ],
      }),
    ).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await db.select().from(orders).where(sql`${orders.externalId} like 'TWICE-%'`)).toHaveLength(0);
  });

  it('truncates long external ids to a unique 24-character order number', async () => {
    signInAs(manager);
    const long1 = 'SHOPIFY-ORDER-2026-000000000001';
    const long2 = 'SHOPIFY-ORDER-2026-000000000002';
    await importOrders([
      ['Order ID', 'Customer ID', 'Order date', 'Total'],
      [long1, 'CUST-1', '2026-05-01', '1'],
      [long2, 'CUST-1', '2026-05-01', '1'],
    ]);
    const numbers = (
      await db.select({ number: orders.number }).from(orders).where(sql`${orders.externalId} in (${long1}, ${long2})`)
    ).map((o) => o.number);
    expect(new Set(numbers).size).toBe(2);
    for (const n of numbers) {
      expect(n.length).toBeLessThanOrEqual(24);
      expect(n.startsWith('IMP-SHOPIFY-ORD')).toBe(true);
    }
  });

  it('an import that adds or changes orders queues one analytics refresh; unchanged rows queue none', async () => {
    signInAs(manager);
    const boss = await getBoss();
    await boss.purgeQueue(ANALYTICS_REFRESH_QUEUE);
    const header = ['Order ID', 'Customer ID', 'Order date', 'Total'];
    const line = ['SO-AN-1', 'CUST-1', '2026-03-01', '120.00'];
    expect(await importOrders([header, line])).toMatchObject({ created: 1 });
    expect(await importOrders([header, ['SO-AN-2', 'CUST-1', '2026-03-02', '80.00']])).toMatchObject({ created: 1 });
    expect(await boss.getQueueSize(ANALYTICS_REFRESH_QUEUE)).toBe(1);
    await boss.purgeQueue(ANALYTICS_REFRESH_QUEUE);
    expect(await importOrders([header, line])).toMatchObject({ unchanged: 1 });
    expect(await boss.getQueueSize(ANALYTICS_REFRESH_QUEUE)).toBe(0);
  });
});
