// Starts the built app on a fresh, seeded database for the Playwright tests: an embedded PGlite
// folder, or, when E2E_DATABASE_URL is set, that PostgreSQL database, dropped and created anew
// (the fuzz test reads it directly to prove that no row changed).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

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
server.on('exit', (code) => process.exit(code ?? 0));
