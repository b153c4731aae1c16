// The analytics refresh against its floor, on one database in one run (issue 9): the full refresh
// and the plain per-customer aggregate of all orders that any refresh must at least read.
// Target: refresh ≤ 5 × floor, the refresh timed as a user waits for it, from the call (lock,
// load, analyse, write) to the commit that makes the new snapshot current; the pruning of old runs
// after it is timed too, and the next measurement waits for it.
import os from 'node:os';
import { sql } from 'drizzle-orm';
import { getDatabase } from '../../db/client';
import { rows } from '../../db/rows';
import { refreshAnalytics } from '../../lib/analytics/refresh';

export const REFRESH_TARGET_RATIO = 5;

const FLOOR_QUERY = sql`select customer_id, count(*), sum(total), min(ordered_at), max(ordered_at) from orders group by customer_id`;

export type RefreshBench = {
  customers: number;
  orders: number;
  floorMs: number[];
  /** Until the new snapshot is current (what the ratio is about). */
  refreshMs: number[];
  /** Until the refresh returned, old runs pruned. */
  refreshDoneMs: number[];
  /** CPU time of this process (all its threads, not the database server) per refresh. */
  refreshCpuMs: number[];
  floorMedianMs: number;
  refreshMedianMs: number;
  refreshDoneMedianMs: number;
  ratio: number;
  target: number;
  /** Step times of the last refresh (ms). */
  steps: Record<string, number>;
  /** 1-minute load average of the machine before and after. */
  loadAverage: [number, number];
};

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * Times `refreshRuns` refreshes and `floorRuns` floor queries, interleaved (floor, refresh, floor, …)
 * so a busy machine weighs on both alike; medians and their ratio. Uses the process database
 * (DATABASE_URL), migrating it if needed; each refresh adds a run (older ones are pruned as usual).
 */
export async function benchRefresh({
  floorRuns = 5,
  refreshRuns = 3,
  warmup = 1,
  workers,
}: {
  floorRuns?: number;
  refreshRuns?: number;
  /**
   * Untimed refreshes first: they start the worker threads, which a long-running server keeps
   * (IDLE_WORKER_MS). Run from source (tsx, as here) a thread's start compiles the library, about a
   * second of CPU each; the server's bundle starts one cheaply.
   */
  warmup?: number;
  workers?: boolean;
} = {}): Promise<RefreshBench> {
  const loadBefore = os.loadavg()[0];
  const handle = await getDatabase();
  const timeFloor = async () => {
    const t0 = performance.now();
    await rows(handle.db, FLOOR_QUERY);
    return performance.now() - t0;
  };
  await timeFloor(); // warm the cache: the refresh reads the same pages
  for (let i = 0; i < warmup; i++) {
    const result = await refreshAnalytics({ trigger: 'cli', workers }, handle);
    if (!result.ok)
      throw new Error(result.reason === 'failed' ? `refresh failed: ${result.error}` : 'another refresh is running');
  }
  const floorMs: number[] = [];
  const refreshMs: number[] = [];
  const refreshDoneMs: number[] = [];
  const refreshCpuMs: number[] = [];
  let steps: Record<string, number> = {};
  let customers = 0;
  let orders = 0;
  for (let i = 0; i < Math.max(floorRuns, refreshRuns); i++) {
    if (i < floorRuns) floorMs.push(await timeFloor());
    if (i < refreshRuns) {
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      let visible = Number.NaN;
      const result = await refreshAnalytics(
        {
          trigger: 'cli',
          workers,
          onStep: (step) => {
            // 'prune' starts right after the commit that made the new snapshot current.
            if (step === 'prune') visible = performance.now() - t0;
          },
        },
        handle,
      );
      refreshDoneMs.push(performance.now() - t0);
      refreshMs.push(visible);
      const cpu = process.cpuUsage(cpu0);
      refreshCpuMs.push((cpu.user + cpu.system) / 1000);
      if (!result.ok)
        throw new Error(result.reason === 'failed' ? `refresh failed: ${result.error}` : 'another refresh is running');
      steps = result.timings;
      customers = result.customers;
      orders = result.orders;
    }
  }
  const floorMedianMs = median(floorMs);
  const refreshMedianMs = median(refreshMs);
  return {
    customers,
    orders,
    floorMs,
    refreshMs,
    refreshDoneMs,
    refreshCpuMs,
    floorMedianMs,
    refreshMedianMs,
    refreshDoneMedianMs: median(refreshDoneMs),
    ratio: refreshMedianMs / floorMedianMs,
    target: REFRESH_TARGET_RATIO,
    steps,
    loadAverage: [loadBefore, os.loadavg()[0]],
  };
}

export function printRefreshBench(r: RefreshBench): void {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(
    `\nAnalytics refresh (PostgreSQL): ${r.customers.toLocaleString('en-US')} customers scored from ${r.orders.toLocaleString('en-US')} orders`,
  );
  console.log(
    `  floor: per-customer aggregate of orders           median ${s(r.floorMedianMs)}  (${r.floorMs.map(s).join(', ')})`,
  );
  console.log(
    `  full refresh, until the new snapshot is current   median ${s(r.refreshMedianMs)}  (${r.refreshMs.map(s).join(', ')})`,
  );
  console.log(
    `  …and until old runs are pruned                    median ${s(r.refreshDoneMedianMs)}  (${r.refreshDoneMs.map(s).join(', ')})`,
  );
  console.log(
    `  ratio ${r.ratio.toFixed(1)} × floor (target ≤ ${r.target} ×)  ${r.ratio <= r.target ? 'ok' : 'OVER'};` +
      ` with pruning ${(r.refreshDoneMedianMs / r.floorMedianMs).toFixed(1)} ×`,
  );
  console.log(`  CPU time of this process per refresh (all its threads): ${r.refreshCpuMs.map(s).join(', ')}`);
  console.log(
    `  load average ${r.loadAverage.map((l) => l.toFixed(1)).join(' → ')} (1 min; ${os.cpus().length} cores)`,
  );
  console.log(
    `  steps (ms): ${Object.entries(r.steps)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
}
