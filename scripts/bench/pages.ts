// The pages `npm run bench` times over HTTP, with their targets (p95, ms) and the main query each
// runs, timed alone through pg as a floor. New pages (boards, queues, dashboards) join this list.

import { linkKey, signLinkToken } from '../../lib/marketing/campaigns/tokens';

export type Role = 'admin' | 'manager' | 'rep' | 'agent' | 'marketer';
/** Who requests a page: a signed-in role, or nobody (public pages, requested without a session cookie). */
export type PageRole = Role | 'signed out';

/** Values the page paths and floor queries need, looked up once from the database. */
export type BenchContext = {
  customerId: string;
  repId: string;
  orderImportId: string | null;
  /** An open deal of the demo rep (with the longest stage history, on PostgreSQL). */
  dealId: string | null;
  /** A quote of one of the rep's deals, and the bench customer's latest order. */
  quoteId: string | null;
  orderId: string | null;
  /** The demo rep's newest open lead (a manager may open it too). */
  leadId: string | null;
  /** An active product of the price book (first by name). */
  productId: string | null;
  /** The demo agent's open case with the most comments (the case page's heaviest ordinary case). */
  caseId: string | null;
  agentId: string | null;
  /** The newest outbound email of a case (scripts/bench/prepare.ts queues one when there is none). */
  mailId: string | null;
  /** A campaign member whose customer has not unsubscribed (scripts/bench/prepare.ts makes one when there is none). */
  campaignMemberId: string | null;
  /** The strongest stored duplicate pair (the merge page's two customers). */
  duplicatePair: { a: string; b: string } | null;
  /** The bench server's AUTH_SECRET (signs the unsubscribe link as the app does); set by benchPages. */
  authSecret?: string;
  /** The sent campaign with the most recipients (scripts/bench/prepare.ts sends some when there is none). */
  campaignId: string | null;
};

export type PageSpec = {
  name: string;
  role: PageRole;
  /** null: the database has nothing for this page (skipReason says what), and it is left out. */
  path: (ctx: BenchContext) => string | null;
  skipReason?: string;
  /** p95 target in ms: lists, boards and queues 150, search 100, dashboards and the manager's home 300. */
  target: number;
  /** The page's main query, run alone through pg: how much of the page time is the database. */
  floor?: (ctx: BenchContext) => { text: string; values?: unknown[] };
};

export const LOGINS: Record<Role, string> = {
  admin: 'admin@lodestar.test',
  manager: 'manager@lodestar.test',
  rep: 'rep@lodestar.test',
  agent: 'agent@lodestar.test',
  marketer: 'marketer@lodestar.test',
};

const customerPage = (where = 'true', order = 'created_at desc, id desc', offset = 0) => ({
  text: `select id, name, kind, email, phone, city, country, industry, owner_id, tags, created_at
         from customers where deleted_at is null and ${where} order by ${order} limit 50 offset ${offset}`,
});

const search = (q: string) => ({
  text: `select id, name from customers where deleted_at is null and $1 <% name order by name <-> $1 limit 5`,
  values: [q],
});

const RUN = `(select run_id from analytics_current where kind = 'customer_scores')`;
/**
 * The current run as a literal, once the bench has read it (setBenchRun): the dashboards and the
 * customer list's drill-down read the run id first and name it (the planner then reads that run's
 * table of customer_scores alone); the other readers keep the subquery.
 */
