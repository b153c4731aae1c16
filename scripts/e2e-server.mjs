// Starts the built app on a fresh, seeded embedded database for the Playwright tests.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const port = process.argv[2] ?? '3210';
const dataDir = path.join(root, '.data', 'e2e-pglite');
fs.rmSync(dataDir, { recursive: true, force: true });
fs.rmSync(`${dataDir}.lock`, { force: true });
const env = {
  ...process.env,
  PGLITE_DIR: dataDir,
  AUTH_SECRET: 'e2e-only-secret-not-for-production',
  DATABASE_URL: '',
};
const seed = spawnSync(
  path.join(root, 'node_modules', '.bin', 'tsx'),
  ['db/seed/cli.ts', '--scale', process.env.E2E_SCALE ?? 'demo'],
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
