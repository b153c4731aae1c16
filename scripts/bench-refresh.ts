// `npm run bench:refresh [-- --runs 3 --warmup 1 --floor-runs 5 --workers on|off]`: the analytics refresh on DATABASE_URL (the
// large seed) against the per-customer aggregate of orders, measured in the same run, and their
// ratio (target ≤ 5 ×). `npm run bench` runs it too unless `--skip refresh`.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { closeDatabase } from '../db/client';
import { benchRefresh, printRefreshBench } from './bench/refresh';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '1' },
    'floor-runs': { type: 'string', default: '5' },
    out: { type: 'string', default: 'bench-results' },
    workers: { type: 'string' },
  },
});
if (!process.env.DATABASE_URL?.trim()) {
  console.error('Set DATABASE_URL to a PostgreSQL database with the large seed (npm run db:seed -- --scale large).');
  process.exit(2);
}
const workers = values.workers === 'on' ? true : values.workers === 'off' ? false : undefined;
const result = await benchRefresh({
  refreshRuns: Number(values.runs),
  warmup: Number(values.warmup),
  floorRuns: Number(values['floor-runs']),
  workers,
});
await closeDatabase();
printRefreshBench(result);
fs.mkdirSync(values.out!, { recursive: true });
const file = path.join(values.out!, `bench-refresh-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
fs.writeFileSync(file, JSON.stringify(result, null, 2));
console.log(`Saved ${file}`);
