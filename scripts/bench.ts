// `npm run bench`: server time of the list, 360, My day and search queries, measured by calling
// the same data functions the pages call. Point DATABASE_URL at a large seed on PostgreSQL:
//   DATABASE_URL=postgres://…/lodestar_large npm run bench
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { closeDatabase, getDatabase } from '../db/client';
import { rows } from '../db/rows';
import { listMyOpenTasks, listTimeline } from '../lib/customers/activities';
import { listContacts } from '../lib/customers/contacts';
import { getCustomerSummary, listCustomerOrders } from '../lib/customers/customer-360';
import { listCustomers } from '../lib/customers/customers';
import { listPossibleDuplicates } from '../lib/customers/duplicates/find-duplicates';
import { CustomerFilterSchema } from '../lib/customers/filters';
import { getOwnedCounts } from '../lib/home';
import { searchAll } from '../lib/search/search';
import { loadViewerByEmail } from './bench-viewer';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '30' }, out: { type: 'string', default: 'bench-results' } },
});
const RUNS = Number(values.runs);

type Result = { name: string; target: number; p50: number; p95: number; max: number; note?: string };
const results: Result[] = [];

async function measure(name: string, target: number, fn: (i: number) => Promise<unknown>, note?: string) {
  for (let i = 0; i < 3; i++) await fn(i); // warm caches and plans
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)];
  const r = { name, target, p50: q(0.5), p95: q(0.95), max: times[times.length - 1], note };
  results.push(r);
  console.log(
    `${name.padEnd(52)} p50 ${r.p50.toFixed(1).padStart(7)} ms   p95 ${r.p95.toFixed(1).padStart(7)} ms   ${r.p95 <= target ? 'ok' : `OVER ${target} ms`}`,
  );
}

const handle = await getDatabase();
const [{ customers: nCustomers, orders: nOrders }] = await rows<{ customers: number; orders: number }>(
  handle.db,
  sql`select (select count(*)::int from customers) as customers, (select count(*)::int from orders) as orders`,
);
console.log(
  `Database: ${handle.driver} (${handle.location}) · ${nCustomers.toLocaleString('en-US')} customers, ${nOrders.toLocaleString('en-US')} orders · ${RUNS} runs each\n`,
);

const manager = await loadViewerByEmail('manager@lodestar.test');
const rep = await loadViewerByEmail('rep@lodestar.test');
const f = (p: Record<string, string>) => CustomerFilterSchema.parse(p);
const [sample] = await rows<{ id: string }>(
  handle.db,
  sql`select c.id from customers c where c.deleted_at is null order by (select count(*) from orders o where o.customer_id = c.id) desc limit 1`,
);

await measure('customer list: first page (newest)', 150, () => listCustomers(manager, f({})));
await measure('customer list: sorted + filtered (US companies by name)', 150, () =>
  listCustomers(manager, f({ country: 'US', kind: 'company', sort: 'name', dir: 'asc' })),
);
await measure('customer list: page 500 (50 per page)', 150, () => listCustomers(manager, f({ page: '500' })));
await measure('customer list: rep, own customers, text filter', 150, () =>
  listCustomers(rep, f({ owner: 'me', q: 'li' })),
);
await measure('contacts list: page 500', 150, () =>
  listContacts(manager, { sort: 'name', dir: 'asc', page: 500, size: 50 }),
);
await measure('customer 360: summary + orders + timeline', 150, async () =>
  Promise.all([
    getCustomerSummary(manager, sample.id),
    listCustomerOrders(manager, sample.id),
    listTimeline(manager, sample.id),
  ]),
);
await measure('customer 360: possible duplicates', 150, () => listPossibleDuplicates(manager, sample.id));
await measure('My day: owned counts + open tasks', 150, () => Promise.all([getOwnedCounts(rep), listMyOpenTasks(rep)]));
const queries = ['smith', 'Nortwind', 'info@north', '+1 212 555', '王伟', 'CS-1234', 'jonh smith', 'harbor'];
await measure(
  'search: all groups, rotating queries',
  100,
  (i) => searchAll(rep, queries[i % queries.length], { limit: 5 }),
  queries.join(' | '),
);

fs.mkdirSync(values.out!, { recursive: true });
const file = `${values.out}/bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
fs.writeFileSync(
  file,
  JSON.stringify({ driver: handle.driver, customers: nCustomers, orders: nOrders, runs: RUNS, results }, null, 2),
);
console.log(`\nSaved ${file}`);
await closeDatabase();
