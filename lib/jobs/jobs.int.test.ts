import PgBoss from 'pg-boss';
import { afterAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { setupTestDatabase } from '@/lib/testing/db';
import { getBoss, stopBoss } from './boss';
import { enqueue, type JobDefinition, prepareQueue, work } from './queues';

const database = setupTestDatabase();
afterAll(() => stopBoss(2_000));

const until = async (check: () => boolean, ms = 20_000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for jobs');
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe('jobs on the app database (pg-boss)', () => {
  it('a job enqueued in a transaction exists only if the transaction commits, and runs once', async () => {
    const seen: string[] = [];
    const def: JobDefinition<{ tag: string }> = {
      name: 'test-tx',
      policy: 'standard',
      expireInSeconds: 60,
      handler: async ({ tag }) => {
        seen.push(tag);
      },
    };
    await prepareQueue(def);
    await db
      .transaction(async (tx) => {
        await enqueue(def, { tag: 'rolled-back' }, { tx });
        throw new Error('roll back');
      })
      .catch(() => {});
    await db.transaction(async (tx) => {
      await enqueue(def, { tag: 'committed' }, { tx });
    });
    await work(def, { pollingIntervalSeconds: 0.5 });
    await until(() => seen.length >= 1);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(seen).toEqual(['committed']);
  });

  it('a stately queue keeps at most one job waiting: a second refresh request is refused', async () => {
    const def: JobDefinition<object> = {
      name: 'test-stately',
      policy: 'stately',
      expireInSeconds: 60,
      handler: async () => {},
    };
    const first = await enqueue(def, {}, { tx: null });
    const second = await enqueue(def, {}, { tx: null });
    expect(first).toEqual(expect.any(String));
    expect(second).toBeNull();
  });

  it('two servers working one queue handle each job exactly once (PostgreSQL)', async (ctx) => {
    if (database.handle.driver !== 'pg') ctx.skip();
    const handled = new Map<number, number>();
    const def: JobDefinition<{ n: number }> = {
      name: 'test-shared',
      policy: 'standard',
      expireInSeconds: 60,
      handler: async ({ n }) => {
        handled.set(n, (handled.get(n) ?? 0) + 1);
      },
    };
    const boss = await getBoss();
    await boss.createQueue(def.name);
    await boss.insert(Array.from({ length: 200 }, (_, n) => ({ name: def.name, data: { n } })));
    // A second "server": its own pg-boss on the same database.
    const other = new PgBoss({
      connectionString: database.handle.url,
      schema: 'pgboss',
      supervise: false,
      schedule: false,
    });
    await other.start();
    try {
      const handler = async (jobs: PgBoss.Job<{ n: number }>[]) => {
        for (const job of jobs) await def.handler(job.data, { id: job.id });
      };
      await boss.work(def.name, { batchSize: 10, pollingIntervalSeconds: 0.5 }, handler);
      await other.work(def.name, { batchSize: 10, pollingIntervalSeconds: 0.5 }, handler);
      await until(() => handled.size === 200, 30_000);
      await new Promise((r) => setTimeout(r, 1_000));
      expect([...handled.values()].every((count) => count === 1)).toBe(true);
    } finally {
      await other.stop({ graceful: false, close: true, wait: true });
    }
  });

  it('a batch worker runs the higher-priority jobs first, and a job that throws fails alone while the rest complete', async () => {
    const order: string[] = [];
    const def: JobDefinition<{ tag: string }> = {
      name: 'test-batch',
      policy: 'standard',
      expireInSeconds: 60,
      retryLimit: 0,
      batchSize: 10,
      handler: async ({ tag }) => {
        order.push(tag);
        if (tag === 'bad') throw new Error('refused');
      },
    };
    await prepareQueue(def);
    const ids: Record<string, string | null> = {};
    for (const tag of ['late-1', 'bad', 'late-2']) ids[tag] = await enqueue(def, { tag }, { tx: null });
    ids.urgent = await enqueue(def, { tag: 'urgent' }, { tx: null, priority: 10 });
    await work(def, { pollingIntervalSeconds: 0.5 });
    await until(() => order.length >= 4);
    await new Promise((r) => setTimeout(r, 1_000));
    // One poll took all four, the urgent one first although it was queued last.
    expect(order).toEqual(['urgent', 'late-1', 'bad', 'late-2']);
    const boss = await getBoss();
    const states: Record<string, string | undefined> = {};
    for (const [tag, id] of Object.entries(ids)) states[tag] = (await boss.getJobById(def.name, id!))?.state;
    expect(states).toEqual({ 'late-1': 'completed', bad: 'failed', 'late-2': 'completed', urgent: 'completed' });
  });
});
