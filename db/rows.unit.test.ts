import { sql } from 'drizzle-orm';
import { alias, PgDialect, QueryBuilder } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { columnName, fromTable, qualified } from './rows';
import { customers, orderItems, orders } from './schema';

const render = (query: ReturnType<typeof sql>) => new PgDialect().sqlToQuery(query).sql;

describe('typed raw SQL', () => {
  it('a table renders as its name, an alias as "table" "alias" (a FROM item), its columns qualified by the alias', () => {
    const c = alias(customers, 'c');
    expect(render(sql`select ${customers.id} from ${fromTable(customers)}`)).toBe(
      'select "customers"."id" from "customers"',
    );
    expect(render(sql`select ${c.postalCode} from ${fromTable(c)}`)).toBe(
      'select "c"."postal_code" from "customers" "c"',
    );
  });

  it('qualified keeps the table in a single-table select, where drizzle renders its fields’ columns bare', () => {
    const items = sql`(select count(*) from ${orderItems} where ${orderItems.orderId} = ${qualified(orders.id)})`;
    const bare = sql`(select count(*) from ${orderItems} where ${orderItems.orderId} = ${orders.id})`;
    const render = (field: ReturnType<typeof sql>) =>
      new PgDialect().sqlToQuery(new QueryBuilder().select({ items: field }).from(orders).getSQL()).sql;
    expect(render(items)).toContain('where "order_id" = "orders"."id"');
    expect(render(bare)).toContain('"order_id" = "id"'); // why qualified exists: this binds to order_items.id
  });

  it('columnName is the bare column name, as an UPDATE … SET list needs', () => {
    expect(render(sql`update ${customers} set ${columnName(customers.mergedIntoId)} = null`)).toBe(
      'update "customers" set "merged_into_id" = null',
    );
  });
});
