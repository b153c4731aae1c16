import { defineConfig, devices } from '@playwright/test';

// The fuzz test (e2e/fuzz): malformed requests against `next start` on a fresh, seeded PostgreSQL
// database, which the test reads directly to prove no row changed. Run after `next build`:
//   npm run test:fuzz   (E2E_DATABASE_URL, or TEST_DATABASE_URL's server with a `_fuzz` database)
// The database named there is dropped and created anew.

const PORT = Number(process.env.E2E_FUZZ_PORT ?? 3211);
const BASE_URL = `http://127.0.0.1:${PORT}`;

function databaseUrl(): string {
  if (process.env.E2E_DATABASE_URL) return process.env.E2E_DATABASE_URL;
  if (process.env.TEST_DATABASE_URL) {
    const url = new URL(process.env.TEST_DATABASE_URL);
    url.pathname = `${url.pathname}_fuzz`;
    return url.toString();
  }
  throw new Error('The fuzz test needs PostgreSQL: set E2E_DATABASE_URL (or TEST_DATABASE_URL).');
}
process.env.E2E_DATABASE_URL = databaseUrl();

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: BASE_URL,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-quic'],
    },
  },
  projects: [
    { name: 'setup', testMatch: /auth\.setup\.ts/, use: { ...devices['Desktop Chrome'] } },
    { name: 'fuzz', dependencies: ['setup'], testMatch: /fuzz\/.*\.fuzz\.ts/ },
  ],
  webServer: {
    command: `node scripts/e2e-server.mjs ${PORT}`,
    url: `${BASE_URL}/login`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    // No workers in this server (queues are still prepared): scheduled jobs such as the SLA breach
    // check write cases, notes and audit rows on their own clock, which would read as rows a
    // malformed request changed. What requests enqueue stays queued, outside the public schema.
    env: { E2E_DATABASE_URL: process.env.E2E_DATABASE_URL, LODESTAR_WORKERS: 'off' },
  },
});
