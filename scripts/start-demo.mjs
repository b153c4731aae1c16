// `npm run demo`: build when the sources changed, seed the demo data when the database is empty,
// start the app, and print how to log in. Uses PostgreSQL when DATABASE_URL is set, otherwise the
// embedded database in .data/pglite (PGLITE_DIR to move it).
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const port = process.env.PORT ?? '3000';
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
process.chdir(root);

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** A hash of everything `next build` reads, so an unchanged checkout starts without rebuilding. */
function sourceHash() {
  const hash = createHash('sha256');
  const skip = new Set([
    'node_modules',
    '.next',
    '.data',
    '.git',
    'e2e',
    'test-results',
    'playwright-report',
    'analytics-out',
  ]);
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (skip.has(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(tsx?|mjs|js|json|css)$/.test(entry.name)) hash.update(full).update(fs.readFileSync(full));
    }
  };
  walk(root);
  return hash.digest('hex');
}

const stamp = path.join(root, '.next', 'lodestar-source-hash');
const current = sourceHash();
if (
  !fs.existsSync(path.join(root, '.next', 'BUILD_ID')) ||
  !fs.existsSync(stamp) ||
  fs.readFileSync(stamp, 'utf8') !== current
) {
  console.log('Building the app (first start, or the sources changed)…');
  run(bin('next'), ['build']);
  fs.writeFileSync(stamp, current);
} else {
  console.log('Build is up to date.');
}

const env = { ...process.env, LODESTAR_DEMO: '1', PORT: port };
// Links in mail (campaign tracking and unsubscribe, satisfaction surveys) point at this server: on
// another PORT than 3000 they would otherwise name localhost:3000 (lib/service/csat.ts publicBaseUrl).
if (!env.APP_URL && !env.AUTH_URL) env.APP_URL = `http://localhost:${port}`;
// A stable secret for session cookies, kept beside the embedded data.
if (!env.AUTH_SECRET) {
  const file = path.join(root, '.data', 'auth-secret');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  env.AUTH_SECRET = fs.readFileSync(file, 'utf8').trim();
}

// Seed in its own process before the server opens the database (only one process may open PGlite).
run(
  bin('tsx'),
  ['--conditions', 'react-server', 'scripts/seed.ts', '--scale', process.env.SEED_SCALE ?? 'demo', '--if-empty'],
  env,
);

const server = spawn(bin('next'), ['start', '-p', port], { stdio: ['inherit', 'pipe', 'inherit'], env });
server.stdout.pipe(process.stdout);
let announced = false;
let checking = false;
server.stdout.on('data', async () => {
  if (announced || checking) return;
  checking = true;
  for (let i = 0; i < 60 && !announced; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/login`);
      if (res.ok) {
        announced = true;
        console.log(`
Lodestar CRM is running at http://localhost:${port}
Database: ${process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `embedded PostgreSQL in ${process.env.PGLITE_DIR ?? '.data/pglite'}`}

Demo logins (password for every account: lodestar-demo):
  admin@lodestar.test      administrator (users, settings, audit log)
  manager@lodestar.test    sales and service manager
  rep@lodestar.test        sales rep (rep2 … rep6 too)
  agent@lodestar.test      service agent (agent2 … agent4 too)
  marketer@lodestar.test   marketer
Press Ctrl+C to stop.`);
      }
    } catch {
      await new Promise((r) => setTimeout(r, 500));
    }
  }
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
