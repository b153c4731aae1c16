// `npm run bench`: how long pages take as a signed-in user waits for them, on the large seed.
//   DATABASE_URL=postgres://…/lodestar_large npm run bench [-- --runs 30] [--skip prepare,data,pages,pglite,refresh]
// 1. the real pages over HTTP against `next start` on DATABASE_URL, signed in as each role through
//    the real sign-in, with the login page (no database work) and each page's main query as floors;
// 2. the data functions those pages call, in-process;
// 3. a few pages on the embedded database (PGlite) at demo scale, which a new user starts with;
// 0. first, the database is brought to a running installation's state (scripts/bench/prepare.ts);
// 4. the analytics refresh against its floor (scripts/bench/refresh.ts; last, as it writes a run).
// Prints tables with each target and saves them as JSON in bench-results/.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { closeDatabase, openDatabase } from '../db/client';
import { rows } from '../db/rows';
import { stopBoss } from '../lib/jobs/boss';
import { benchDataFunctions, type DataResult } from './bench/data';
import { LOGINS, PAGES, PGLITE_PAGES } from './bench/pages';
import { prepareBenchDatabase } from './bench/prepare';
import { benchRefresh, printRefreshBench, type RefreshBench } from './bench/refresh';
import { benchPages, type PageRun, printPageTable } from './bench/run-pages';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '5' },
    out: { type: 'string', default: 'bench-results' },
    skip: { type: 'string', default: '' },
    port: { type: 'string', default: '3400' },
    only: { type: 'string', default: '' },
  },
});
const RUNS = Number(values.runs);
const WARMUP = Number(values.warmup);
const skip = new Set(values.skip!.split(',').filter(Boolean));
const only = values.only ? new RegExp(values.only, 'i') : null;
const root = path.resolve(import.meta.dirname, '..');
const url = process.env.DATABASE_URL?.trim();
if (!url) {
  console.error('Set DATABASE_URL to a PostgreSQL database with the large seed (npm run db:seed -- --scale large).');
  process.exit(2);
}

