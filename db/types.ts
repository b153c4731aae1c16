/** Types shared by the database client, migrations and seed (no runtime code: breaks import cycles). */
import type { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema';

export type Schema = typeof schema;
/** The common type of both drivers' Drizzle instances. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Driver = 'pg' | 'pglite';

export type DatabaseHandle = {
  db: Db;
  driver: Driver;
  /** Where it lives: the URL without password, or the PGlite folder. */
  location: string;
  /** The embedded instance (PGlite only), e.g. for dumpDataDir in tests. */
  pglite?: PGlite;
  /** The connection string (PostgreSQL only). */
  url?: string;
  /** Run raw SQL text (used by migrations, seed and tests). */
  exec(sqlText: string): Promise<void>;
  close(): Promise<void>;
};
