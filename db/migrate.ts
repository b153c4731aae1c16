import path from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import type { DatabaseHandle } from './types';

export const MIGRATIONS_FOLDER = path.join(/*turbopackIgnore: true*/ process.cwd(), 'db/migrations');

/** Applies pending drizzle-kit migrations with Drizzle's migrator (works for both drivers). */
export async function migrateDatabase(handle: DatabaseHandle, migrationsFolder = MIGRATIONS_FOLDER): Promise<void> {
  if (handle.driver === 'pg') {
    // Serialise concurrent start-ups (several app servers) on a session advisory lock, held on one
    // dedicated connection for the whole migration.
    const client = new pg.Client({ connectionString: handle.url });
    await client.connect();
    try {
      await client.query('select pg_advisory_lock(728301)');
      await migratePg(drizzle({ client }), { migrationsFolder });
    } finally {
      await client.end();
    }
  } else {
    await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder });
  }
}
