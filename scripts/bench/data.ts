// The data functions the pages call, timed in-process (server time of the queries alone): the
// part of a page's time that is the database, next to the HTTP table.
import { sql } from 'drizzle-orm';
import { closeDatabase, getDatabase } from '../../db/client';
import { rows } from '../../db/rows';
import { listMyOpenTasks, listTimeline } from '../../lib/customers/activities';
import { listContacts } from '../../lib/customers/contacts';
import { getCustomerSummary, listCustomerOrders } from '../../lib/customers/customer-360';
import { listCustomers } from '../../lib/customers/customers';
import { listDuplicatePairs, listPossibleDuplicates } from '../../lib/customers/duplicates/find-duplicates';
import { DuplicateFilterSchema } from '../../lib/customers/duplicates/schemas';
import { CustomerFilterSchema } from '../../lib/customers/filters';
import { getOwnedCounts } from '../../lib/home/my-day';
import { getBoard, moveDeal } from '../../lib/sales/deals/board';
import { BoardFilterSchema } from '../../lib/sales/deals/board-filters';
import { searchAll } from '../../lib/search/search';
import { loadViewerByEmail } from '../bench-viewer';
import { repeat, type Stats } from './http';

export type DataResult = { name: string; target: number; note?: string } & Stats;

export async function benchDataFunctions(runs: number): Promise<DataResult[]> {
  const results: DataResult[] = [];
  const measure = async (name: string, target: number, fn: (i: number) => Promise<unknown>, note?: string) => {
    const stats = await repeat(runs, 3, async (i) => {
      const t0 = performance.now();
      await fn(i);
      return performance.now() - t0;
    });
    results.push({ name, target, note, ...stats });
    console.log(
      `  ${name.padEnd(52)} p50 ${stats.p50.toFixed(1).padStart(7)} ms   p95 ${stats.p95.toFixed(1).padStart(7)} ms   ${stats.p95 <= target ? 'ok' : `OVER ${target} ms`}`,
    );
  };

  const handle = await getDatabase();
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
  await measure('duplicates: a page of the scanned pairs', 150, (i) =>
    listDuplicatePairs(manager, DuplicateFilterSchema.parse({ page: String((i % 40) + 1) })),
  );
  await measure('My day: owned counts + open tasks', 150, () =>
    Promise.all([getOwnedCounts(rep), listMyOpenTasks(rep)]),
  );
  const queries = ['smith', 'Nortwind', 'info@north', '+1 212 555', '王伟', 'CS-1234', 'jonh smith', 'harbor'];
  await measure(
    'search: all groups, rotating queries',
    100,
    (i) => searchAll(rep, queries[i % queries.length], { limit: 5 }),
    queries.join(' | '),
  );
  const noFilter = BoardFilterSchema.parse({});
  await measure('pipeline board: manager, every open deal', 150, () => getBoard(manager, noFilter));
  await measure('pipeline board: rep, own deals', 150, () => getBoard(rep, noFilter));
  // A deal moved between two stages and back, the version carried from each move to the next; it
  // ends where it started (the last move is undone after timing when the count is odd).
  const [deal] = await rows<{ id: string; stage_id: string; version: number }>(
    handle.db,
    sql`select id, stage_id, version from deals where status = 'open' and deleted_at is null order by id limit 1`,
  );
  const [other] = await rows<{ id: string }>(
    handle.db,
    sql`select id from pipeline_stages where active and not is_won and not is_lost and id <> ${deal.stage_id} order by position limit 1`,
  );
  let version = deal.version;
  let at = deal.stage_id;
  await measure('pipeline: a stage move (checked, history, audit)', 50, async () => {
    const to = at === deal.stage_id ? other.id : deal.stage_id;
    const result = await moveDeal(manager, { dealId: deal.id, version, toStageId: to, afterId: null });
    if (!result.ok) throw new Error(`move refused: ${result.reason}`);
    version = result.version;
    at = to;
  });
  if (at !== deal.stage_id)
    await moveDeal(manager, { dealId: deal.id, version, toStageId: deal.stage_id, afterId: null });
  await closeDatabase();
  return results;
}
