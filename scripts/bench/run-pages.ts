// Times the real pages over HTTP against a production server, signed in as each role.
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { repeat, type Stats, signIn, startServer, timeGet } from './http';
import { type BenchContext, LOGINS, type PageRole, type PageSpec, type Role, setBenchRun } from './pages';

export type PageResult = {
  name: string;
  role: PageRole;
  path: string;
  target: number;
  /** p95 of the page's main query run alone through pg, when the page names one. */
  queryP95?: number;
  bytes: number;
} & Stats;

export type PageRun = { floor: Stats; pages: PageResult[] };

const DEMO_PASSWORD = 'lodestar-demo';

/** A campaign member whose customer has not unsubscribed (the unsubscribe page's ordinary case). */
export const CAMPAIGN_MEMBER_SQL = `select m.id from campaign_members m join customers c on c.id = m.customer_id
  where c.unsubscribed_at is null and c.deleted_at is null order by m.id limit 1`;
/** The strongest stored duplicate pair of live customers (the merge page). */
export const DUPLICATE_PAIR_SQL = `select customer_a as a, customer_b as b from duplicate_candidates dc
  where not exists (select 1 from customers d where d.id in (dc.customer_a, dc.customer_b) and d.deleted_at is not null)
  order by strength desc, name_similarity desc, customer_a, customer_b limit 1`;

/** Looks up the ids page paths need (a customer with many orders, the demo rep). */
async function loadContext(client: pg.Client): Promise<BenchContext> {
  const customer = await client.query<{ id: string }>(
    `select customer_id as id from orders where customer_id is not null group by customer_id order by count(*) desc limit 1`,
  );
  const rep = await client.query<{ id: string }>(`select id from users where email = $1`, [LOGINS.rep]);
  const orderImport = await client.query<{ id: string }>(
    `select id from order_imports where status = 'done' order by created_at desc, id desc limit 1`,
  );
  // The rep's open deal with the longest stage history: the deal page's heaviest ordinary case.
  const deal = await client.query<{ id: string }>(
    `select d.id from deals d join users u on u.id = d.owner_id and u.email = $1
     where d.status = 'open' and d.deleted_at is null
     order by (select count(*) from deal_stage_history h where h.deal_id = d.id) desc, d.id limit 1`,
    [LOGINS.rep],
  );
  if (!customer.rows[0] || !rep.rows[0])
    throw new Error('The database has no demo data: seed it first (npm run db:seed).');
  // A quote of one of the rep's deals (the rep may open it), and the customer's latest order.
  const quote = await client.query<{ id: string }>(
    `select q.id from quotes q join deals d on d.id = q.deal_id where d.owner_id = $1 order by q.created_at desc limit 1`,
    [rep.rows[0].id],
  );
  const order = await client.query<{ id: string }>(
    `select id from orders where customer_id = $1 order by ordered_at desc limit 1`,
    [customer.rows[0].id],
  );
  const product = await client.query<{ id: string }>(`select id from products where active order by name, id limit 1`);
  const lead = await client.query<{ id: string }>(
    `select id from leads where owner_id = $1 and status in ('new', 'contacted', 'qualified') and deleted_at is null
     order by created_at desc, id desc limit 1`,
    [rep.rows[0].id],
  );
  const agentCase = await client.query<{ id: string; agent_id: string }>(
    `select c.id, u.id as agent_id from users u
     left join lateral (select c.id from cases c where c.assignee_id = u.id and c.status in ('new', 'open', 'pending')
                        order by (select count(*) from case_comments m where m.case_id = c.id) desc, c.id limit 1) c on true
     where u.email = $1`,
    [LOGINS.agent],
  );
  // The newest email of a case (the page's ordinary shape), else the newest of any.
  const mail = await client.query<{ id: string }>(
    `select id from mail_messages where direction = 'out' order by case_id is null, seq desc limit 1`,
  );
  const member = await client.query<{ id: string }>(CAMPAIGN_MEMBER_SQL);
  const pair = await client.query<{ a: string; b: string }>(DUPLICATE_PAIR_SQL);
  const campaign = await client.query<{ id: string }>(
    `select id from campaigns where status = 'sent' order by audience_count desc, id limit 1`,
  );
  return {
    campaignMemberId: member.rows[0]?.id ?? null,
    duplicatePair: pair.rows[0] ?? null,
    customerId: customer.rows[0].id,
    repId: rep.rows[0].id,
    orderImportId: orderImport.rows[0]?.id ?? null,
    quoteId: quote.rows[0]?.id ?? null,
    orderId: order.rows[0]?.id ?? null,
    dealId: deal.rows[0]?.id ?? null,
    leadId: lead.rows[0]?.id ?? null,
    productId: product.rows[0]?.id ?? null,
    caseId: agentCase.rows[0]?.id ?? null,
    agentId: agentCase.rows[0]?.agent_id ?? null,
    mailId: mail.rows[0]?.id ?? null,
    campaignId: campaign.rows[0]?.id ?? null,
  };
}

