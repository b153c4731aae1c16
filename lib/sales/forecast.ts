import 'server-only';
import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { rows } from '@/db/rows';
import { deals, pipelineStages, salesQuotas, users } from '@/db/schema';
import { can, type Viewer } from '@/lib/auth/permissions';
import { optional } from '@/lib/search-params';
import { getSettings } from '@/lib/settings/settings';
import { type Money, seesTeam } from './dashboard';
import { amountSum } from './money-sql';
import { visibleDeals } from './visibility';

// The forecast (issue 11): per close month × owner, the deals won in the month, what the reps call
// (commit; best case = commit + best case), the open pipeline (omitted deals left out) and its
// weighted amount (amount × stage probability, analytics/sales.ts), against each rep's quota for
// the month (set by a manager) and the attainment (won ÷ quota). Open deals are counted in the month
// of their expected close date; won deals in the month they were won (company time zone). Money is
// summed in SQL as numeric, each month's team total too (grouping sets), and stays a decimal string.

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
  quota: Money | null;
  quotaVersion: number | null;
  won: Money;
  wonCount: number;
  commit: Money;
  bestCase: Money;
  pipeline: Money;
  weighted: Money;
  openCount: number;
  /** won ÷ quota; null without a quota. */
  attainment: number | null;
};

export type ForecastPerson = {
  id: string | null;
  name: string | null;
  active: boolean;
  cells: ForecastCell[];
  /** The person over every month shown (the team table's row when it lists people, not months). */
  period: ForecastCell;
};

export type Forecast = {
  months: string[];
  currency: string;
  people: ForecastPerson[];
  totals: ForecastCell[];
  /** The team over every month shown (the KPI tiles). */
  whole: ForecastCell;
  /** Open deals whose expected close date is before the first month shown (past due). */
  overdue: { count: number; amount: Money };
  /** Whether the viewer sets quotas (managers and admins). */
  canSetQuotas: boolean;
};

const ZERO: Money = '0.00';

const empty = (): ForecastCell => ({
  quota: null,
  quotaVersion: null,
  won: ZERO,
  wonCount: 0,
  commit: ZERO,
  bestCase: ZERO,
  pipeline: ZERO,
  weighted: ZERO,
  openCount: 0,
  attainment: null,
});

