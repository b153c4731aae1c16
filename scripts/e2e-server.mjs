// Starts the built app on a fresh, seeded database for the Playwright tests: an embedded PGlite
// folder, or, when E2E_DATABASE_URL is set, that PostgreSQL database, dropped and created anew
// (the fuzz test reads it directly to prove that no row changed).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startMailSink } from './e2e-mail-sink.mjs';

const root = path.resolve(import.meta.dirname, '..');
const port = process.argv[2] ?? '3210';
const databaseUrl = process.env.E2E_DATABASE_URL?.trim() ?? '';
const dataDir = path.join(root, '.data', 'e2e-pglite');

if (databaseUrl) {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`E2E_DATABASE_URL: unexpected database name "${name}"`);
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
} else {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(`${dataDir}.lock`, { force: true });
}
// Real mail both ways (issue 12): the app sends to a sink this script runs (the customer's
// mailbox; e2e/mail.ts reads it) and receives on its own inbound listener (LODESTAR_MAIL_IN), on a
// port derived from the app's so that servers on other ports do not collide (e2e/mail.ts too).
const mailSink = await startMailSink(path.join(root, '.data', `e2e-mail-${port}`));
const env = {
  ...process.env,
  PGLITE_DIR: dataDir,
  AUTH_SECRET: 'e2e-only-secret-not-for-production',
  DATABASE_URL: databaseUrl,
  // As behind one reverse proxy: a test may name its client's address in X-Forwarded-For, so that
  // journeys of different "visitors" are throttled per visitor (e2e/helpers.ts visitorPage).
  TRUSTED_PROXIES: '1',
  // The one satisfaction-survey link the e2e seed plants (db/seed/service.ts); e2e/helpers.ts E2E_CSAT_TOKEN.
  SEED_E2E_CSAT_TOKEN: 'e2eCsatTokenOnlyForTheEndToEndSeed000000000',
  // The one campaign member the e2e seed plants (db/seed/e2e-campaign.ts); e2e/helpers.ts E2E_CAMPAIGN_MEMBER.
  SEED_E2E_CAMPAIGN_MEMBER: 'e2e00000-0000-4000-8000-00000000c0de',
  SMTP_URL: `smtp://127.0.0.1:${mailSink.port}`,
  LODESTAR_MAIL_IN: 'on',
  MAIL_IN_PORT: String(Number(port) + 20000),
  // The Outbox's demo form stays on beside the real SMTP (e2e/outbox.spec.ts uses it).
  MAIL_SIMULATE_INBOUND: 'on',
  // Links in mail (the satisfaction survey) point at this server.
  APP_URL: `http://127.0.0.1:${port}`,
};
const seed = spawnSync(
  path.join(root, 'node_modules', '.bin', 'tsx'),
  ['--conditions', 'react-server', 'scripts/seed.ts', '--scale', process.env.E2E_SCALE ?? 'demo'],
  { cwd: root, env, stdio: 'inherit' },
);
if (seed.status !== 0) process.exit(seed.status ?? 1);
const server = spawn(path.join(root, 'node_modules', '.bin', 'next'), ['start', '-p', port, '-H', '127.0.0.1'], {
  cwd: root,
  env,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => mailSink.close().finally(() => process.exit(code ?? 0)));
