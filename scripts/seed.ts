import { parseArgs } from 'node:util';
import type { DatabaseHandle } from '../db/client';
import { closeDatabase, getDatabase } from '../db/client';
import { DEMO_PASSWORD, isDatabaseEmpty, resetDatabase, seedDatabase } from '../db/seed/index';
import { isScaleName } from '../db/seed/scales';
import { refreshAnalytics } from '../lib/analytics/refresh';
import { needsFirstRefresh } from '../lib/analytics/refresh-job';

// npm run db:seed -- [--scale test|demo|medium|large] [--reset] [--if-empty] [--anchor YYYY-MM-DD] [--no-refresh]
// Ends with an analytics refresh, so the demo shows scores from the first page view (with --if-empty
// on a database that has data, only when it has no snapshot yet).
const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: 'demo' },
    reset: { type: 'boolean', default: false },
    'if-empty': { type: 'boolean', default: false },
    anchor: { type: 'string' },
    'no-refresh': { type: 'boolean', default: false },
  },
});

async function refresh(handle: DatabaseHandle, asOf?: string): Promise<void> {
  if (values['no-refresh']) return;
  console.log('\nAnalytics refresh (scores, CLV, clusters) …');
  const result = await refreshAnalytics({ trigger: 'seed', asOf }, handle);
  if (result.ok)
    console.log(
      `✓ analytics: ${result.customers.toLocaleString('en-US')} customers scored (${(result.ms / 1000).toFixed(1)} s)`,
    );
  else if (result.reason === 'alreadyRunning') console.log('Analytics refresh skipped: another one is running.');
  else console.error(`Analytics refresh failed: ${result.error} (the app retries on its schedule).`);
}

if (!isScaleName(values.scale)) {
  console.error(`Unknown scale "${values.scale}". Use test, demo, medium or large.`);
  process.exit(2);
}
const anchor = values.anchor ? new Date(`${values.anchor}T00:00:00Z`) : undefined;
if (anchor && Number.isNaN(anchor.getTime())) {
  console.error('--anchor must be a date like 2026-11-22.');
  process.exit(2);
}

try {
  const handle = await getDatabase();
  console.log(`Database: ${handle.driver} (${handle.location})`);
  if (!(await isDatabaseEmpty(handle))) {
    if (values['if-empty']) {
      console.log('The database already has data; nothing to seed.');
      if (await needsFirstRefresh()) await refresh(handle);
      await closeDatabase();
      process.exit(0);
    }
    if (!values.reset) {
      console.error('The database already has data. Run again with --reset to replace it (everything is deleted).');
      await closeDatabase();
      process.exit(1);
    }
    console.log('Deleting existing data (--reset)…');
    await resetDatabase(handle);
  }
  const result = await seedDatabase(handle, { scale: values.scale, anchor, log: (m) => console.log(m) });
  console.log(`\nSeeded in ${result.seconds.toFixed(1)} s (anchor ${result.anchor.toISOString().slice(0, 10)}):`);
  for (const [table, n] of Object.entries(result.counts))
    console.log(`  ${table.padEnd(12)} ${n.toLocaleString('en-US')}`);
  await refresh(handle, values.anchor ? anchorDay(result.anchor) : undefined);
  console.log(`\nDemo logins (password for all: ${DEMO_PASSWORD}):`);
  for (const u of result.users.filter((u) => !/\d@/.test(u.email)))
    console.log(`  ${u.role.padEnd(14)} ${u.email}${u.active ? '' : '  (deactivated)'}`);
  await closeDatabase();
} catch (error) {
  console.error(`Seed failed: ${(error as Error).message}`);
  await closeDatabase().catch(() => {});
  process.exit(1);
}

/** The anchor's day: the seed's data ends there, so a given anchor is also the analytics as-of day. */
function anchorDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}
