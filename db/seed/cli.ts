import { parseArgs } from 'node:util';
import { closeDatabase, getDatabase } from '../client';
import { DEMO_PASSWORD, isDatabaseEmpty, resetDatabase, seedDatabase } from './index';
import { isScaleName } from './scales';

// npm run db:seed -- [--scale test|demo|medium|large] [--reset] [--if-empty] [--anchor YYYY-MM-DD]
const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: 'demo' },
    reset: { type: 'boolean', default: false },
    'if-empty': { type: 'boolean', default: false },
    anchor: { type: 'string' },
  },
});

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
  console.log(`\nDemo logins (password for all: ${DEMO_PASSWORD}):`);
  for (const u of result.users.filter((u) => !/\d@/.test(u.email)))
    console.log(`  ${u.role.padEnd(14)} ${u.email}${u.active ? '' : '  (deactivated)'}`);
  await closeDatabase();
} catch (error) {
  console.error(`Seed failed: ${(error as Error).message}`);
  await closeDatabase().catch(() => {});
  process.exit(1);
}
