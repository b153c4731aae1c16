import { eq, type SQL, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { rows } from '@/db/rows';
import { customers, users } from '@/db/schema';
import type { Viewer } from '@/lib/auth/permissions';
import { setupTestDatabase } from '@/lib/testing/db';
import { createTestUser } from '@/lib/testing/factories';
import { insertCustomer } from '@/lib/testing/fixtures';
import { type ContactFilter, contactListQuery, listContacts } from './contacts';
import { customerOrder, customerRowColumns, customerWhere } from './customers';
import { CustomerFilterSchema } from './filters';

setupTestDatabase();

/**
 * The plan of a list query with sorting and sequential scans priced out of reach: if an index
 * serves the ORDER BY (same expressions, same directions), the plan has no Sort node. On a table
 * this small the planner would otherwise pick a sequential scan and sort whatever the indexes.
 */
async function planOf(query: SQL | { getSQL(): SQL }): Promise<string> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local enable_seqscan = off`);
    await tx.execute(sql`set local enable_sort = off`);
    await tx.execute(sql`set local enable_bitmapscan = off`);
    const plan = await rows<{ 'QUERY PLAN': string }>(tx, sql`explain (costs off) ${query}`);
    return plan.map((r) => r['QUERY PLAN']).join('\n');
  });
}

let viewer: Viewer;
beforeAll(async () => {
  viewer = await createTestUser('sales_rep');
  const c = await insertCustomer({ ownerId: viewer.userId });
  await db.execute(
    sql`insert into contacts (customer_id, first_name, email) values (${c.id}, 'ann', 'a@x.example'), (${c.id}, 'Bob', null)`,
  );
  await db.execute(sql`analyze`);
});

describe('list sorts are served by indexes (no sort step)', () => {
  const contactCases: [ContactFilter['sort'], ContactFilter['dir'], string][] = [
    ['name', 'asc', 'contacts_first_name_sort_idx'],
    ['name', 'desc', 'contacts_first_name_sort_idx'],
    ['createdAt', 'asc', 'contacts_created_idx'],
    ['createdAt', 'desc', 'contacts_created_idx'],
    ['email', 'asc', 'contacts_email_sort_idx'],
    ['email', 'desc', 'contacts_email_sort_idx'],
  ];
  // The contacts list pages through ids on the index (deferred join), then sorts only the fetched
  // page again: a Sort is allowed as the top node only, never under the Limit that pages.
  it.each(contactCases)(
    'contacts by %s %s page on %s (only the final page of rows is sorted)',
    async (sort, dir, index) => {
      const plan = await planOf(contactListQuery(viewer, { sort, dir, page: 1, size: 50 }));
      expect(plan).toContain(index);
      const underLimit = plan.slice(plan.indexOf('Limit'));
      expect(underLimit).not.toMatch(/Sort/);
    },
  );

  it('contacts sort by first name case-insensitively', async () => {
    const { rows: found } = await listContacts(viewer, { sort: 'name', dir: 'asc', page: 1, size: 50 });
    expect(found.map((r) => r.firstName)).toEqual(['ann', 'Bob']);
  });

  // Keys without nulls in both directions; nullable keys ascending (nulls last, as the index keeps them).
  const customerCases: [string, string, string][] = [
    ['name', 'asc', 'customers_name_sort_idx'],
    ['name', 'desc', 'customers_name_sort_idx'],
    ['createdAt', 'asc', 'customers_created_idx'],
    ['createdAt', 'desc', 'customers_created_idx'],
    ['updatedAt', 'asc', 'customers_updated_idx'],
    ['updatedAt', 'desc', 'customers_updated_idx'],
    ['email', 'asc', 'customers_email_sort_idx'],
  ];
  it.each(customerCases)('customers by %s %s use %s', async (sort, dir, index) => {
    const f = CustomerFilterSchema.parse({ sort, dir });
    const query = db
      .select(customerRowColumns)
      .from(customers)
      .leftJoin(users, eq(users.id, customers.ownerId))
      .where(customerWhere(viewer, f))
      .orderBy(...customerOrder(f))
      .limit(50);
    const plan = await planOf(query);
    expect(plan).toContain(index);
    expect(plan).not.toMatch(/Sort/);
  });
});
