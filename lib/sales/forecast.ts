import 'server-only';
import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { weightedPipeline } from '@/analytics/sales';
import { db } from '@/db/client';
import { rows } from '@/db/rows';
import { deals, pipelineStages, salesQuotas, users } from '@/db/schema';
import { can, type Viewer } from '@/lib/auth/permissions';
import { optional } from '@/lib/search-params';
import { getSettings } from '@/lib/settings/settings';
import { seesTeam } from './dashboard';
import { visibleDeals } from './visibility';

// The forecast (issue 11): per close month × owner, the deals won in the month, what the reps call
// (commit; best case = commit + best case), the open pipeline (omitted deals left out) and its
// weighted amount (amount × stage probability, analytics/sales.ts), against each rep's quota for
// the month (set by a manager) and the attainment (won ÷ quota). Open deals are counted in the month
// of their expected close date; won deals in the month they were won (company time zone).

export const HORIZONS = [1, 3, 6, 12] as const;

const MONTH = /^(19\d{2}|2[01]\d{2})-(0[1-9]|1[0-2])$/;

export const ForecastFilterSchema = z.object({
  /** First month shown, YYYY-MM; absent: the current month. */
  from: optional(z.string().regex(MONTH)),
  months: z.preprocess((v) => Number(v), z.union([z.literal(1), z.literal(3), z.literal(6), z.literal(12)])).catch(3),
  owner: optional(z.union([z.literal('me'), z.uuid()])),
});
export type ForecastFilter = z.infer<typeof ForecastFilterSchema>;

export type ForecastCell = {
  quota: number | null;
  quotaVersion: number | null;
  won: number;
  wonCount: number;
  commit: number;
  bestCase: number;
  pipeline: number;
  weighted: number;
  openCount: number;
  /** won ÷ quota; null without a quota. */
  attainment: number | null;
};

export type ForecastPerson = { id: string | null; name: string | null; active: boolean; cells: ForecastCell[] };

export type Forecast = {
  months: string[];
  currency: string;
  people: ForecastPerson[];
  totals: ForecastCell[];
  /** Open deals whose expected close date is before the first month shown (past due). */
  overdue: { count: number; amount: number };
  /** Whether the viewer sets quotas (managers and admins). */
  canSetQuotas: boolean;
};

const num = (v: string | number | null | undefined) => (v === null || v === undefined ? 0 : Number(v));

const empty = (): ForecastCell => ({
  quota: null,
  quotaVersion: null,
  won: 0,
  wonCount: 0,
  commit: 0,
  bestCase: 0,
  pipeline: 0,
  weighted: 0,
  openCount: 0,
  attainment: null,
});

/** "YYYY-MM" plus `n` months. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const total = y * 12 + (m - 1) + n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

/** Roles whose people have a row in the forecast (they own deals). */
const SELLERS = ['sales_rep', 'manager', 'admin'] as const;