function ensureBuild(): void {
  if (fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) return;
  console.log('No production build: running next build …');
  const result = spawnSync(path.join(root, 'node_modules', '.bin', 'next'), ['build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const pg = await openDatabase({ url });
if (!skip.has('prepare')) {
  console.log('Preparing the database (what a running installation has done by now):');
  await prepareBenchDatabase(pg);
}
const [size] = await rows<{ customers: number; orders: number; open_deals: number }>(
  pg.db,
  sql`select (select count(*)::int from customers) as customers, (select count(*)::int from orders) as orders,
             (select count(*)::int from deals where status = 'open') as open_deals`,
);
await pg.close();
console.log(
  `Database: ${url.replace(/:\/\/([^:@/]+):[^@/]*@/, '://$1:***@')} · ${size.customers.toLocaleString('en-US')} customers, ` +
    `${size.orders.toLocaleString('en-US')} orders, ${size.open_deals.toLocaleString('en-US')} open deals · ${RUNS} runs each after ${WARMUP} warm-up`,
);

const report: {
  database: typeof size;
  runs: number;
  pages?: PageRun;
  data?: DataResult[];
  pglite?: PageRun;
  refresh?: RefreshBench;
} = {
  database: size,
  runs: RUNS,
};
const secret = 'bench-only-secret-not-for-production';
const pages = PAGES.filter((p) => !only || only.test(p.name));

if (!skip.has('pages')) {
  ensureBuild();
  console.log('\nPages over HTTP (PostgreSQL):');
  report.pages = await benchPages({
    env: { DATABASE_URL: url, AUTH_SECRET: secret },
    floorUrl: url,
    pages,
    port: Number(values.port),
    runs: RUNS,
    warmup: WARMUP,
  });
}

if (!skip.has('data')) {
  console.log('\nData functions, in-process (PostgreSQL):');
  report.data = await benchDataFunctions(RUNS);
}

if (!skip.has('pglite')) {
  ensureBuild();
  const dataDir = path.join(root, '.data', 'bench-pglite');
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    console.log('\nSeeding the demo data into an embedded database for the PGlite pages …');
    const seed = spawnSync(
      path.join(root, 'node_modules', '.bin', 'tsx'),
      ['--conditions', 'react-server', 'scripts/seed.ts', '--scale', 'demo', '--reset'],
      { cwd: root, env: { ...process.env, DATABASE_URL: '', PGLITE_DIR: dataDir }, stdio: 'inherit' },
    );
    if (seed.status !== 0) process.exit(seed.status ?? 1);
  }
  const lite = await openDatabase({ dataDir });
  const [ctx] = await rows<{
    customer_id: string;
    rep_id: string;
    deal_id: string | null;
    quote_id: string | null;
    order_id: string | null;
    lead_id: string | null;
    product_id: string | null;
    agent_id: string | null;
    case_id: string | null;
    mail_id: string | null;
  }>(
    lite.db,
    sql`with c as (select (select customer_id from orders where customer_id is not null group by customer_id order by count(*) desc limit 1) as customer_id,
                          (select id from users where email = ${LOGINS.rep}) as rep_id)
        select c.customer_id, c.rep_id,
               (select d.id from deals d where d.owner_id = c.rep_id and d.status = 'open' and d.deleted_at is null order by d.id limit 1) as deal_id,
               (select q.id from quotes q join deals d on d.id = q.deal_id where d.owner_id = c.rep_id order by q.created_at desc limit 1) as quote_id,
               (select o.id from orders o where o.customer_id = c.customer_id order by o.ordered_at desc limit 1) as order_id,
               (select l.id from leads l where l.owner_id = c.rep_id and l.status in ('new', 'contacted', 'qualified')
                  and l.deleted_at is null order by l.created_at desc, l.id desc limit 1) as lead_id,
               (select p.id from products p where p.active order by p.name, p.id limit 1) as product_id,
               (select id from users where email = ${LOGINS.agent}) as agent_id,
               (select k.id from cases k join users a on a.id = k.assignee_id and a.email = ${LOGINS.agent}
                 where k.status in ('new', 'open', 'pending') order by k.id limit 1) as case_id,
               (select m.id from mail_messages m where m.direction = 'out' order by m.case_id is null, m.seq desc limit 1) as mail_id
        from c`,
  );
  await lite.close();
  console.log('\nPages over HTTP (PGlite, demo scale):');
  report.pglite = await benchPages({
    env: { DATABASE_URL: '', PGLITE_DIR: dataDir, AUTH_SECRET: secret },
    context: {
      customerId: ctx.customer_id,
      repId: ctx.rep_id,
      orderImportId: null,
      dealId: ctx.deal_id,
      quoteId: ctx.quote_id,
      orderId: ctx.order_id,
      leadId: ctx.lead_id,
      agentId: ctx.agent_id,
      caseId: ctx.case_id,
      mailId: ctx.mail_id,
      productId: ctx.product_id,
      // Not among the PGlite pages.
      campaignMemberId: null,
      duplicatePair: null,
      campaignId: null,
    },
    pages: PGLITE_PAGES.filter((p) => !only || only.test(p.name)),
    port: Number(values.port) + 1,
    runs: RUNS,
    warmup: WARMUP,
  });
}

if (!skip.has('refresh')) {
  console.log('\nAnalytics refresh against its floor (PostgreSQL) …');
  report.refresh = await benchRefresh();
  await closeDatabase();
}

if (report.pages) printPageTable('Pages over HTTP, PostgreSQL (ms; × floor = p95 / login page p95)', report.pages);
if (report.pglite) printPageTable('Pages over HTTP, PGlite at demo scale (ms)', report.pglite);
if (report.data) {
  console.log('\nData functions, in-process (ms)');
  for (const r of report.data) {
    console.log(
      `  ${r.name.padEnd(56)} p50 ${r.p50.toFixed(1).padStart(7)}  p95 ${r.p95.toFixed(1).padStart(7)}  target ${r.target}  ${r.p95 <= r.target ? 'ok' : 'OVER'}`,
    );
  }
}

if (report.refresh) printRefreshBench(report.refresh);

fs.mkdirSync(values.out!, { recursive: true });
const file = path.join(values.out!, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
fs.writeFileSync(file, JSON.stringify(report, null, 2));
console.log(`\nSaved ${file}`);
const over = [...(report.pages?.pages ?? []), ...(report.pglite?.pages ?? [])].filter((p) => p.p95 > p.target);
if (over.length) console.log(`${over.length} page(s) over target: ${over.map((p) => p.name).join(', ')}`);
// Nothing may keep the process alive once the report is out (a job queue or pool some step started).
await stopBoss();
await closeDatabase();
