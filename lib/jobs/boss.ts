import 'server-only';
import type { SQL } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import PgBoss from 'pg-boss';
import { getDatabase } from '@/db/client';
import type { DatabaseHandle, Db, Tx } from '@/db/types';

/**
 * Background work goes through pg-boss queues stored in the database itself, so any number of app
 * servers (and `npm run worker` processes) share them and no job runs twice. On the embedded
 * database (one process by design) the same queues run in-process.
 */

type Global = { __lodestarBoss?: Promise<PgBoss> };
const g = globalThis as Global;

/** pg-boss talks to PGlite through its `db` option; parameterless SQL may hold several statements, which only exec() runs. */
function pgliteExecutor(handle: DatabaseHandle): PgBoss.Db {
  const client = handle.pglite!;
  return {
    async executeSql(text: string, values?: unknown[]) {
      if (values?.length) return (await client.query(text, values)) as { rows: unknown[] };
      const results = await client.exec(text);
      return (results[results.length - 1] ?? { rows: [] }) as { rows: unknown[] };
    },
  };
}

/** `$1`-style SQL text and values → a Drizzle SQL object, so pg-boss can write inside a Drizzle transaction. */
function toDrizzleSql(text: string, values: unknown[] = []): SQL {
  const parts = text.split(/\$(\d+)/);
  const chunks: SQL[] = [sql.raw(parts[0])];
  for (let i = 1; i < parts.length; i += 2) {
    // Drizzle drops an undefined parameter: pass SQL null instead.
    chunks.push(sql`${values[Number(parts[i]) - 1] ?? null}`, sql.raw(parts[i + 1]));
  }
  return sql.join(chunks, sql.raw(''));
}

/** An executor pg-boss can use to enqueue inside `tx`: the job exists only if the transaction commits. */
export function transactionExecutor(tx: Tx | Db): PgBoss.Db {
  return {
    async executeSql(text: string, values?: unknown[]) {
      const result = (await tx.execute(toDrizzleSql(text, values))) as unknown as { rows: unknown[] };
      return { rows: result.rows };
    },
  };
}

async function createBoss(handle: DatabaseHandle): Promise<PgBoss> {
  const common = { schema: 'pgboss', migrate: true, supervise: true, schedule: true } as const;
  const boss =
    handle.driver === 'pg'
      ? new PgBoss({ ...common, connectionString: handle.url, max: 4, application_name: 'lodestar-jobs' })
      : new PgBoss({ ...common, db: pgliteExecutor(handle) });
  boss.on('error', (error) => console.error('[jobs]', error.message));
  await boss.start();
  return boss;
}

/** The process's pg-boss instance on the app database, started once. */
export function getBoss(): Promise<PgBoss> {
  if (!g.__lodestarBoss) {
    g.__lodestarBoss = getDatabase().then(createBoss);
    g.__lodestarBoss.catch(() => {
      g.__lodestarBoss = undefined;
    });
  }
  return g.__lodestarBoss;
}

/** Stops workers and timers (tests, shutdown); waits for active jobs up to `timeoutMs`. */
export async function stopBoss(timeoutMs = 10_000): Promise<void> {
  const pending = g.__lodestarBoss;
  g.__lodestarBoss = undefined;
  if (!pending) return;
  const boss = await pending.catch(() => null);
  await boss?.stop({ graceful: true, wait: true, timeout: timeoutMs, close: true });
}
