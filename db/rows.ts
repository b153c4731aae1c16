import { type AnyColumn, getTableName, type SQL, sql, type Table } from 'drizzle-orm';
import type { Db, Tx } from './client';

/**
 * Runs a raw SQL query and returns its rows. Both drivers answer `{ rows }`; this hides the
 * difference in their result types. Use it for reports that the query builder says poorly.
 *
 * Raw queries name tables and columns through the schema objects, never as strings, so a rename
 * fails `tsc` instead of a query: `${customers}`, `${customers.deletedAt}` (rendered
 * `"customers"."deleted_at"`), and for a second copy of a table `alias(customers, 'c')` with
 * `fromTable(c)` in FROM or JOIN and `${c.id}` elsewhere.
 */
export async function rows<T extends Record<string, unknown>>(executor: Db | Tx, query: SQL): Promise<T[]> {
  const result = (await executor.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

// Drizzle marks an aliased table with these (global) symbols; its query builder reads them the same way.
const IS_ALIAS = Symbol.for('drizzle:IsAlias');
const ORIGINAL_NAME = Symbol.for('drizzle:OriginalName');

/**
 * A table as a FROM or JOIN item of a raw query: `"customers"`, or `"customers" "c"` for
 * `alias(customers, 'c')`. (Interpolated directly, an alias renders as its name alone, which
 * Postgres would read as a table called "c".)
 */
export function fromTable(table: Table): SQL {
  const marks = table as unknown as Record<symbol, unknown>;
  if (!marks[IS_ALIAS]) return sql`${table}`;
  return sql`${sql.identifier(String(marks[ORIGINAL_NAME]))} ${table}`;
}

/** A column's bare name, for the SET list of a raw UPDATE (where a qualified name is a syntax error). */
export function columnName(column: AnyColumn): SQL {
  return sql`${sql.identifier(column.name)}`;
}

/**
 * `"orders"."id"`, always qualified. A select from one table renders the columns of its fields
 * bare (`"id"`), which inside a correlated subquery would bind to the subquery's own table:
 * use this for the outer reference there.
 */
export function qualified(column: AnyColumn): SQL {
  return sql`${sql.identifier(getTableName(column.table))}.${sql.identifier(column.name)}`;
}
