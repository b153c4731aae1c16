import 'server-only';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { rows } from '@/db/rows';
import type { DatabaseHandle } from '@/db/types';

/**
 * One analytics refresh at a time, across every process on the database: a PostgreSQL advisory
 * lock (two-key form; pg_locks shows it as classid/objid with objsubid 2).
 *
 * On PostgreSQL the lock is a session lock held by a connection of its own for the whole run, so
 * it does not tie up a pool connection and is released by the server if the process dies. PGlite
 * has a single session, in which advisory locks are re-entrant, so the embedded database adds an
 * in-process flag (one process owns a PGlite folder anyway) and takes the same advisory lock so
 * that pg_locks shows it there too.
 */
export const REFRESH_LOCK = [7_301, 9] as const;

type Global = { __lodestarAnalyticsRefreshing?: boolean };
const g = globalThis as Global;

/**
 * `connection`: on PostgreSQL, the lock's own connection, which the refresh also writes its
 * snapshot through (COPY needs a connection of its own, and this one is free).
 */
export type RefreshLock = { release(): Promise<void>; connection?: pg.Client };

/** Takes the refresh lock without waiting; null when another refresh holds it. */
export async function tryRefreshLock(handle: DatabaseHandle): Promise<RefreshLock | null> {
  const [k1, k2] = REFRESH_LOCK;
  if (handle.driver === 'pglite') {
    if (g.__lodestarAnalyticsRefreshing) return null;
    g.__lodestarAnalyticsRefreshing = true;
    try {
      await handle.db.execute(sql`select pg_advisory_lock(${k1}::int, ${k2}::int)`);
    } catch (error) {
      g.__lodestarAnalyticsRefreshing = false;
      throw error;
    }
    return {
      async release() {
        try {
          await handle.db.execute(sql`select pg_advisory_unlock(${k1}::int, ${k2}::int)`);
        } finally {
          g.__lodestarAnalyticsRefreshing = false;
        }
      },
    };
  }
  const client = await connectRefreshClient(handle.url!);
  try {
    const result = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1::int, $2::int) as ok', [k1, k2]);
    if (!result.rows[0].ok) {
      await client.end();
      return null;
    }
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
  return {
    connection: client,
    async release() {
      try {
        await client.query('select pg_advisory_unlock($1::int, $2::int)', [k1, k2]);
      } finally {
        await client.end().catch(() => {});
      }
    },
  };
}

/**

 * A connection of the refresh's own, outside the pool (the lock's, and the extra ones the load reads
 * through). Errors surface on the query that meets them: a dropped connection must not crash the process.
 */
export async function connectRefreshClient(url: string): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: url,
    application_name: 'lodestar-analytics-refresh',
    options: '-c jit=off',
  });
  client.on('error', () => {});
  await client.connect();
  return client;
}

/**
 * Whether a refresh holds the lock now (any process). pg_locks lists the whole server's locks and
 * advisory locks belong to one database: a refresh in another database on the same server (a test
 * file's, another company's) is not this one's.
 */
export async function isRefreshLocked(handle: DatabaseHandle): Promise<boolean> {
  if (handle.driver === 'pglite' && g.__lodestarAnalyticsRefreshing) return true;
  const [k1, k2] = REFRESH_LOCK;
  const [r] = await rows<{ held: boolean }>(
    handle.db,
    sql`select exists (select 1 from pg_locks where locktype = 'advisory' and classid = ${k1} and objid = ${k2}
                        and objsubid = 2 and granted
                        and database = (select oid from pg_database where datname = current_database())) as held`,
  );
  return r.held;
}
