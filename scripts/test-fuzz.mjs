// `npm run test:fuzz`: malformed requests against `next start` on PostgreSQL (e2e/fuzz). The test
// reads the database while the server runs, which the embedded database cannot share, so without
// PostgreSQL (E2E_DATABASE_URL or TEST_DATABASE_URL) it is skipped with a message.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

if (!process.env.E2E_DATABASE_URL && !process.env.TEST_DATABASE_URL) {
  console.log('Fuzz test skipped: it needs PostgreSQL (set TEST_DATABASE_URL or E2E_DATABASE_URL).');
  process.exit(0);
}
const playwright = path.join(import.meta.dirname, '..', 'node_modules', '.bin', 'playwright');
const result = spawnSync(playwright, ['test', '-c', 'playwright.fuzz.config.ts', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
