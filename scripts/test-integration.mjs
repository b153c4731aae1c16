// Integration tests on PGlite, then on PostgreSQL when TEST_DATABASE_URL is set.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const vitest = path.join(import.meta.dirname, '..', 'node_modules', '.bin', 'vitest');
const drivers = process.env.TEST_DATABASE_URL ? ['pglite', 'pg'] : ['pglite'];
if (!process.env.TEST_DATABASE_URL) console.log('TEST_DATABASE_URL is not set: integration tests run on PGlite only.');
for (const driver of drivers) {
  console.log(`\n== integration tests on ${driver === 'pg' ? 'PostgreSQL' : 'PGlite'} ==`);
  const result = spawnSync(vitest, ['run', '--project', 'integration', ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, TEST_DRIVER: driver },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
