import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { migrateDatabase } from './migrate';
import { acquireFolderLock } from './pglite-lock';
import * as schema from './schema';
import type { DatabaseHandle, Db, Driver } from './types';

export type { DatabaseHandle, Db, Driver, Schema, Tx } from './types';

/** Contrib extensions PGlite must load on every open, or statements that use them fail. */
export const pgliteExtensions = { pg_trgm };

export const DEFAULT_PGLITE_DIR = '.data/pglite';

export type OpenOptions = { url?: string; dataDir?: string; pglite?: PGlite; poolSize?: number };

/** Opens PostgreSQL when a URL is given, otherwise PGlite in `dataDir` (memory when dataDir is 'memory://'). */
export async function openDatabase(options: OpenOptions = {}): Promise<DatabaseHandle> {
  if (options.url) return openPg(options.url, options.poolSize ?? 10);
  if (options.pglite) return wrapPglite(options.pglite, 'memory', async () => {});
  const dataDir = options.dataDir ?? DEFAULT_PGLITE_DIR;
  if (dataDir.startsWith('memory://')) {
    return wrapPglite(await PGlite.create({ extensions: pgliteExtensions }), dataDir, async () => {});
  }
  const abs = path.resolve(/*turbopackIgnore: true*/ dataDir);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  const release = acquireFolderLock(abs);
  try {
    const client = await PGlite.create(abs, { extensions: pgliteExtensions });
    return wrapPglite(client, abs, async () => release());
  } catch (error) {
    release();
    throw error;
  }
}

function openPg(url: string, max: number): DatabaseHandle {
  // JIT compilation is for long analytical queries; on page queries PostgreSQL 15 chose it for
  // aggregates over 100k rows and spent 0.5 s compiling to save milliseconds. Off for the app's
  // connections (a report that wants it can SET jit = on). random_page_cost 1.1 (default 4, which
  // models spinning disks): the CRM's working set is in memory or on SSD, where an index lookup
  // costs about what a sequential page does. At 4 the planner scanned all 100k customers for a
  // rep's 800 (an index on the owner exists) and hashed them for a segment's 4,500 ids.
  const pool = new pg.Pool({ connectionString: url, max, options: '-c jit=off -c random_page_cost=1.1' });
  // An idle client error (server restart) must not crash the process; the next query reconnects.
  pool.on('error', (err) => console.error('[db] idle client error:', err.message));
  const db = drizzlePg({ client: pool, schema }) as unknown as Db;
  return {
    db,
    driver: 'pg',
    url,
    location: url.replace(/:\/\/([^:@/]+):[^@/]*@/, '://$1:***@'),
    exec: async (text) => {
      await pool.query(text);
    },
    close: () => pool.end(),
  };
}

function wrapPglite(client: PGlite, location: string, release: () => Promise<void>): DatabaseHandle {
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  let closed = false;
  return {
    db,
    driver: 'pglite',
    pglite: client,
    location,
    exec: async (text) => {
      await client.exec(text);
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await client.close();
      await release();
    },
  };
}

// ---------------------------------------------------------------------------
// The process-wide handle. Kept on globalThis so dev-server reloads reuse it.
type Global = { __lodestarDb?: Promise<DatabaseHandle>; __lodestarDbSync?: DatabaseHandle };
const g = globalThis as Global;

/** Options the app uses: DATABASE_URL → PostgreSQL, else PGlite in PGLITE_DIR (default .data/pglite). */
export function envOpenOptions(): OpenOptions {
  const url = process.env.DATABASE_URL?.trim();
  return url ? { url } : { dataDir: process.env.PGLITE_DIR?.trim() || DEFAULT_PGLITE_DIR };
}

/** Opens (once) and migrates the database the environment points at. */
export function getDatabase(): Promise<DatabaseHandle> {
  if (!g.__lodestarDb) {
    g.__lodestarDb = (async () => {
      const handle = await openDatabase(envOpenOptions());
      await migrateDatabase(handle);
      g.__lodestarDbSync = handle;
      return handle;
    })();
    g.__lodestarDb.catch(() => {
      g.__lodestarDb = undefined;
    });
  }
  return g.__lodestarDb;
}

/** Replaces the process-wide handle (integration tests, scripts that opened their own). */
export function setDatabase(handle: DatabaseHandle | undefined): void {
  g.__lodestarDbSync = handle;
  g.__lodestarDb = handle ? Promise.resolve(handle) : undefined;
}

export async function closeDatabase(): Promise<void> {
  const pending = g.__lodestarDb;
  g.__lodestarDb = undefined;
  g.__lodestarDbSync = undefined;
  if (pending) await (await pending).close();
}

function current(): DatabaseHandle {
  const handle = g.__lodestarDbSync;
  if (!handle)
    throw new Error('Database not ready: call getDatabase() first (instrumentation.ts does this at start-up).');
  return handle;
}

/**
 * The Drizzle instance of the process-wide handle. A proxy so modules can import it once while
 * tests and start-up decide which database it is.
 */
export const db: Db = new Proxy({} as Db, {
  get(_target, prop) {
    const instance = current().db as unknown as Record<string | symbol, unknown>;
    const value = instance[prop];
    return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(instance) : value;
  },
});

export function currentDriver(): Driver {
  return current().driver;
}
