import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { rows } from '@/db/rows';
import { customers, orders } from '@/db/schema';
import { seedDatabase } from '@/db/seed';
import type { Viewer } from '@/lib/auth/permissions';
import { setupTestDatabase } from '@/lib/testing/db';
import { seededViewer } from '@/lib/testing/factories';
import { OrderFilterSchema } from './filters';
import { exportOrders, getOrder, listOrders } from './orders';

const ctx = setupTestDatabase();
let manager: Viewer, rep: Viewer, rep2: Viewer, agent: Viewer, marketer: Viewer;
const all = (extra: Record<string, string> = {}) => OrderFilterSchema.parse({ size: '100', ...extra });

/** The stream as text, its BOM kept (Response.text() would drop it). */
async function csvText(stream: ReadableStream<Uint8Array>): Promise<string> {
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
}

beforeAll(async () => {
  await seedDatabase(ctx.handle, { scale: 'test', anchor: new Date('2026-06-30T00:00:00Z') });
  [manager, rep, rep2, agent, marketer] = await Promise.all([
    seededViewer('manager@lodestar.test'),
    seededViewer('rep@lodestar.test'),
    seededViewer('rep2@lodestar.test'),
    seededViewer('agent@lodestar.test'),
    seededViewer('marketer@lodestar.test'),
  ]);
}, 120_000);

describe('orders list', () => {
  it("a rep lists only orders they own or of customers they own; a marketer none; another rep's order is not found", async () => {
    const mine = await listOrders(rep, all());
    expect(mine.total).toBeGreaterThan(0);
    const [{ n }] = await rows<{ n: number }>(
      db,
      sql`select count(*)::int as n from orders o where o.owner_id = ${rep.userId}
          or exists (select 1 from customers c where c.id = o.customer_id and c.owner_id = ${rep.userId})`,
    );
    expect(mine.total).toBe(n);
    const ids = mine.rows.map((o) => o.id);
    const theirs = await rows<{ id: string }>(
      db,
      sql`select o.id from orders o join customers c on c.id = o.customer_id
          where c.owner_id = ${rep2.userId} and (o.owner_id is null or o.owner_id <> ${rep.userId}) limit 1`,
    );
    expect(ids).not.toContain(theirs[0].id);
    expect(await getOrder(rep, theirs[0].id)).toBeNull();
    expect((await getOrder(rep2, theirs[0].id))?.id).toBe(theirs[0].id);
    expect((await listOrders(marketer, all())).total).toBe(0);
    expect(await getOrder(marketer, theirs[0].id)).toBeNull();
    const agentList = await listOrders(agent, all());
    for (const o of agentList.rows.slice(0, 20)) {
      const [ok] = await rows<{ ok: boolean }>(
        db,
        sql`select exists (select 1 from cases where customer_id = ${o.customerId}
              and (assignee_id is null or assignee_id = ${agent.userId})) as ok`,
      );
      expect(ok.ok).toBe(true);
    }
  });

  it('filters by kind, status, date range and customer name; sorts by total in SQL', async () => {
    const [buyer] = await db.select({ id: customers.id }).from(customers).limit(1);
    await db.insert(orders).values({
      number: 'T-RETURN-1',
      kind: 'return',
      status: 'refunded',
      customerId: buyer.id,
      orderedAt: new Date('2026-06-15T10:00:00Z'),
      total: '-12.50',
    });
    const returns = await listOrders(manager, all({ kind: 'return' }));
    expect(returns.rows.length).toBeGreaterThan(0);
    expect(returns.rows.every((o) => o.kind === 'return')).toBe(true);
    const paid = await listOrders(manager, all({ status: 'paid' }));
    expect(paid.rows.every((o) => o.status === 'paid')).toBe(true);
    const june = await listOrders(manager, all({ from: '2026-06-01', to: '2026-06-30' }));
    expect(june.rows.length).toBeGreaterThan(0);
    for (const o of june.rows) {
      expect(o.orderedAt.getTime()).toBeGreaterThanOrEqual(Date.parse('2026-06-01T00:00:00Z'));
      expect(o.orderedAt.getTime()).toBeLessThan(Date.parse('2026-07-01T00:00:00Z'));
    }
    const [named] = await db
      .select({ name: customers.name })
      .from(customers)
      .where(sql`exists (select 1 from ${orders} where ${orders.customerId} = ${customers.id})`)
      .limit(1);
    const byName = await listOrders(manager, all({ customer: named.name.slice(0, 5) }));
    expect(byName.rows.length).toBeGreaterThan(0);
    expect(byName.rows.every((o) => o.customerName?.toLowerCase().includes(named.name.slice(0, 5).toLowerCase()))).toBe(
      true,
    );
    const cheapest = await listOrders(manager, all({ sort: 'total', dir: 'asc' }));
    const totals = cheapest.rows.map((o) => Number(o.total));
    expect(totals).toEqual([...totals].sort((a, b) => a - b));
    // A wildcard in the customer text is a literal, not a pattern.
    expect((await listOrders(manager, all({ customer: '%' }))).total).toBeLessThan(
      (await listOrders(manager, all())).total,
    );
  });

  it('an owner filter counts only for managers: a rep asking for another owner still gets their own', async () => {
    const asked = await listOrders(rep, { ...all(), owner: rep2.userId });
    expect(asked.total).toBe((await listOrders(rep, all())).total);
    const managerView = await listOrders(manager, all({ owner: rep2.userId }));
    const [{ n }] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(orders)
      .where(eq(orders.ownerId, rep2.userId));
    expect(managerView.total).toBe(n);
  });
});

describe('orders export', () => {
  it("exports the filtered list the viewer may see, as CSV with a BOM; a rep's has none of another rep's orders", async () => {
    const stream = await exportOrders(rep, all({ kind: 'sale' }), 50);
    if (stream === 'forbidden') throw new Error('forbidden');
    const text = await csvText(stream);
    expect(text.startsWith('\uFEFFnumber,kind,status,ordered_at,customer,owner,currency,total,quote\r\n')).toBe(true);
    const lines = text.trim().split('\r\n').slice(1);
    const listed = await listOrders(rep, all({ kind: 'sale' }));
    expect(lines.length).toBe(listed.total);
    expect(lines.every((l) => l.split(',')[1] === 'sale')).toBe(true);
    const numbers = new Set(lines.map((l) => l.split(',')[0]));
    const [other] = await db
      .select({ number: orders.number })
      .from(orders)
      .innerJoin(customers, eq(customers.id, orders.customerId))
      .where(and(eq(customers.ownerId, rep2.userId), sql`${orders.ownerId} is distinct from ${rep.userId}`))
      .limit(1);
    expect(numbers.has(other.number)).toBe(false);
    expect(await exportOrders(marketer, all())).toBe('forbidden');
  });
});
