// npm run bench:import [-- --lines 540000 --pg-only | --pglite-only --rerun --keep]
//
// Generates an order-line file of the issue's shape (540k lines, 26k orders, 4.4k customers, 2%
// cancellation lines, 25% lines without a customer, 4k products) and imports it, as the CLI does,
// into a scratch PostgreSQL database (lodestar_oi_bench on the server DATABASE_URL points at; it is
// dropped and created, never any other) and into an embedded PGlite, printing wall time and rows/s.
// --rerun imports the same file a second time and checks that nothing changes (idempotence).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { type DatabaseHandle, openDatabase, setDatabase } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { rows } from '../db/rows';
import { customers, orderImports, orderItems, orders, products, users } from '../db/schema';
import { stopBoss } from '../lib/jobs/boss';
import { planFileImport } from '../lib/sales/order-import/from-file';
import { createOrderImport } from '../lib/sales/order-import/imports';
import { runOrderImport } from '../lib/sales/order-import/runner';
import { CreateOrderImportSchema } from '../lib/sales/order-import/schemas';
import { ISSUE_SHAPE, writeOrderLines } from './bench/order-lines';

const { values } = parseArgs({
  options: {
    lines: { type: 'string' },
    'pg-only': { type: 'boolean', default: false },
    'pglite-only': { type: 'boolean', default: false },
    rerun: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});

const BENCH_DB = 'lodestar_oi_bench';
const TARGET_SECONDS = 60;

// Each database in its own process: the job queue (pg-boss, which a finished import uses to queue
// the analytics refresh) is one per process and database.
if (!values['pg-only'] && !values['pglite-only']) {
  const args = process.argv.slice(2);
  for (const only of ['--pg-only', '--pglite-only']) {
    const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1], ...args, only], {
      stdio: 'inherit',
    });
    if (child.status !== 0) process.exit(child.status ?? 1);
  }
  process.exit(0);
}

