import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { rows } from '@/db/rows';
import { setupTestDatabase } from '@/lib/testing/db';
import { isDatabaseEmpty, resetDatabase, seedDatabase } from './index';

const ctx = setupTestDatabase();
const anchor = new Date('2026-06-30T00:00:00Z');

async function fingerprint(handle: DatabaseHandle): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [table, order] of [
    ['customers', 'id'],
    ['orders', 'id'],
    ['order_items', 'id'],
    ['deals', 'id'],
    ['cases', 'id'],
    ['activities', 'id'],
  ] as const) {
    const r = await rows<{ t: string }>(
      handle.db,
      sql.raw(`select coalesce(string_agg(x::text, '|' order by x.${order}), '') as t from ${table} x`),
    );
    out[table] = createHash('sha256').update(r[0].t).digest('hex');
  }
  // Users without password hashes (salted, so different by design) and default timestamps.
  const u = await rows<{ t: string }>(
    handle.db,
    sql`select string_agg(concat_ws(',', id, email, name, role, active), '|' order by email) as t from users`,
  );
  out.users = u[0].t;
  return out;
}

describe('seed', () => {
  it('fills an empty database with every area, and the same seed gives identical rows', async () => {
    const handle = ctx.handle;
    expect(await isDatabaseEmpty(handle)).toBe(true);
    const first = await seedDatabase(handle, { scale: 'test', anchor });
    expect(first.counts.customers).toBe(150);
    expect(first.counts.orders).toBeGreaterThan(600);
    for (const key of [
      'contacts',
      'orderItems',
      'leads',
      'deals',
      'history',
      'quotes',
      'cases',
      'activities',
      'kbArticles',
      'kbCategories',
    ])
      expect(first.counts[key]).toBeGreaterThan(0);
    const statuses = await rows<{ status: string }>(handle.db, sql`select distinct status::text from leads order by 1`);
    expect(statuses.map((s) => s.status)).toEqual(['contacted', 'converted', 'new', 'qualified', 'unqualified']);
    const a = await fingerprint(handle);

    await resetDatabase(handle);
    expect(await isDatabaseEmpty(handle)).toBe(true);
    await seedDatabase(handle, { scale: 'test', anchor });
    expect(await fingerprint(handle)).toEqual(a);
  });

  it('order totals equal the sum of their items, and repeat buyers exist alongside one-time buyers', async () => {
    const handle = ctx.handle;
    const mismatched = await rows<{ n: number }>(
      handle.db,
      sql`
      select count(*)::int as n from orders o
      where o.total <> (select sum(line_total) from order_items i where i.order_id = o.id)`,
    );
    expect(mismatched[0].n).toBe(0);
    const buyers = await rows<{ one: number; repeat: number }>(
      handle.db,
      sql`
      select count(*) filter (where n = 1)::int as one, count(*) filter (where n > 1)::int as repeat
      from (select customer_id, count(*) n from orders group by customer_id) t`,
    );
    expect(buyers[0].one).toBeGreaterThan(0);
    expect(buyers[0].repeat).toBeGreaterThan(buyers[0].one);
  });

  it("a converted lead's deal is linked both ways", async () => {
    const [r] = await rows<{ converted: number; linked: number; stray: number }>(
      ctx.handle.db,
      sql`select count(*)::int as converted,
                 count(*) filter (where d.lead_id = l.id)::int as linked,
                 (select count(*)::int from deals x where x.lead_id is not null
                    and not exists (select 1 from leads y where y.id = x.lead_id and y.converted_deal_id = x.id)) as stray
          from leads l left join deals d on d.id = l.converted_deal_id
          where l.status = 'converted'`,
    );
    expect(r.converted).toBeGreaterThan(0);
    expect(r.linked).toBe(r.converted);
    expect(r.stray).toBe(0);
  });

  it('every open case has SLA due times after its creation', async () => {
    const bad = await rows<{ n: number }>(
      ctx.handle.db,
      sql`select count(*)::int as n from cases where first_response_due_at <= created_at or resolution_due_at < first_response_due_at`,
    );
    expect(bad[0].n).toBe(0);
  });
});
