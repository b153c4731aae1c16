import { defineConfig, devices } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 3210);

// The server's database: the embedded one (PGlite), as a new user starts; or the PostgreSQL database
// E2E_DATABASE_URL names (dropped and created anew), with e2e/embedded.spec.ts then run against a
// second server on PGlite. (Measured: the journeys ran about 13 % slower on PostgreSQL here, where
// its backends compete with two browsers for two cores, so CI keeps PGlite.)

export const BASE_URL = `http://127.0.0.1:${PORT}`;
/** On PostgreSQL, a second server on the embedded database for e2e/embedded.spec.ts; else the one server. */
const onPostgres = Boolean(process.env.E2E_DATABASE_URL);
const EMBEDDED_URL = onPostgres ? `http://127.0.0.1:${PORT + 5}` : BASE_URL;

// Debian's Chromium: Playwright cannot download its own browsers here. The flags keep it from
// reaching for the network, which this machine refuses.
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    baseURL: BASE_URL,
    // A trace (DOM snapshots and screenshots at every step) is recorded for a retry only: recording
    // one for every test, to keep the failures', cost the browsers a large share of CI's two cores.
    trace: 'on-first-retry',
    screenshot: 'only-on-failure',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs },
  },
  projects: [
    { name: 'setup', testMatch: /.*\.setup\.ts/, use: { ...devices['Desktop Chrome'] } },
    {
      name: 'chromium',
      dependencies: ['setup'],
      testIgnore: [/.*\.setup\.ts/, /embedded\.spec\.ts/],
      use: { ...devices['Desktop Chrome'], locale: 'en-US' },
    },
    {
      name: 'embedded',
      testMatch: /embedded\.spec\.ts/,
      use: { ...devices['Desktop Chrome'], locale: 'en-US', baseURL: EMBEDDED_URL },
    },
  ],
  webServer: [
    {
      // A fresh database (PostgreSQL or embedded, above) seeded with the demo data, served by
      // `next start` (built by test:e2e).
      command: `node scripts/e2e-server.mjs ${PORT}`,
      url: `${BASE_URL}/login`,
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: 'pipe',
    },
    ...(onPostgres
      ? [
          {
            command: `node scripts/e2e-server.mjs ${PORT + 5}`,
            url: `${EMBEDDED_URL}/login`,
            timeout: 180_000,
            reuseExistingServer: false,
            env: { ...(process.env as Record<string, string>), E2E_DATABASE_URL: '' },
          },
        ]
      : []),
  ],
});