/** won ÷ quota (a ratio: a number is fine); null without a quota. */
const attainment = (won: Money, quota: Money | null) =>
  quota !== null && Number(quota) ? Number(won) / Number(quota) : null;

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

  // Each query groups by (owner, month), by month alone and over all: `total` marks the team's rows,
  // a null month the whole period's. Month is grouped by position (3): the time zone is a parameter,
  // and two placeholders of one value are not the same expression to PostgreSQL.
  const monthWon = sql`to_char(${deals.closedAt} at time zone ${tz}, 'YYYY-MM')`;
  const [open, won, [overdue], quotas, quotaTotals] = await Promise.all([
    rows<{
      total: boolean;
      owner_id: string | null;
      month: string | null;
      n: number;
      pipeline: Money;
      commit: Money;
      best_case: Money;
      weighted: Money;
    }>(
      db,
      // Two steps: the open deals grouped by (owner, month, stage, category) through the covering
      // deals_open_close_idx (45k deals of a year → about 1,500 groups), then the grouping sets over
      // those with the stage's probability: summing numerics once per group, not three times per
      // deal, took the 12-month forecast's query from 120 ms to 30 ms.
      sql`with g as (
            select ${deals.ownerId} as owner_id, date_trunc('month', ${deals.expectedCloseDate}::timestamp)::date as m,
                   ${deals.stageId} as stage_id, ${deals.forecastCategory} as fc, count(*)::int as n, sum(${deals.amount}) as amount
            from ${deals}
            where ${deals.status} = 'open' and ${deals.forecastCategory} <> 'omitted'
              and ${deals.expectedCloseDate} >= ${start}::date and ${deals.expectedCloseDate} < ${end}::date
              and ${visible}
            group by 1, 2, 3, 4)
          select grouping(g.owner_id) = 1 as total, g.owner_id, to_char(g.m, 'YYYY-MM') as month,
            coalesce(sum(g.n), 0)::int as n,
            coalesce(sum(g.amount), 0)::numeric(16,2)::text as pipeline,
            coalesce(sum(g.amount) filter (where g.fc = 'commit'), 0)::numeric(16,2)::text as commit,
            coalesce(sum(g.amount) filter (where g.fc in ('commit', 'best_case')), 0)::numeric(16,2)::text as best_case,
            round(coalesce(sum(g.amount * ${pipelineStages.probability}), 0) / 100, 2)::numeric(16,2)::text as weighted
          from g join ${pipelineStages} on ${pipelineStages.id} = g.stage_id
          group by grouping sets ((g.owner_id, g.m), (g.owner_id), (g.m), ())`,
    ),
    rows<{ total: boolean; owner_id: string | null; month: string | null; n: number; amount: Money }>(
      db,
      sql`select grouping(${deals.ownerId}) = 1 as total, ${deals.ownerId} as owner_id, ${monthWon} as month,
            count(*)::int as n, ${amountSum} as amount
          from ${deals}
          where ${deals.status} = 'won'
            and ${deals.closedAt} >= (${start}::timestamp at time zone ${tz})
            and ${deals.closedAt} < (${end}::timestamp at time zone ${tz})
            and ${visible}
          group by grouping sets ((${deals.ownerId}, 3), (${deals.ownerId}), (3), ())`,
    ),
    rows<{ n: number; amount: Money }>(
      db,
      sql`select count(*)::int as n, ${amountSum} as amount from ${deals}
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
          only ? eq(salesQuotas.userId, only) : sql`true`,
        ),
      ),
    rows<{ total: boolean; user_id: string | null; month: string | null; amount: Money | null }>(
      db,
      sql`select grouping(${salesQuotas.userId}) = 1 as total, ${salesQuotas.userId} as user_id,
            to_char(${salesQuotas.month}, 'YYYY-MM') as month, sum(${salesQuotas.amount})::numeric(16,2)::text as amount
          from ${salesQuotas}
          where ${salesQuotas.month} >= ${start}::date and ${salesQuotas.month} < ${end}::date
            and ${only ? eq(salesQuotas.userId, only) : sql`true`}
          group by grouping sets ((3), (${salesQuotas.userId}), ())`,
    ),
  ]);

  const index = new Map(months.map((m, i) => [m, i]));
  const people = new Map<string | null, ForecastPerson>();
  const row = (id: string | null) => {
    let p = people.get(id);
    if (!p) {
      p = { id, name: null, active: true, cells: months.map(empty), period: empty() };
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

  const totals = months.map(empty);
  const whole = empty();
  /** The cell a grouped row fills: a person's month or period, the team's month, or the whole period. */
  const cellOf = (r: { total: boolean; owner_id: string | null; month: string | null }) => {
    if (r.month === null) return r.total ? whole : row(r.owner_id).period;
    const i = index.get(r.month);
    if (i === undefined) return null;
    return r.total ? totals[i] : row(r.owner_id).cells[i];
  };
  for (const r of open) {
    const cell = cellOf(r);
    if (!cell) continue;
    Object.assign(cell, {
      openCount: r.n,
      pipeline: r.pipeline,
      weighted: r.weighted,
      commit: r.commit,
      bestCase: r.best_case,
    });
  }
  for (const r of won) {
    const cell = cellOf(r);
    if (!cell) continue;
    Object.assign(cell, { won: r.amount, wonCount: r.n });
  }
  for (const q of quotas) {
    const i = index.get(q.month);
    if (i === undefined) continue;
    const cell = row(q.userId).cells[i];
    cell.quota = q.amount;
    cell.quotaVersion = q.version;
  }
  for (const q of quotaTotals) {
    if (q.month === null) {
      // The grouping set () gives a row (null sum) even without quotas.
      if (q.amount === null) continue;
      if (q.total) whole.quota = q.amount;
      else row(q.user_id).period.quota = q.amount;
      continue;
    }
    const i = index.get(q.month);
    if (i !== undefined && q.amount !== null) totals[i].quota = q.amount;
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
  for (const c of [...list.flatMap((p) => [...p.cells, p.period]), ...totals, whole])
    c.attainment = attainment(c.won, c.quota);
  return {
    months,
    currency: settings.currency,
    people: list.sort((a, b) => (a.id === null ? 1 : b.id === null ? -1 : (a.name ?? '').localeCompare(b.name ?? ''))),
    totals,
    whole,
    overdue: { count: overdue?.n ?? 0, amount: overdue?.amount ?? ZERO },
    canSetQuotas: can(viewer, 'quotas:write'),
  };
}