let runLiteral: string | null = null;
export function setBenchRun(runId: string | null): void {
  runLiteral = runId && /^[0-9a-f-]{36}$/i.test(runId) ? `'${runId}'::uuid` : null;
}
const namedRun = () => runLiteral ?? RUN;
/** A segment preview's capped count (lib/marketing/segments: the compiled rule over customers ⟕ current scores). */
const segmentPreview = {
  text: `select count(*) from (select c.id from customers c
           left join customer_scores cs on cs.run_id = ${RUN} and cs.customer_id = c.id
           where c.deleted_at is null and (c.country = 'US' and (cs.rfm_segment = 'Champions' or coalesce(cs.monetary, 0) > 1000))
           limit 10001) m`,
};
/** The customer-value dashboard's one pass over the scores (GROUPING SETS), for everyone or one owner's customers. */
const valueAggregate = (ownerParam: boolean) => ({
  text: `select grouping(cs.rfm_segment, cs.r_score, cs.f_score, cs.value_class), count(*), sum(cs.monetary), sum(cs.revenue_12m)
         from customer_scores cs join customers c on c.id = cs.customer_id
         where cs.run_id = ${namedRun()} and c.deleted_at is null ${ownerParam ? 'and c.owner_id = $1' : ''}
         group by grouping sets ((), (cs.rfm_segment), (cs.r_score, cs.f_score), (cs.value_class))`,
});
/** The churn-risk page's list: valuable customers at risk, most valuable first. */
const atRisk = (ownerParam: boolean) => ({
  text: `select c.id from customer_scores cs join customers c on c.id = cs.customer_id
         where cs.run_id = ${namedRun()} and c.deleted_at is null ${ownerParam ? 'and c.owner_id = $1' : ''}
           and cs.clv_band >= 4 and cs.churn_risk >= 0.5
         order by cs.predicted_clv desc nulls last, cs.customer_id limit 50`,
});
/** The customer list filtered to an analytics segment (an EXISTS on the current run's scores). */
const scoredCustomerPage = (condition: string, order: string, run = RUN) => ({
  text: `select c.id, c.name from customers c join customer_scores cs on cs.customer_id = c.id and cs.run_id = ${run}
         where c.deleted_at is null and ${condition} order by ${order} limit 50`,
});

/** Every analytics dashboard, as a manager (all customers, computed once per run) and as a rep (own customers, live). */
const DASHBOARDS: PageSpec[] = (
  [
    ['customer value', '/analytics', valueAggregate],
    ['lifetime value', '/analytics/lifetime-value', valueAggregate],
    ['segments', '/analytics/segments', valueAggregate],
    ['retention', '/analytics/retention', valueAggregate],
    ['churn risk', '/analytics/churn-risk', atRisk],
  ] as const
).flatMap(([name, path, floor]) => [
  {
    name: `analytics: ${name}, manager`,
    role: 'manager' as const,
    path: () => path,
    target: 300,
    floor: () => floor(false),
  },
  {
    name: `analytics: ${name}, rep`,
    role: 'rep' as const,
    path: () => path,
    target: 300,
    floor: (ctx: BenchContext) => ({ ...floor(true), values: [ctx.repId] }),
  },
]);

const OPEN_CASE = `status in ('new','open','pending')`;
/** A queue view's page: open cases by SLA due time (cases_open_due_idx / cases_assignee_open_due_idx). */
const queuePage = (where: string) => ({
  text: `select c.id from cases c where ${where} and not exists (select 1 from customers d where d.id = c.customer_id and d.deleted_at is not null)
         order by c.sla_due_at nulls last, c.id limit 50`,
});

/** The case queue's views and the case page (lib/service/queue.ts, lib/service/cases.ts). */
const CASES: PageSpec[] = [
  {
    name: 'cases: team queue, manager',
    role: 'manager',
    path: () => '/cases',
    target: 150,
    floor: () => queuePage(`c.assignee_id is not null and c.${OPEN_CASE}`),
  },
  {
    name: 'cases: all, manager',
    role: 'manager',
    path: () => '/cases?view=all',
    target: 150,
    floor: () => queuePage('true'),
  },
  {
    name: 'cases: breaching, manager',
    role: 'manager',
    path: () => '/cases?view=breaching',
    target: 150,
    floor: () => queuePage(`c.${OPEN_CASE} and c.sla_due_at <= now() + interval '1 hour'`),
  },
  {
    name: 'cases: my open cases, agent',
    role: 'agent',
    path: () => '/cases',
    target: 150,
    floor: (ctx) => ({ ...queuePage(`c.assignee_id = $1 and c.${OPEN_CASE}`), values: [ctx.agentId] }),
  },
  {
    name: 'cases: unassigned, agent',
    role: 'agent',
    path: () => '/cases?view=unassigned',
    target: 150,
    floor: () => queuePage(`c.assignee_id is null and c.${OPEN_CASE}`),
  },
  {
    name: "cases: customers' cases, rep",
    role: 'rep',
    path: () => '/cases',
    target: 150,
    floor: (ctx) => ({
      ...queuePage(`exists (select 1 from customers o where o.id = c.customer_id and o.owner_id = $1)`),
      values: [ctx.repId],
    }),
  },
  {
    name: 'case page, agent',
    role: 'agent',
    path: (ctx) => (ctx.caseId ? `/cases/${ctx.caseId}` : null),
    skipReason: 'the demo agent has no open case',
    target: 150,
    floor: (ctx) => ({
      text: `select id, body, is_public, created_at from case_comments where case_id = $1 order by created_at, id limit 500`,
      values: [ctx.caseId],
    }),
  },
];

