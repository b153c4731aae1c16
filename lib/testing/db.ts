import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, inject } from 'vitest';
import { type DatabaseHandle, openDatabase, pgliteExtensions, setDatabase } from '@/db/client';
import { withDatabase } from './global-setup';

/**
 * Gives the calling test file its own migrated database (PGlite by default; PostgreSQL when the
 * run has TEST_DRIVER=pg) and makes it the process-wide `db`.
 */
export function setupTestDatabase(): { readonly handle: DatabaseHandle } {
  let handle: DatabaseHandle | undefined;
  let dropName: string | undefined;
  beforeAll(async () => {
    handle = await createTestDatabase();
    setDatabase(handle);
  });
  afterAll(async () => {
    setDatabase(undefined);
    await handle?.close();
    if (dropName) {
      const admin = await openDatabase({ url: process.env.TEST_DATABASE_URL!, poolSize: 1 });
      await admin.exec(`DROP DATABASE IF EXISTS ${dropName} WITH (FORCE)`);
      await admin.close();
    }
  });

  async function createTestDatabase(): Promise<DatabaseHandle> {
    if (inject('testDriver') === 'pglite') {
      const dump = fs.readFileSync(inject('pgliteDump'));
      const client = await PGlite.create({ loadDataDir: new Blob([dump]), extensions: pgliteExtensions });
      return openDatabase({ pglite: client });
    }
    const url = process.env.TEST_DATABASE_URL!;
    dropName = `${inject('pgPrefix')}${randomBytes(6).toString('hex')}`;
    const admin = await openDatabase({ url, poolSize: 1 });
    await admin.exec(`CREATE DATABASE ${dropName} TEMPLATE ${inject('pgTemplate')}`);
    // A test database is thrown away: its commits need not wait for the WAL to reach the disk
    // (every connection to it, child processes' too, takes the setting).
    await admin.exec(`ALTER DATABASE ${dropName} SET synchronous_commit = off`);
    await admin.close();
    return openDatabase({ url: withDatabase(url, dropName), poolSize: 4 });
  }

  return {
    get handle() {
      if (!handle) throw new Error('setupTestDatabase: the database is opened in beforeAll');
      return handle;
    },
  };
}
