import type { DatabaseHandle } from '../client';
import { seedActivities } from './activities';
import type { SeedContext } from './context';
import { seedCustomers } from './customers';
import { plantE2eCampaignMember } from './e2e-campaign';
import { withoutSecondaryIndexes } from './indexes';
import { seedKb } from './kb';
import { seedMarketing } from './marketing';
import { seedMarketingDemo } from './marketing-demo';
import { seedPipeline } from './pipeline';
import { Rng } from './random';
import { DEMO_PASSWORD_HASH, type SeedUser, seedReference, seedUsers } from './reference';
import { SCALES, type ScaleName } from './scales';
import { seedCases } from './service';

export { DEMO_PASSWORD } from './reference';
export const SEED = 20_261_122;

/** Every table the seed fills, in an order TRUNCATE … CASCADE accepts. */
const TABLES = [
  'duplicate_scans',
  'duplicate_candidates',
  'analytics_current',
  'analytics_basket_rules',
  'analytics_clusters',
  'customer_scores',
  'analytics_runs',
  'campaign_results',
  'campaign_members',
  'campaigns',
  'segment_sizes',
  'segment_members',
  'segments',
  'activities',
  'case_comments',
  'cases',
  'kb_votes',
  'kb_articles',
  'kb_categories',
  'sla_policies',
  'business_calendars',
  'order_items',
  'orders',
  'quote_items',
  'quotes',
  'deal_stage_history',
  'deals',
  'leads',
  'pipeline_stages',
  'products',
  'contacts',
  'customers',
  'audit_log',
  'login_attempts',
  'users',
];

/** Tables loaded in bulk (their secondary indexes are rebuilt after loading). */
const BULK_TABLES = [
  'customers',
  'contacts',
  'orders',
  'order_items',
  'leads',
  'deals',
  'deal_stage_history',
  'quotes',
  'quote_items',
  'cases',
  'case_comments',
  'activities',
];

export type SeedOptions = { scale: ScaleName; anchor?: Date; log?: (message: string) => void };
export type SeedResult = { users: SeedUser[]; counts: Record<string, number>; seconds: number; anchor: Date };

/** Today at 00:00 UTC: the default anchor, so data looks current and is identical all day. */
export function defaultAnchor(now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

export async function isDatabaseEmpty(handle: DatabaseHandle): Promise<boolean> {
  const result = (await handle.db.execute('select count(*)::int as n from users')) as unknown as {
    rows: { n: number }[];
  };
  return result.rows[0].n === 0;
}

export async function resetDatabase(handle: DatabaseHandle): Promise<void> {
  // customer_scores is partitioned by run (lib/analytics/partitions.ts): TRUNCATE would empty the
  // runs' tables but leave them attached, with no run left to prune them. They go with their runs.
  await handle.exec(`DO $$
    DECLARE r record;
    BEGIN
      FOR r IN SELECT inhrelid::regclass AS t FROM pg_inherits WHERE inhparent = 'customer_scores'::regclass LOOP
        EXECUTE format('DROP TABLE %s', r.t);
      END LOOP;
    END $$`);
  await handle.exec(`TRUNCATE ${TABLES.map((t) => `"${t}"`).join(', ')} RESTART IDENTITY CASCADE`);
  await handle.exec(`SELECT setval('case_number_seq', 1000, false)`);
  await handle.exec(`SELECT setval('quote_number_seq', 1, false)`);
}

/**
 * Fills an empty, migrated database with deterministic demo data: the same seed and anchor date
 * give the same rows (ids included) on every run and on both drivers.
 */
export async function seedDatabase(handle: DatabaseHandle, options: SeedOptions): Promise<SeedResult> {
  const started = Date.now();
  const log = options.log ?? (() => {});
  const anchor = options.anchor ?? defaultAnchor();
  const scale = SCALES[options.scale];
  const ctx: SeedContext = {
    rng: new Rng(SEED),
    anchor,
    scale,
    exec: (text) => handle.exec(text),
    log,
    users: { admin: '', managers: [], reps: [], agents: [], marketers: [] },
    stages: [],
    products: [],
    sla: {} as SeedContext['sla'],
    calendar: undefined as unknown as SeedContext['calendar'],
    customers: [],
    scoreRules: [],
  };
  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = Date.now();
    const result = await fn();
    log(`✓ ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    return result;
  };

  const passwordHash = DEMO_PASSWORD_HASH;
  const counts: Record<string, number> = {};
  if (handle.driver === 'pg') await handle.exec('SET synchronous_commit = off');
  const users = await step('users', () => seedUsers(ctx, passwordHash));
  const rules = (await handle.db.execute(
    'select id, kind, value, points, active from lead_score_rules order by id',
  )) as unknown as { rows: SeedContext['scoreRules'] };
  ctx.scoreRules = rules.rows;
  counts.users = users.length;
  await step('stages, SLA policies, products', () => seedReference(ctx));
  counts.products = ctx.products.length;
  // Rebuilding indexes pays off only for big loads into PostgreSQL.
  const bulk = handle.driver === 'pg' && scale.customers >= 10_000;
  const load = async (fn: () => Promise<void>) => (bulk ? withoutSecondaryIndexes(handle, BULK_TABLES, log, fn) : fn());
  await load(async () => {
    const c = await step(`customers, contacts, orders (scale ${options.scale})`, () => seedCustomers(ctx));
    Object.assign(counts, {
      customers: ctx.customers.length,
      contacts: c.contacts,
      orders: c.orders,
      orderItems: c.items,
    });
    const p = await step('leads, deals, stage history, quotes', () => seedPipeline(ctx));
    Object.assign(counts, p);
    const s = await step('cases and comments', () => seedCases(ctx));
    Object.assign(counts, s);
    counts.activities = await step('activities and tasks', () => seedActivities(ctx));
  });
  // Last, so the generator's draws for the steps above (and so their rows) stay as they were.
  Object.assign(counts, await step('knowledge base', () => seedKb(ctx)));
  Object.assign(counts, await step('marketing segment', () => seedMarketing(ctx)));
  await plantE2eCampaignMember(ctx);
  Object.assign(counts, await step('marketing dashboard demo', () => seedMarketingDemo(ctx)));
  // VACUUM too: a bulk load leaves no page marked all-visible until vacuum gets to it (autovacuum
  // would, in minutes; it may be off), and until then an index-only scan (the analytics refresh's
  // recent sales and their lines) reads the table as well.
  await step('vacuum and analyze', () => handle.exec('VACUUM ANALYZE'));
  return { users, counts, seconds: (Date.now() - started) / 1000, anchor };
}
