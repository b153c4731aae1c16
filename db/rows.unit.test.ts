import { sql } from 'drizzle-orm';
import { alias, PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { columnName, fromTable } from './rows';
import { customers } from './schema';

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

  it('columnName is the bare column name, as an UPDATE … SET list needs', () => {
    expect(render(sql`update ${customers} set ${columnName(customers.mergedIntoId)} = null`)).toBe(
      'update "customers" set "merged_into_id" = null',
    );
  });
});
