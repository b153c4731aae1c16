// `npm run analytics:refresh [-- --as-of YYYY-MM-DD]`: recomputes the analytics snapshot now, in this
// process, for operators and cron. Uses DATABASE_URL, or the embedded database when the app is not
// running (only one process may open it). Exit code 0 done, 1 failed, 3 another refresh is running.
import { parseArgs } from 'node:util';
import { closeDatabase, getDatabase } from '../db/client';
import { refreshAnalytics } from '../lib/analytics/refresh';

const { values } = parseArgs({ options: { 'as-of': { type: 'string' } } });
const asOf = values['as-of'];
if (asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) {
  console.error('--as-of must be a date like 2026-11-30.');
  process.exit(2);
}

const handle = await getDatabase();
console.log(`Analytics refresh on ${handle.driver} (${handle.location})`);
const started = Date.now();
const result = await refreshAnalytics({
  trigger: 'cli',
  asOf,
  onStep: (step) => console.log(`  ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s  ${step}`),
});
await closeDatabase();
if (result.ok) {
  console.log(
    `Done in ${(result.ms / 1000).toFixed(1)} s: ${result.customers.toLocaleString('en-US')} customers scored from ` +
      `${result.orders.toLocaleString('en-US')} orders (run ${result.runId}).`,
  );
  console.log(
    `Steps (ms): ${Object.entries(result.timings)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  process.exit(0);
}
if (result.reason === 'alreadyRunning') {
  console.error('Refused: another analytics refresh is running now. Try again when it has finished.');
  process.exit(3);
}
console.error(`Refresh failed (run ${result.runId}): ${result.error}`);
console.error('The previous snapshot is still the one pages show.');
process.exit(1);
