// The analytics refresh against its floor, on one database in one run (issue 9): the full refresh
// (load, analyse, write, publish, prune) and the plain per-customer aggregate of all orders that any
// refresh must at least read. Target: refresh ≤ 5 × floor.
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
  refreshMs: number[];
  floorMedianMs: number;
  refreshMedianMs: number;
  ratio: number;
  target: number;
  /** Step times of the last refresh (ms). */
  steps: Record<string, number>;
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
export async function benchRefresh({ floorRuns = 5, refreshRuns = 1 } = {}): Promise<RefreshBench> {
  const handle = await getDatabase();
  const timeFloor = async () => {
    const t0 = performance.now();
    await rows(handle.db, FLOOR_QUERY);
    return performance.now() - t0;
  };
  await timeFloor(); // warm the cache: the refresh reads the same pages
  const floorMs: number[] = [];
  const refreshMs: number[] = [];
  let steps: Record<string, number> = {};
  let customers = 0;
  let orders = 0;
  for (let i = 0; i < Math.max(floorRuns, refreshRuns); i++) {
    if (i < floorRuns) floorMs.push(await timeFloor());
    if (i < refreshRuns) {
      const t0 = performance.now();
      const result = await refreshAnalytics({ trigger: 'cli' }, handle);
      refreshMs.push(performance.now() - t0);
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
    floorMedianMs,
    refreshMedianMs,
    ratio: refreshMedianMs / floorMedianMs,
    target: REFRESH_TARGET_RATIO,
    steps,
  };
}

export function printRefreshBench(r: RefreshBench): void {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(
    `\nAnalytics refresh (PostgreSQL): ${r.customers.toLocaleString('en-US')} customers scored from ${r.orders.toLocaleString('en-US')} orders`,
  );
  console.log(
    `  floor: per-customer aggregate of orders  median ${s(r.floorMedianMs)}  (${r.floorMs.map(s).join(', ')})`,
  );
  console.log(
    `  full refresh                             median ${s(r.refreshMedianMs)}  (${r.refreshMs.map(s).join(', ')})`,
  );
  console.log(`  ratio ${r.ratio.toFixed(1)} × floor (target ≤ ${r.target} ×)  ${r.ratio <= r.target ? 'ok' : 'OVER'}`);
  console.log(
    `  steps (ms): ${Object.entries(r.steps)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
}
