import 'server-only';
import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { rows } from '@/db/rows';

/** Up to this many rows a list counts exactly; beyond it, the planner's estimate is shown as "about N". */
export const EXACT_COUNT_CAP = 10_000;

export type Total = { value: number; exact: boolean };

/**
 * How many rows a list's filtered query matches, without counting 100k rows on every page view:
 * an exact count that stops at `cap` (reading at most cap + 1 rows), and past the cap the planner's
 * row estimate for the same query (planning only, no scan). `query` is the list's SELECT with its
 * FROM/JOIN/WHERE and no ORDER BY/LIMIT (a query builder or SQL).
 */
export async function countCapped(executor: Db | Tx, query: SQLWrapper, cap = EXACT_COUNT_CAP): Promise<Total> {
  const text: SQL = query.getSQL();
  const [{ n }] = await rows<{ n: number }>(
    executor,
    sql`select count(*)::int as n from (${text} limit ${cap + 1}) as capped`,
  );
  if (n <= cap) return { value: n, exact: true };
  return { value: Math.max(await estimatedRows(executor, text), cap + 1), exact: false };
}

/** The planner's estimate of the rows `query` returns (planning only, no scan). */
export async function estimatedRows(executor: Db | Tx, query: SQLWrapper): Promise<number> {
  const [plan] = await rows<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] | string }>(
    executor,
    sql`explain (format json) ${query.getSQL()}`,
  );
  // node-postgres parses the json column; PGlite may hand it over as text.
  const raw = plan['QUERY PLAN'];
  const parsed = typeof raw === 'string' ? (JSON.parse(raw) as [{ Plan: { 'Plan Rows': number } }]) : raw;
  return Math.round(parsed[0].Plan['Plan Rows']);
}