function fmt(ms: number | undefined): string {
  return ms === undefined ? '—' : ms.toFixed(0);
}

export function printPageTable(title: string, run: PageRun): void {
  console.log(`\n${title}`);
  console.log(`  floor: GET /login (no database work) p50 ${fmt(run.floor.p50)} ms, p95 ${fmt(run.floor.p95)} ms\n`);
  const header = ['page', 'role', 'p50', 'p95', 'target', '', '× floor', 'query p95'];
  const rows = run.pages.map((p) => [
    p.name,
    p.role,
    fmt(p.p50),
    fmt(p.p95),
    String(p.target),
    p.p95 <= p.target ? 'ok' : 'OVER',
    (p.p95 / run.floor.p95).toFixed(1),
    fmt(p.queryP95),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    `  ${cells.map((c, i) => (i < 2 || i === 5 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')}`;
  console.log(line(header));
  for (const r of rows) console.log(line(r));
}

/**
 * Starts the built app on `env`'s database, signs in as each role the pages need through the real
 * credentials endpoint, and times each page `runs` times after `warmup` requests.
 */
export async function benchPages(options: {
  env: Record<string, string>;
  /** A connection string for the floor queries (PostgreSQL only; PGlite runs in the server's process). */
  floorUrl?: string;
  /** Looks up the context when there is no floorUrl (PGlite): through the server itself is not possible, so the caller gives it. */
  context?: BenchContext;
  pages: PageSpec[];
  port: number;
  runs: number;
  warmup: number;
}): Promise<PageRun> {
  const client = options.floorUrl ? new pg.Client({ connectionString: options.floorUrl }) : null;
  await client?.connect();
  try {
    const loaded = client ? await loadContext(client) : options.context;
    if (client) {
      const run = await client.query<{ id: string | null }>(
        `select run_id as id from analytics_current where kind = 'customer_scores'`,
      );
      setBenchRun(run.rows[0]?.id ?? null);
    }
    if (!loaded) throw new Error('benchPages needs a floorUrl or a context');
    const ctx: BenchContext = { ...loaded, authSecret: options.env.AUTH_SECRET };
    const server = await startServer(options.port, options.env);
    try {
      const floor = await repeat(options.runs, options.warmup, async () => {
        const r = await timeGet(`${server.base}/login`, null);
        return r.ms;
      });
      const cookies = new Map<Role, string>();
      for (const role of new Set(options.pages.map((p) => p.role))) {
        if (role !== 'signed out') cookies.set(role, await signIn(server.base, LOGINS[role], DEMO_PASSWORD));
      }
      // One untimed pass over every page first: a server just started is still compiling (V8's
      // optimising tiers, and PGlite's WebAssembly), and the pages timed first paid for it (PGlite's
      // search p50 78 ms in the bench where the same search, warmed, takes 31 ms in-process). Each
      // page then still gets its own warm-up requests.
      for (const spec of options.pages) {
        const path = spec.path(ctx);
        if (path === null) continue;
        await timeGet(`${server.base}${path}`, spec.role === 'signed out' ? null : cookies.get(spec.role)!);
      }
      const pages: PageResult[] = [];
      for (const spec of options.pages) {
        const path = spec.path(ctx);
        if (path === null) {
          console.log(`  ${spec.name.padEnd(40)} skipped: ${spec.skipReason ?? 'nothing to show in this database'}`);
          continue;
        }
        let bytes = 0;
        const stats = await repeat(options.runs, options.warmup, async () => {
          // A public page is requested without a session cookie.
          const cookie = spec.role === 'signed out' ? null : cookies.get(spec.role)!;
          const r = await timeGet(`${server.base}${path}`, cookie);
          if (r.status !== 200) throw new Error(`GET ${path} as ${spec.role} answered HTTP ${r.status}`);
          bytes = r.bytes;
          return r.ms;
        });
        let queryP95: number | undefined;
        if (client && spec.floor) {
          const q = spec.floor(ctx);
          queryP95 = (
            await repeat(options.runs, options.warmup, async () => {
              const t0 = performance.now();
              await client.query(q.text, q.values as unknown[] | undefined);
              return performance.now() - t0;
            })
          ).p95;
        }
        pages.push({ name: spec.name, role: spec.role, path, target: spec.target, queryP95, bytes, ...stats });
        console.log(`  ${spec.name.padEnd(40)} p95 ${fmt(stats.p95).padStart(5)} ms (target ${spec.target})`);
      }
      return { floor, pages };
    } finally {
      await server.stop();
    }
  } finally {
    await client?.end();
  }
}
