import 'server-only';
import { type SQL, sql } from 'drizzle-orm';
import { customerScores } from '@/db/schema';
import type { Db, Tx } from '@/db/types';

// customer_scores is partitioned by run (migration 0033): each run's rows live in a table of their
// own. A refresh loads its run's table bare, builds the table's indexes in one pass each, and
// attaches it, all in the transaction that publishes the run: a failed run leaves no table behind
// and readers never see a part of one. Pruning a run drops its table: no dead rows for vacuum.
// (Inserting a run's 87k rows into the indexes of a table holding every kept run took twice as
// long as loading a fresh table and indexing it, and far longer once the deleted runs piled up.)

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The name of a run's table of scores: customer_scores_<the run id's 32 hex digits>. */
export function scoresPartition(runId: string): string {
  if (!UUID.test(runId)) throw new Error(`not a run id: ${runId}`);
  return `customer_scores_${runId.replace(/-/g, '').toLowerCase()}`;
}

const table = (runId: string): SQL => sql`${sql.identifier(scoresPartition(runId))}`;
/** The run id as a literal (DDL takes no parameters; scoresPartition has checked it is a uuid). */
function runLiteral(runId: string): SQL {
  scoresPartition(runId);
  return sql.raw(`'${runId}'::uuid`);
}

/** A bare table (columns and NOT NULLs, no index) for a run's rows, to load and then attach. */
export async function createScoresTable(tx: Tx, runId: string): Promise<string> {
  await tx.execute(sql`create table ${table(runId)} (like ${customerScores})`);
  return scoresPartition(runId);
}

/**
 * Indexes a loaded run table as customer_scores indexes its partitions (the primary key and
 * customer_scores_clv_idx, which the attach then adopts) and makes it the run's partition. The
 * attach checks every row belongs to the run (one scan of the table).
 */
export async function attachScoresTable(tx: Tx, runId: string): Promise<void> {
  const name = scoresPartition(runId);
  await tx.execute(
    sql`alter table ${table(runId)} add constraint ${sql.identifier(`${name}_pk`)} primary key (run_id, customer_id)`,
  );
  await tx.execute(
    sql`create index ${sql.identifier(`${name}_clv_idx`)} on ${table(runId)}
        (run_id, predicted_clv desc nulls last, customer_id desc)`,
  );
  await tx.execute(
    sql`alter table ${customerScores} attach partition ${table(runId)} for values in (${runLiteral(runId)})`,
  );
}

/** An empty partition for a run (tests that write score rows themselves). */
export async function createScoresPartition(executor: Db | Tx, runId: string): Promise<void> {
  await executor.execute(
    sql`create table if not exists ${table(runId)} partition of ${customerScores} for values in (${runLiteral(runId)})`,
  );
}

/**
 * Drops the tables of runs being deleted (a run that never got one, a failed run, is skipped).
 * Dropping a partition takes an ACCESS EXCLUSIVE lock on customer_scores. A lock request that
 * waits queues every later reader of customer_scores behind it (the customer list, dashboards and
 * 360 pages of every run, not only the pruned ones), so the lock is asked for with NOWAIT: while a
 * reader holds customer_scores this fails at once (LockNotAvailable, see isLockNotAvailable) and
 * the caller tries again later, instead of holding every reader up for as long as it waits.
 */
export async function dropScoresTables(tx: Tx, runIds: readonly string[]): Promise<void> {
  if (runIds.length === 0) return;
  await tx.execute(sql`lock table ${customerScores} in access exclusive mode nowait`);
  for (const runId of runIds) await tx.execute(sql`drop table if exists ${table(runId)}`);
}

/** Whether an error (or the driver error it wraps) is PostgreSQL's lock_not_available (55P03). */
export function isLockNotAvailable(error: unknown): boolean {
  for (let e = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause)
    if ((e as { code?: unknown }).code === '55P03') return true;
  return false;
}
