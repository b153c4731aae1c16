import 'server-only';
import { type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { columnName } from '@/db/rows';

/** The column's SQL type without length or precision ("varchar", "numeric", "order_kind", "text[]"). */
function baseType(column: PgColumn): string {
  return column.getSQLType().replace(/\(\d+(?:,\s*\d+)?\)/, '');
}

/**
 * `select c0::uuid, c1::integer, … from unnest($1::text[], $2::text[], …) as u(c0, c1, …)`: many
 * rows as one array parameter per column, for bulk INSERT … SELECT. One statement of a few
 * parameters whatever the row count, which both PostgreSQL and PGlite plan and run far faster than
 * thousands of separate parameters. Every array goes as text[] and each value is cast to its
 * column's type: PGlite serialises a JS array only for the array types it knows (not an enum's),
 * and an array column's values go as array literals ('{"a","b"}').
 */
export function unnestColumns(columns: readonly PgColumn[], arrays: readonly (readonly unknown[])[]): SQL {
  if (columns.length !== arrays.length) throw new RangeError('unnestColumns: one array per column');
  const names = columns.map((_, i) => sql.raw(`c${i}`));
  return sql`select ${sql.join(
    columns.map((c, i) => sql`${names[i]}::${sql.raw(baseType(c))}`),
    sql`, `,
  )} from unnest(${sql.join(
    arrays.map((a) => sql`${sql.param(a)}::text[]`),
    sql`, `,
  )}) as u(${sql.join(names, sql`, `)})`;
}

/** `'{"a","b"}'`: a text array as an array literal, for an array column's values in unnestColumns. */
export function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
}

/** `("a", "b", …)`: an INSERT's column list. */
export function columnList(columns: readonly PgColumn[]): SQL {
  return sql`(${sql.join(
    columns.map((c) => columnName(c)),
    sql`, `,
  )})`;
}
