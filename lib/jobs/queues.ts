import 'server-only';
import type PgBoss from 'pg-boss';
import type { Db, Tx } from '@/db/types';
import { getBoss, transactionExecutor } from './boss';

/**
 * A queue: its name, its pg-boss policy and its handler. Handlers must be idempotent: delivery is
 * at least once (a worker stopped mid-job leaves the job to be retried after it expires).
 */
export type JobDefinition<T extends object> = {
  name: string;
  /** 'stately': at most one waiting and one running (refreshes); 'standard': any number. */
  policy: PgBoss.QueuePolicy;
  /** How long a running job may take before pg-boss considers it lost and retries it. */
  expireInSeconds: number;
  retryLimit?: number;
  /**
   * Jobs one poll of a worker takes (default 1), run one after another, each completed or failed
   * on its own. pg-boss polls every 2 s: with one job a poll a queue drains at half a job a second,
   * so a queue that fills in bursts (mail) takes more.
   */
  batchSize?: number;
  handler: (data: T, job: { id: string }) => Promise<void>;
};

const created = new Set<string>();

/**
 * Creates (or updates) the queue. Call it once before enqueueing inside a transaction: on the
 * embedded database a query outside the open transaction would wait for it to end.
 */
export async function prepareQueue(
  def: Pick<JobDefinition<object>, 'name' | 'policy' | 'expireInSeconds' | 'retryLimit'>,
) {
  await ensureQueue(await getBoss(), def);
}

async function ensureQueue(
  boss: PgBoss,
  def: Pick<JobDefinition<object>, 'name' | 'policy' | 'expireInSeconds' | 'retryLimit'>,
) {
  if (created.has(def.name)) return;
  const existing = await boss.getQueue(def.name);
  const options = {
    name: def.name,
    policy: def.policy,
    expireInSeconds: def.expireInSeconds,
    retryLimit: def.retryLimit ?? 1,
    retryDelay: 30,
  };
  if (existing) await boss.updateQueue(def.name, options);
  else await boss.createQueue(def.name, options);
  created.add(def.name);
}

/**
 * Adds a job. `tx` says where, and is never left out: the transaction the job belongs to (it is
 * written there and exists only if the transaction commits), or null outside any transaction
 * (pg-boss's own connection; inside a transaction on the embedded database that would wait for the
 * transaction forever). Returns the job id, or null when the queue's policy refused it (a refresh
 * already waiting).
 */
export async function enqueue<T extends object>(
  def: JobDefinition<T>,
  data: T,
  options: {
    tx: Tx | Db | null;
    singletonKey?: string;
    startAfterSeconds?: number;
    /** Jobs of higher priority are taken first (default 0). */
    priority?: number;
  },
): Promise<string | null> {
  if (options.tx && !created.has(def.name)) {
    throw new Error(`enqueue(${def.name}) inside a transaction needs prepareQueue() first (at start-up)`);
  }
  const boss = await getBoss();
  if (!options.tx) await ensureQueue(boss, def as JobDefinition<object>);
  return boss.send(def.name, data, {
    singletonKey: options.singletonKey,
    ...(options.priority === undefined ? {} : { priority: options.priority }),
    // As an instant: pg-boss's SQL casts a seconds value to a timestamp too inside a Drizzle
    // transaction (the CASE does not guard the cast once parameters are bound), which fails.
    startAfter:
      options.startAfterSeconds === undefined ? undefined : new Date(Date.now() + options.startAfterSeconds * 1000),
    ...(options.tx ? { db: transactionExecutor(options.tx) } : {}),
  });
}

/**
 * Adds many jobs of one queue in one statement (pg-boss `insert`), inside `tx` like enqueue (the
 * jobs exist only if it commits; prepareQueue() first) or, with null, on pg-boss's own connection.
 * The queue's retry and expiry settings apply as for enqueue.
 */
export async function enqueueMany<T extends object>(
  def: JobDefinition<T>,
  jobs: { data: T; singletonKey?: string }[],
  options: { tx: Tx | Db | null },
): Promise<void> {
  if (jobs.length === 0) return;
  if (options.tx && !created.has(def.name)) {
    throw new Error(`enqueueMany(${def.name}) inside a transaction needs prepareQueue() first (at start-up)`);
  }
  const boss = await getBoss();
  if (!options.tx) await ensureQueue(boss, def as JobDefinition<object>);
  await boss.insert(
    jobs.map((j) => ({ name: def.name, data: j.data, singletonKey: j.singletonKey })),
    options.tx ? { db: transactionExecutor(options.tx) } : {},
  );
}

/**
 * Runs a queue's handler for its jobs in this process, one job at a time: each poll takes up to
 * `def.batchSize` jobs; a job whose handler throws is failed alone (retried by the queue's
 * settings) and the others of its batch still run and complete.
 */
export async function work<T extends object>(def: JobDefinition<T>, options: { pollingIntervalSeconds?: number } = {}) {
  const boss = await getBoss();
  await ensureQueue(boss, def as JobDefinition<object>);
  return boss.work<T>(
    def.name,
    {
      batchSize: def.batchSize ?? 1,
      pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
      includeMetadata: true,
    },
    async (jobs) => {
      if (jobs.length === 1) {
        await def.handler(jobs[0].data, { id: jobs[0].id });
        return;
      }
      // pg-boss takes the batch in priority and age order but hands it over in no order.
      const ordered = [...jobs].sort(
        (a, b) => b.priority - a.priority || a.createdOn.getTime() - b.createdOn.getTime() || a.id.localeCompare(b.id),
      );
      for (const job of ordered) {
        try {
          await def.handler(job.data, { id: job.id });
        } catch (error) {
          // pg-boss completes the batch's other jobs when this function returns; a failed one
          // keeps its state (complete touches active jobs only) and is retried like any other.
          await boss.fail(def.name, job.id, error instanceof Error ? { message: error.message } : { error });
        }
      }
    },
  );
}

/** Enqueues the job on a cron schedule (in the given IANA time zone); replaces an earlier schedule of the queue. */
export async function scheduleJob<T extends object>(def: JobDefinition<T>, cron: string, data: T, tz = 'UTC') {
  const boss = await getBoss();
  await ensureQueue(boss, def as JobDefinition<object>);
  await boss.schedule(def.name, cron, data, { tz });
}

export async function unscheduleJob(def: Pick<JobDefinition<object>, 'name'>) {
  const boss = await getBoss();
  await boss.unschedule(def.name);
}

/** How many jobs of the queue are waiting or running (not yet completed, failed or cancelled). */
export async function pendingJobs(def: Pick<JobDefinition<object>, 'name'>): Promise<number> {
  const boss = await getBoss();
  return boss.getQueueSize(def.name, { before: 'completed' });
}

/** A job's state as pg-boss records it (for progress pages and tests). */
export async function getJob(def: Pick<JobDefinition<object>, 'name'>, id: string) {
  const boss = await getBoss();
  return boss.getJobById(def.name, id);
}