export const PAGES: PageSpec[] = [
  {
    name: 'home (My day), manager',
    role: 'manager',
    path: () => '/',
    target: 300,
    floor: () => ({
      text: `select owner_id, count(*) from activities where type = 'task' and completed_at is null and deleted_at is null group by owner_id`,
    }),
  },
  {
    name: 'home (My day), rep',
    role: 'rep',
    path: () => '/',
    target: 150,
    floor: (ctx) => ({
      text: `select id, subject, due_at from activities where owner_id = $1 and type = 'task' and completed_at is null and deleted_at is null order by due_at limit 50`,
      values: [ctx.repId],
    }),
  },
  { name: 'customers, manager', role: 'manager', path: () => '/customers', target: 150, floor: () => customerPage() },
  {
    name: 'customers: US companies by name',
    role: 'manager',
    path: () => '/customers?country=US&kind=company&sort=name&dir=asc',
    target: 150,
    floor: () => customerPage(`country = 'US' and kind = 'company'`, 'lower(name), id'),
  },
  {
    name: 'customers: page 500',
    role: 'manager',
    path: () => '/customers?page=500',
    target: 150,
    floor: () => customerPage('true', 'created_at desc, id desc', 499 * 50),
  },
  {
    name: 'customers, rep',
    role: 'rep',
    path: () => '/customers',
    target: 150,
    floor: () => customerPage(),
  },
  {
    name: 'contacts: page 500',
    role: 'manager',
    path: () => '/contacts?page=500',
    target: 150,
    floor: () => ({
      text: `select id, first_name, last_name, email from contacts where deleted_at is null order by first_name, id limit 50 offset 24950`,
    }),
  },
  {
    name: 'customer 360',
    role: 'manager',
    path: (ctx) => `/customers/${ctx.customerId}`,
    target: 150,
    floor: (ctx) => ({
      text: `select coalesce(sum(total), 0), count(*), min(ordered_at), max(ordered_at) from orders where customer_id = $1 and status not in ('cancelled', 'refunded')`,
      values: [ctx.customerId],
    }),
  },
  { name: 'search: smith', role: 'rep', path: () => '/search?q=smith', target: 100, floor: () => search('smith') },
  {
    name: 'search: jonh smith (typo)',
    role: 'rep',
    path: () => `/search?q=${encodeURIComponent('jonh smith')}`,
    target: 100,
    floor: () => search('jonh smith'),
  },
  {
    name: 'search: 王伟',
    role: 'rep',
    path: () => `/search?q=${encodeURIComponent('王伟')}`,
    target: 100,
    floor: () => ({
      text: `select id, name from customers where deleted_at is null and name like $1 limit 5`,
      values: ['%王伟%'],
    }),
  },
  {
    name: 'merge customers, admin',
    role: 'admin',
    path: (ctx) => (ctx.duplicatePair ? `/customers/merge?a=${ctx.duplicatePair.a}&b=${ctx.duplicatePair.b}` : null),
    skipReason: 'the database has no stored duplicate pair',
    target: 150,
    floor: (ctx) => ({
      text: `select * from customers where id in ($1, $2)`,
      values: [ctx.duplicatePair?.a, ctx.duplicatePair?.b],
    }),
  },
  {
    name: 'duplicates, admin',
    role: 'admin',
    path: () => '/customers/duplicates',
    target: 300,
    // The stored pairs (lib/customers/duplicates/find-duplicates.ts): page the small table, then names.
    floor: () => ({
      text: `with page as (
               select customer_a, customer_b, strength, reasons, name_similarity, count(*) over () as total
               from duplicate_candidates dc
               where not exists (select 1 from customers d where d.id = dc.customer_a and d.deleted_at is not null)
                 and not exists (select 1 from customers d where d.id = dc.customer_b and d.deleted_at is not null)
               order by strength desc, name_similarity desc, customer_a, customer_b limit 25)
             select p.*, a.name, a.email, a.phone, b.name, b.email, b.phone
             from page p join customers a on a.id = p.customer_a join customers b on b.id = p.customer_b`,
    }),
  },
  {
    name: 'order import (recent imports)',
    role: 'manager',
    path: () => '/orders/import',
    target: 150,
    floor: () => ({
      text: `select id, file_name, status, counts, created_at from order_imports order by created_at desc, id desc limit 20`,
    }),
  },
  {
    name: 'order import report',
    role: 'manager',
    path: (ctx) => (ctx.orderImportId ? `/orders/import/${ctx.orderImportId}` : null),
    skipReason: 'no finished order import (the prepare step makes one)',
    target: 150,
    floor: (ctx) => ({
      text: `select id, file_name, status, counts, error, created_at from order_imports where id = $1`,
      values: [ctx.orderImportId],
    }),
  },
  { name: 'customer import (upload)', role: 'manager', path: () => '/customers/import', target: 150 },
  { name: 'admin: users', role: 'admin', path: () => '/admin/users', target: 150 },
  { name: 'admin: settings', role: 'admin', path: () => '/admin/settings', target: 150 },
  { name: 'admin: audit log', role: 'admin', path: () => '/admin/audit', target: 150 },
  {
    name: 'pipeline board, manager',
    role: 'manager',
    path: () => '/pipeline',
    target: 150,
    floor: () => ({
      text: `select c.* from pipeline_stages s cross join lateral (
               select d.id, d.name, cu.name as customer from deals d join customers cu on cu.id = d.customer_id
               where d.stage_id = s.id and d.status = 'open' and d.deleted_at is null order by d.position, d.id limit 21) c
             where s.active and not s.is_won and not s.is_lost`,
    }),
  },
  {
    name: 'pipeline board, rep',
    role: 'rep',
    path: () => '/pipeline',
    target: 150,
    floor: (ctx) => ({
      text: `select stage_id, count(*), sum(amount) from deals where status = 'open' and deleted_at is null and owner_id = $1 group by stage_id`,
      values: [ctx.repId],
    }),
  },
  {
    name: 'pipeline board, filtered (close month, amount)',
    role: 'manager',
    path: () => `/pipeline?close=${new Date().toISOString().slice(0, 7)}&min=5000`,
    target: 150,
  },
  {
    name: 'sales dashboard, manager',
    role: 'manager',
    path: () => '/sales',
    target: 300,
    floor: () => ({
      text: `select stage_id, count(*), sum(amount) from deals where status = 'open' and deleted_at is null group by 1`,
    }),
  },
  {
    name: 'sales dashboard, rep',
    role: 'rep',
    path: () => '/sales',
    target: 300,
    floor: (ctx) => ({
      text: `select stage_id, count(*), sum(amount) from deals where status = 'open' and deleted_at is null and owner_id = $1 group by 1`,
      values: [ctx.repId],
    }),
  },
  { name: 'sales dashboard, manager, 24 months', role: 'manager', path: () => '/sales?months=24', target: 300 },
  {
    name: 'service dashboard, manager',
    role: 'manager',
    path: () => '/service',
    target: 300,
    // The heaviest of its aggregates: the resolution window's attainment and median per agent.
    floor: () => ({
      text: `select assignee_id, count(*) filter (where resolved_at <= resolution_due_at),
               percentile_cont(0.5) within group (order by resolution_business_minutes)
             from cases where resolved_at is not null and resolved_at >= now() - interval '30 days'
               and status in ('resolved', 'closed') group by grouping sets ((assignee_id), ())`,
    }),
  },
  {
    name: 'service dashboard, manager, 90 days by month',
    role: 'manager',
    path: () => '/service?days=90&by=month',
    target: 300,
  },
  {
    name: 'service dashboard, agent',
    role: 'agent',
    path: () => '/service',
    target: 300,
    floor: () => ({
      text: `select count(*) from cases where status in ('new', 'open', 'pending')
               and assignee_id = (select id from users where email = 'agent@lodestar.test')`,
    }),
  },
  {
    name: 'unsubscribe page, valid link',
    role: 'signed out',
    path: (ctx) =>
      ctx.campaignMemberId && ctx.authSecret
        ? `/unsubscribe?t=${encodeURIComponent(signLinkToken(linkKey(ctx.authSecret), { kind: 'unsubscribe', memberId: ctx.campaignMemberId }))}`
        : null,
    skipReason: 'the database has no campaign member',
    target: 150,
    // The page reads the member and its customer's consent by the member's id.
    floor: (ctx) => ({
      text: `select m.id, m.email, c.unsubscribed_at, c.email_consent, c.consent_source, c.bounced_at
             from campaign_members m join customers c on c.id = m.customer_id where m.id = $1`,
      values: [ctx.campaignMemberId],
    }),
  },
  {
    name: 'CSAT survey, invalid link',
    role: 'signed out',
    path: () => '/csat/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    target: 150,
  },
  {
    name: 'forecast, manager',
    role: 'manager',
    path: () => '/sales/forecast',
    target: 300,
    floor: () => ({
      text: `select owner_id, to_char(expected_close_date, 'YYYY-MM'), stage_id, forecast_category, count(*), sum(amount)
             from deals where status = 'open' and forecast_category <> 'omitted' and deleted_at is null
               and expected_close_date >= date_trunc('month', now())::date
               and expected_close_date < (date_trunc('month', now()) + interval '3 months')::date
             group by 1, 2, 3, 4`,
    }),
  },
  { name: 'forecast, manager, 12 months', role: 'manager', path: () => '/sales/forecast?months=12', target: 300 },
  { name: 'forecast, rep', role: 'rep', path: () => '/sales/forecast', target: 300 },
  {
    name: 'deals, manager',
    role: 'manager',
    path: () => '/deals',
    target: 150,
    // Every visible deal of a live customer by expected close date: deals_list_close_idx, then top-N.
    floor: () => ({
      text: `select d.id, d.name, c.name, s.name, d.amount from deals d join customers c on c.id = d.customer_id
             join pipeline_stages s on s.id = d.stage_id
             where d.deleted_at is null and c.deleted_at is null order by d.expected_close_date, d.id limit 50`,
    }),
  },
  {
    name: 'deals: open, by amount, page 100',
    role: 'manager',
    path: () => '/deals?status=open&sort=amount&dir=desc&page=100',
    target: 150,
    floor: () => ({
      text: `select d.id from deals d join customers c on c.id = d.customer_id
             where d.deleted_at is null and c.deleted_at is null and d.status = 'open'
             order by d.amount desc, d.id desc limit 50 offset 4950`,
    }),
  },
  {
    name: 'deals, rep',
    role: 'rep',
    path: () => '/deals',
    target: 150,
    floor: (ctx) => ({
      text: `select d.id from deals d join customers c on c.id = d.customer_id
             where d.deleted_at is null and c.deleted_at is null and d.owner_id = $1
             order by d.expected_close_date, d.id limit 50`,
      values: [ctx.repId],
    }),
  },
  {
    name: 'deal page, rep',
    role: 'rep',
    path: (ctx) => (ctx.dealId ? `/deals/${ctx.dealId}` : null),
    skipReason: 'the demo rep has no open deal',
    target: 150,
    floor: (ctx) => ({
      text: `select h.id, h.changed_at, lead(h.changed_at) over (order by h.changed_at, h.id) from deal_stage_history h
             where h.deal_id = $1 order by h.changed_at desc limit 200`,
      values: [ctx.dealId],
    }),
  },
  {
    name: 'deal edit form, rep',
    role: 'rep',
    path: (ctx) => (ctx.dealId ? `/deals/${ctx.dealId}/edit` : null),
    skipReason: 'the demo rep has no open deal',
    target: 150,
    floor: (ctx) => ({
      text: `select d.*, c.name, s.name from deals d join customers c on c.id = d.customer_id
             join pipeline_stages s on s.id = d.stage_id where d.id = $1 and d.owner_id = $2`,
      values: [ctx.dealId, ctx.repId],
    }),
  },
  {
    name: 'new deal form, rep',
    role: 'rep',
    path: (ctx) => `/deals/new?customer=${ctx.customerId}`,
    target: 150,
    floor: (ctx) => ({
      text: `select id, first_name, last_name from contacts where customer_id = $1 and deleted_at is null
             order by first_name, last_name, id`,
      values: [ctx.customerId],
    }),
  },
  { name: 'admin: stages', role: 'admin', path: () => '/admin/stages', target: 150 },
  { name: 'admin: SLA policies and calendars', role: 'admin', path: () => '/admin/sla', target: 150 },
  {
    name: 'knowledge base, agent',
    role: 'agent',
    path: () => '/kb',
    target: 150,
    floor: () => ({
      text: `select id, slug, title, left(body, 3000) from kb_articles order by updated_at desc, id limit 20`,
    }),
  },
  {
    name: 'knowledge-base search, rep',
    role: 'rep',
    path: () => '/kb?q=refund',
    target: 100,
    floor: () => ({
      text: `select id, title from kb_articles where status = 'published'
             and search_vector @@ websearch_to_tsquery('english', $1)
             order by ts_rank_cd(search_vector, websearch_to_tsquery('english', $1)) desc, updated_at desc limit 20`,
      values: ['refund'],
    }),
  },
  {
    name: 'knowledge-base article, rep',
    role: 'rep',
    // A seeded article (db/seed/kb-articles.ts); its view count goes up on every request, as for a reader.
    path: () => '/kb/how-refunds-work',
    target: 150,
    floor: () => ({
      text: `select a.*, c.name from kb_articles a left join kb_categories c on c.id = a.category_id where a.slug = $1`,
      values: ['how-refunds-work'],
    }),
  },
  {
    name: 'help-centre article (public)',
    role: 'signed out',
    // The public page of a published article, the link a reply gives a customer (no view counted).
    path: () => '/help/how-refunds-work',
    target: 150,
    floor: () => ({
      text: `select a.slug, a.title, a.body, c.name from kb_articles a left join kb_categories c on c.id = a.category_id
             where a.slug = $1 and a.status = 'published'`,
      values: ['how-refunds-work'],
    }),
  },
  { name: 'new knowledge-base article form, agent', role: 'agent', path: () => '/kb/new', target: 150 },
  {
    name: 'knowledge-base article edit form, agent',
    role: 'agent',
    path: () => '/kb/how-refunds-work/edit',
    target: 150,
  },
  { name: 'knowledge-base categories, manager', role: 'manager', path: () => '/kb/categories', target: 150 },
  { name: 'new case form, agent', role: 'agent', path: (ctx) => `/cases/new?customer=${ctx.customerId}`, target: 150 },
  {
    name: 'products (price book), manager',
    role: 'manager',
    path: () => '/products',
    target: 150,
    floor: () => ({
      text: `select id, sku, name, unit_price from products where active order by name, id limit 50`,
    }),
  },
  { name: 'new product form, manager', role: 'manager', path: () => '/products/new', target: 150 },
  {
    name: 'product page, manager',
    role: 'manager',
    path: (ctx) => (ctx.productId ? `/products/${ctx.productId}` : null),
    skipReason: 'no active product',
    target: 150,
    floor: (ctx) => ({ text: `select * from products where id = $1`, values: [ctx.productId] }),
  },
  {
    name: 'quotes, manager',
    role: 'manager',
    path: () => '/quotes',
    target: 150,
    floor: () => ({
      text: `select q.id, q.number, c.name from quotes q join customers c on c.id = q.customer_id
             order by q.created_at desc, q.id desc limit 50`,
    }),
  },
  {
    name: 'quotes, rep',
    role: 'rep',
    path: () => '/quotes',
    target: 150,
    floor: (ctx) => ({
      text: `select q.id from quotes q where exists (select 1 from deals d where d.id = q.deal_id and d.deleted_at is null
               and d.owner_id = $1) order by q.created_at desc, q.id desc limit 50`,
      values: [ctx.repId],
    }),
  },
  {
    name: 'quote page, rep',
    role: 'rep',
    path: (ctx) => (ctx.quoteId ? `/quotes/${ctx.quoteId}` : null),
    skipReason: 'no quote on a deal of the rep',
    target: 150,
    floor: (ctx) => ({
      text: `select * from quote_items where quote_id = $1 order by position`,
      values: [ctx.quoteId],
    }),
  },
  {
    name: 'new quote: pick a deal, rep',
    role: 'rep',
    path: () => '/quotes/new',
    target: 150,
    // The rep's open deals on live customers, latest changed first (lib/sales/quotes/quotes.ts listQuotableDeals).
    floor: (ctx) => ({
      text: `select d.id, d.name, c.name from deals d join customers c on c.id = d.customer_id
             where d.owner_id = $1 and d.status = 'open' and d.deleted_at is null and c.deleted_at is null
             order by d.updated_at desc limit 20`,
      values: [ctx.repId],
    }),
  },
  {
    name: 'new quote for a deal, rep',
    role: 'rep',
    path: (ctx) => (ctx.dealId ? `/quotes/new?deal=${ctx.dealId}` : null),
    skipReason: 'the demo rep has no open deal',
    target: 150,
    // The editor's product choice: every active product (listQuotableProducts).
    floor: () => ({ text: `select id, sku, name, unit_price from products where active order by name limit 1000` }),
  },
  {
    name: 'quote print view, rep',
    role: 'rep',
    path: (ctx) => (ctx.quoteId ? `/quotes/${ctx.quoteId}/print` : null),
    skipReason: 'no quote on a deal of the rep',
    target: 150,
  },
  {
    name: 'orders, manager',
    role: 'manager',
    path: () => '/orders',
    target: 150,
    floor: () => ({
      text: `select o.id, o.number, c.name from orders o left join customers c on c.id = o.customer_id
             order by o.ordered_at desc, o.id desc limit 50`,
    }),
  },
  {
    name: 'orders: returns of a customer name, last year, by total',
    role: 'manager',
    path: () =>
      `/orders?kind=return&customer=smith&from=${new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10)}&sort=total&dir=asc`,
    target: 150,
  },
  {
    name: 'orders, rep',
    role: 'rep',
    path: () => '/orders',
    target: 150,
    floor: (ctx) => ({
      text: `select o.id from orders o where o.owner_id = $1 or exists (select 1 from customers c where c.id = o.customer_id
               and c.owner_id = $1) order by o.ordered_at desc, o.id desc limit 50`,
      values: [ctx.repId],
    }),
  },
  {
    name: 'order page, manager',
    role: 'manager',
    path: (ctx) => (ctx.orderId ? `/orders/${ctx.orderId}` : null),
    skipReason: 'no order of the bench customer',
    target: 150,
    floor: (ctx) => ({ text: `select * from order_items where order_id = $1 order by line_no`, values: [ctx.orderId] }),
  },
  {
    name: 'leads, manager',
    role: 'manager',
    path: () => '/leads',
    target: 150,
    floor: () => ({
      text: `select l.id, l.first_name, l.last_name, l.company, l.status, l.score, u.name from leads l
             left join users u on u.id = l.owner_id where l.deleted_at is null order by l.created_at desc, l.id desc limit 50`,
    }),
  },
  {
    name: 'leads, rep',
    role: 'rep',
    path: () => '/leads',
    target: 150,
    floor: (ctx) => ({
      text: `select id, first_name, last_name, company, status, score from leads
             where deleted_at is null and owner_id = $1 order by created_at desc, id desc limit 50`,
      values: [ctx.repId],
    }),
  },
  {
    name: 'leads: qualified by score, page 20',
    role: 'manager',
    path: () => '/leads?status=qualified&sort=score&dir=desc&page=20',
    target: 150,
    floor: () => ({
      text: `select id from leads where deleted_at is null and status = 'qualified' order by score desc, id desc limit 50 offset 950`,
    }),
  },
  {
    name: 'leads: search',
    role: 'manager',
    path: () => '/leads?q=smith',
    target: 150,
  },
  {
    name: 'lead page, rep',
    role: 'rep',
    path: (ctx) => (ctx.leadId ? `/leads/${ctx.leadId}` : null),
    skipReason: 'the demo rep has no open lead',
    target: 150,
    floor: (ctx) => ({ text: `select * from leads where id = $1 and owner_id = $2`, values: [ctx.leadId, ctx.repId] }),
  },
  { name: 'new lead form, rep', role: 'rep', path: () => '/leads/new', target: 150 },
  {
    name: 'admin: lead scoring rules',
    role: 'admin',
    path: () => '/admin/lead-scoring',
    target: 150,
    floor: () => ({ text: `select id, kind, value, points, active from lead_score_rules order by kind, value, id` }),
  },
  { name: 'lead form thank-you page, signed out', role: 'signed out', path: () => '/lead-thanks', target: 150 },
  {
    name: 'lead page, manager',
    role: 'manager',
    path: (ctx) => (ctx.leadId ? `/leads/${ctx.leadId}` : null),
    skipReason: 'the demo rep has no open lead',
    target: 150,
  },
  {
    name: 'outbox (service-desk mail), manager',
    role: 'manager',
    path: () => '/outbox',
    target: 150,
    floor: () => ({
      text: `select m.id, m.subject, m.status, c.number from mail_messages m left join cases c on c.id = m.case_id
             order by m.seq desc limit 51`,
    }),
  },
  { name: "outbox, agent (mail of the queue's cases)", role: 'agent', path: () => '/outbox', target: 150 },
  {
    name: 'email (outbox message), manager',
    role: 'manager',
    path: (ctx) => (ctx.mailId ? `/outbox/${ctx.mailId}` : null),
    skipReason: 'the database has no email',
    target: 150,
    floor: (ctx) => ({
      text: `select m.*, c.number from mail_messages m left join cases c on c.id = m.case_id where m.id = $1`,
      values: [ctx.mailId],
    }),
  },
  { name: 'customers, agent', role: 'agent', path: () => '/customers', target: 150, floor: () => customerPage() },
  { name: 'customers, marketer', role: 'marketer', path: () => '/customers', target: 150, floor: () => customerPage() },
  ...DASHBOARDS,
  ...CASES,
  {
    name: 'analytics: customer value, US companies',
    role: 'manager',
    path: () => '/analytics?country=US&kind=company',
    target: 300,
  },
  {
    name: 'customers: Champions (drill-down)',
    role: 'manager',
    path: () => '/customers?segment=champions',
    target: 150,
    floor: () => scoredCustomerPage(`cs.rfm_segment = 'Champions'`, 'c.created_at desc, c.id desc', namedRun()),
  },
  {
    name: 'customers: by predicted CLV',
    role: 'manager',
    path: () => '/customers?sort=clv&dir=desc',
    target: 150,
    floor: () => scoredCustomerPage('true', 'cs.predicted_clv desc nulls last, c.id desc'),
  },
  {
    name: 'customers: R5 F1 cell, rep',
    role: 'rep',
    path: () => '/customers?r=5&f=1',
    target: 150,
    floor: () => scoredCustomerPage('cs.r_score = 5 and cs.f_score = 1', 'c.created_at desc, c.id desc'),
  },
  { name: 'segments, marketer', role: 'marketer', path: () => '/segments', target: 150 },
  {
    name: 'campaigns, marketer',
    role: 'marketer',
    path: () => '/campaigns',
    target: 150,
    floor: () => ({
      text: `select c.id, c.name, c.status, s.name, c.audience_count, c.sent_count, c.opened_count, c.clicked_count
             from campaigns c left join segments s on s.id = c.segment_id order by c.created_at desc, c.id limit 200`,
    }),
  },
  {
    // The editor of a new campaign: the segment picker and the sender settings, no recipients yet.
    name: 'new campaign (editor), marketer',
    role: 'marketer',
    path: () => '/campaigns/new',
    target: 150,
  },
  {
    // The target: the stats page at 1M member rows, ≤ 300 ms p95 (counters from the campaign's row).
    name: 'campaign stats, marketer',
    role: 'marketer',
    path: (ctx) => (ctx.campaignId ? `/campaigns/${ctx.campaignId}` : null),
    skipReason: 'the database has no sent campaign',
    target: 300,
    floor: (ctx) => ({
      text: `select m.id, m.customer_id, k.name, m.email, m.status from campaign_members m
             join customers k on k.id = m.customer_id where m.campaign_id = $1 order by m.customer_id limit 51`,
      values: [ctx.campaignId],
    }),
  },
  {
    name: 'campaign stats: failed recipients, manager',
    role: 'manager',
    path: (ctx) => (ctx.campaignId ? `/campaigns/${ctx.campaignId}?status=failed` : null),
    skipReason: 'the database has no sent campaign',
    target: 300,
    floor: (ctx) => ({
      text: `select count(*) from (select 1 from campaign_members m where m.campaign_id = $1 and m.status = 'failed' limit 10001) x`,
      values: [ctx.campaignId],
    }),
  },
  {
    name: 'new segment (rule builder), marketer',
    role: 'marketer',
    path: () => '/segments/new',
    target: 150,
    // The builder's live preview of "US and (Champions or spend > 1000)": the capped count it runs.
    floor: () => segmentPreview,
  },
  {
    name: 'marketing dashboard, marketer',
    role: 'marketer',
    path: () => '/marketing',
    target: 300,
    // Campaign counters with their stored attribution (lib/marketing/dashboard.ts): no member is read.
    floor: () => ({
      text: `select c.*, r.* from campaigns c left join campaign_results r on r.campaign_id = c.id
             where c.started_at >= now() - interval '90 days' order by c.started_at desc limit 50`,
    }),
  },
];

/** Pages timed on the embedded database at demo scale (it must stay fast for a new user too). */
export const PGLITE_PAGES: PageSpec[] = PAGES.filter((p) =>
  [
    'home (My day), manager',
    'home (My day), rep',
    'customers, manager',
    'customer 360',
    'search: smith',
    'pipeline board, manager',
    'leads, rep',
    'lead page, rep',
    'deals, manager',
    'deal page, rep',
    'analytics: customer value, manager',
    'analytics: customer value, rep',
  ].includes(p.name),
);
