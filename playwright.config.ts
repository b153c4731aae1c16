import fs from 'node:fs';
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

// Debian's Chromium: Playwright cannot download its own browsers here. Each user's main journey
// runs in the browser itself (/usr/bin/chromium, package chromium); the rest of the suite runs in
// the same Debian build's headless shell (package chromium-headless-shell, the "old headless" that
// Playwright itself runs headless tests in), when it is installed. Measured on the customers and
// pipeline specs: 136 CPU-seconds against 188 in the full browser, 112 s against 141 s of wall time,
// on two cores the browsers otherwise fill. The flags keep either from reaching for the network,
// which this machine refuses.
const FULL_BROWSER = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HEADLESS_SHELL = fs.existsSync('/usr/bin/chromium-headless-shell')
  ? '/usr/bin/chromium-headless-shell'
  : FULL_BROWSER;
/** The journeys a user of each role came for (the main journeys), in the full browser. */
const MAIN_JOURNEYS = /(sales-journey|service-journey|customers|segments|campaigns|embedded)\.spec\.ts$/;
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
    launchOptions: { executablePath: HEADLESS_SHELL, args: chromiumArgs },
  },
  projects: [
    { name: 'setup', testMatch: /.*\.setup\.ts/, use: { ...devices['Desktop Chrome'] } },
    {
      name: 'chromium',
      dependencies: ['setup'],
      testMatch: MAIN_JOURNEYS,
      testIgnore: /embedded\.spec\.ts/,
      use: {
        ...devices['Desktop Chrome'],
        locale: 'en-US',
        launchOptions: { executablePath: FULL_BROWSER, args: chromiumArgs },
      },
    },
    {
      name: 'headless-shell',
      dependencies: ['setup'],
      testIgnore: [/.*\.setup\.ts/, MAIN_JOURNEYS],
      use: { ...devices['Desktop Chrome'], locale: 'en-US' },
    },
    {
      name: 'embedded',
      testMatch: /embedded\.spec\.ts/,
      use: {
        ...devices['Desktop Chrome'],
        locale: 'en-US',
        baseURL: EMBEDDED_URL,
        launchOptions: { executablePath: FULL_BROWSER, args: chromiumArgs },
      },
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