const lines = values.lines ? Number(values.lines) : ISSUE_SHAPE.lines;
const scale = lines / ISSUE_SHAPE.lines;
const shape = {
  ...ISSUE_SHAPE,
  lines,
  orders: Math.max(10, Math.round(ISSUE_SHAPE.orders * scale)),
  customers: Math.max(5, Math.round(ISSUE_SHAPE.customers * Math.sqrt(scale))),
  products: Math.max(5, Math.round(ISSUE_SHAPE.products * Math.sqrt(scale))),
};
const dir = path.resolve('.data/bench');
mkdirSync(dir, { recursive: true });
const file = path.join(dir, `order-lines-${shape.lines}.csv`);
if (!existsSync(file)) {
  const t = performance.now();
  const written = writeOrderLines(file, shape);
  console.log(
    `Generated ${file}: ${written.lines.toLocaleString('en-US')} lines, ${(written.bytes / 1e6).toFixed(1)} MB in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
} else console.log(`Using ${file} (${(statSync(file).size / 1e6).toFixed(1)} MB)`);
console.log(
  `Shape: ${shape.lines.toLocaleString('en-US')} lines, ${shape.orders.toLocaleString('en-US')} orders, ${shape.customers.toLocaleString('en-US')} customers, ${shape.products.toLocaleString('en-US')} products, ${shape.cancelShare * 100}% cancellation lines, ${shape.guestShare * 100}% lines without a customer`,
);
console.log(
  `Machine: ${os.cpus().length} cores, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}\n`,
);

type Run = { seconds: number; outcome: string; counts: Record<string, number> };

async function importOnce(handle: DatabaseHandle): Promise<Run> {
  setDatabase(handle);
  const [admin] = await handle.db
    .select({ userId: users.id, role: users.role, name: users.name, email: users.email, locale: users.locale })
    .from(users)
    .limit(1);
  const plan = await planFileImport(file, {
    timeZone: 'Europe/London',
    createCustomers: true,
    dateFormat: 'M/D/YYYY H:mm',
  });
  if (!plan.ok) throw new Error(plan.problem);
  const created = await createOrderImport(admin, CreateOrderImportSchema.parse(plan.input), {
    path: file,
    queue: false,
  });
  if (!created.ok) throw new Error(created.reason);
  const started = performance.now();
  const outcome = await runOrderImport(created.id, {
    onChunk: (p) =>
      process.stdout.write(
        `\r  ${((p.byteOffset / p.fileSize) * 100).toFixed(0)}% · ${Math.round(p.rowsPerSecond).toLocaleString('en-US')} rows/s   `,
      ),
  });
  const seconds = (performance.now() - started) / 1000;
  const [job] = await rows<{ counts: Record<string, number> }>(
    handle.db,
    sql`select ${orderImports.counts} as counts from ${orderImports} where ${orderImports.id} = ${created.id}`,
  );
  process.stdout.write('\r');
  return { seconds, outcome, counts: job.counts };
}

async function tableSizes(handle: DatabaseHandle) {
  const [r] = await rows<Record<string, number>>(
    handle.db,
    sql`select (select count(*)::int from ${orders} where ${orders.kind} = 'sale') as sales,
               (select count(*)::int from ${orders} where ${orders.kind} = 'return') as returns,
               (select count(*)::int from ${orderItems}) as items,
               (select count(*)::int from ${customers}) as customers,
               (select count(*)::int from ${products}) as products,
               (select coalesce(sum(${orders.total}), 0)::text from ${orders}) as net`,
  );
  return r;
}

async function bench(label: string, handle: DatabaseHandle) {
  await migrateDatabase(handle);
  await handle.db
    .insert(users)
    .values({ email: 'bench@lodestar.test', name: 'Bench', passwordHash: 'x', role: 'admin' });
  console.log(`${label}`);
  const first = await importOnce(handle);
  const rate = Math.round(first.counts.rowsRead / first.seconds);
  const verdict = label.startsWith('PostgreSQL')
    ? first.seconds <= TARGET_SECONDS
      ? ' (target ≤ 60 s: met)'
      : ' (target ≤ 60 s: MISSED)'
    : '';
  console.log(`  ${first.outcome} in ${first.seconds.toFixed(1)} s · ${rate.toLocaleString('en-US')} rows/s${verdict}`);
  console.log(`  ${JSON.stringify(first.counts)}`);
  const before = await tableSizes(handle);
  console.log(`  tables: ${JSON.stringify(before)}`);
  if (values.rerun) {
    const second = await importOnce(handle);
    const after = await tableSizes(handle);
    const same = JSON.stringify(before) === JSON.stringify(after);
    console.log(
      `  re-run of the same file: ${second.seconds.toFixed(1)} s · ${second.counts.linesUnchanged.toLocaleString('en-US')} lines unchanged, ${second.counts.linesCreated} created, ${second.counts.linesUpdated} updated · tables ${same ? 'unchanged' : `CHANGED: ${JSON.stringify(after)}`}`,
    );
  }
  return first;
}

const results: string[] = [];
if (!values['pglite-only']) {
  const base = process.env.DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/postgres';
  const adminUrl = new URL(base);
  adminUrl.pathname = '/postgres';
  const admin = await openDatabase({ url: adminUrl.toString(), poolSize: 1 });
  await admin.exec(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
  await admin.exec(`CREATE DATABASE ${BENCH_DB}`);
  const url = new URL(base);
  url.pathname = `/${BENCH_DB}`;
  const handle = await openDatabase({ url: url.toString(), poolSize: 4 });
  try {
    const r = await bench(`PostgreSQL (${BENCH_DB})`, handle);
    results.push(
      `PostgreSQL ${r.seconds.toFixed(1)} s (${Math.round(r.counts.rowsRead / r.seconds).toLocaleString('en-US')} rows/s)`,
    );
  } finally {
    await stopBoss();
    await handle.close();
    if (!values.keep) await admin.exec(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
    await admin.close();
  }
}
if (!values['pg-only']) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lodestar-oi-bench-'));
  const handle = await openDatabase({ dataDir });
  try {
    const r = await bench('PGlite (embedded, on disk)', handle);
    results.push(
      `PGlite ${r.seconds.toFixed(1)} s (${Math.round(r.counts.rowsRead / r.seconds).toLocaleString('en-US')} rows/s)`,
    );
  } finally {
    await handle.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
await stopBoss();
setDatabase(undefined);
console.log(`\n${results.join(' · ')}`);
process.exit(0);