/** The forecast for `viewer`: a rep's own row; a manager's or admin's team (or one person). */
export async function getForecast(viewer: Viewer, filter: ForecastFilter): Promise<Forecast | null> {
  if (!can(viewer, 'dashboards:sales')) return null;
  const settings = await getSettings();
  const tz = settings.timeZone;
  const [{ current }] = await rows<{ current: string }>(
    db,
    sql`select to_char(now() at time zone ${tz}, 'YYYY-MM') as current`,
  );
  const first = filter.from ?? current;
  const months = Array.from({ length: filter.months }, (_, i) => addMonths(first, i));
  const start = `${first}-01`;
  const end = `${addMonths(first, filter.months)}-01`;
  const team = seesTeam(viewer);
  const conditions: SQL[] = [visibleDeals(viewer)];
  if (team && filter.owner) conditions.push(eq(deals.ownerId, filter.owner === 'me' ? viewer.userId : filter.owner));
  const visible = and(...conditions) as SQL;
  const only = team ? (filter.owner === 'me' ? viewer.userId : (filter.owner ?? null)) : viewer.userId;

  const [open, won, [overdue], quotas, probabilities] = await Promise.all([
    rows<{ owner_id: string | null; month: string; stage_id: string; category: string; n: number; amount: string }>(
      db,
      sql`select ${deals.ownerId} as owner_id, to_char(${deals.expectedCloseDate}, 'YYYY-MM') as month,
            ${deals.stageId} as stage_id, ${deals.forecastCategory} as category, count(*)::int as n,
            sum(${deals.amount}) as amount
          from ${deals}
          where ${deals.status} = 'open' and ${deals.forecastCategory} <> 'omitted'
            and ${deals.expectedCloseDate} >= ${start}::date and ${deals.expectedCloseDate} < ${end}::date
            and ${visible}
          group by 1, 2, 3, 4`,
    ),
    rows<{ owner_id: string | null; month: string; n: number; amount: string }>(
      db,
      sql`select ${deals.ownerId} as owner_id, to_char(${deals.closedAt} at time zone ${tz}, 'YYYY-MM') as month,
            count(*)::int as n, sum(${deals.amount}) as amount
          from ${deals}
          where ${deals.status} = 'won'
            and ${deals.closedAt} >= (${start}::timestamp at time zone ${tz})
            and ${deals.closedAt} < (${end}::timestamp at time zone ${tz})
            and ${visible}
          group by 1, 2`,
    ),
    rows<{ n: number; amount: string | null }>(
      db,
      sql`select count(*)::int as n, sum(${deals.amount}) as amount from ${deals}
          where ${deals.status} = 'open' and ${deals.forecastCategory} <> 'omitted'
            and ${deals.expectedCloseDate} < ${start}::date and ${visible}`,
    ),
    db
      .select({
        userId: salesQuotas.userId,
        month: sql<string>`to_char(${salesQuotas.month}, 'YYYY-MM')`,
        amount: salesQuotas.amount,
        version: salesQuotas.version,
      })
      .from(salesQuotas)
      .where(
        and(
          sql`${salesQuotas.month} >= ${start}::date and ${salesQuotas.month} < ${end}::date`,
          only ? eq(salesQuotas.userId, only) : undefined,
        ),
      ),
    db.select({ id: pipelineStages.id, p: pipelineStages.probability }).from(pipelineStages),
  ]);

  const probability = new Map(probabilities.map((s) => [s.id, s.p / 100]));
  const index = new Map(months.map((m, i) => [m, i]));
  const people = new Map<string | null, ForecastPerson>();
  const row = (id: string | null) => {
    let p = people.get(id);
    if (!p) {
      p = { id, name: null, active: true, cells: months.map(empty) };
      people.set(id, p);
    }
    return p;
  };
  // Everyone who sells has a row (a manager sets quotas for reps with nothing in the pipeline yet).
  const sellers = await db
    .select({ id: users.id, name: users.name, active: users.active })
    .from(users)
    .where(
      only
        ? eq(users.id, only)
        : and(
            inArray(users.role, [...SELLERS]),
            sql`(${users.active} or exists (select 1 from ${deals}
            where ${deals.ownerId} = ${users.id} and ${deals.status} = 'open'))`,
          ),
    )
    .orderBy(users.name);
  for (const u of sellers) Object.assign(row(u.id), { name: u.name, active: u.active });

  for (const r of open) {
    const i = index.get(r.month);
    if (i === undefined) continue;
    const cell = row(r.owner_id).cells[i];
    const amount = num(r.amount);
    cell.openCount += r.n;
    cell.pipeline += amount;
    cell.weighted += weightedPipeline([{ amount, probability: probability.get(r.stage_id) ?? 0 }]);
    if (r.category === 'commit') cell.commit += amount;
    if (r.category === 'commit' || r.category === 'best_case') cell.bestCase += amount;
  }
  for (const r of won) {
    const i = index.get(r.month);
    if (i === undefined) continue;
    const cell = row(r.owner_id).cells[i];
    cell.won += num(r.amount);
    cell.wonCount += r.n;
  }
  for (const q of quotas) {
    const i = index.get(q.month);
    if (i === undefined) continue;
    const cell = row(q.userId).cells[i];
    cell.quota = num(q.amount);
    cell.quotaVersion = q.version;
  }
  // Owners of visible deals who are not sellers any more (a deactivated user) still get their row.
  const missing = [...people.values()].filter((p) => p.id && p.name === null).map((p) => p.id as string);
  if (missing.length) {
    const named = await db
      .select({ id: users.id, name: users.name, active: users.active })
      .from(users)
      .where(inArray(users.id, missing));
    for (const u of named) Object.assign(row(u.id), { name: u.name, active: u.active });
  }

  const list = [...people.values()];
  for (const p of list) for (const c of p.cells) c.attainment = c.quota ? c.won / c.quota : null;
  const totals = months.map((_, i) => {
    const t = empty();
    for (const p of list) {
      const c = p.cells[i];
      t.won += c.won;
      t.wonCount += c.wonCount;
      t.commit += c.commit;
      t.bestCase += c.bestCase;
      t.pipeline += c.pipeline;
      t.weighted += c.weighted;
      t.openCount += c.openCount;
      if (c.quota !== null) t.quota = (t.quota ?? 0) + c.quota;
    }
    t.attainment = t.quota ? t.won / t.quota : null;
    return t;
  });
  return {
    months,
    currency: settings.currency,
    people: list.sort((a, b) => (a.id === null ? 1 : b.id === null ? -1 : (a.name ?? '').localeCompare(b.name ?? ''))),
    totals,
    overdue: { count: overdue?.n ?? 0, amount: num(overdue?.amount) },
    canSetQuotas: can(viewer, 'quotas:write'),
  };
}
