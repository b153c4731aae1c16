import type { SQL } from 'drizzle-orm';
import type { Db, Tx } from './client';

/**
 * Runs a raw SQL query and returns its rows. Both drivers answer `{ rows }`; this hides the
 * difference in their result types. Use it for reports that the query builder says poorly.
 */
export async function rows<T extends Record<string, unknown>>(executor: Db | Tx, query: SQL): Promise<T[]> {
  const result = (await executor.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
