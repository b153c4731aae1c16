import 'server-only';
import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type FunnelStep, salesVelocity, stageConversion, winRate } from '@/analytics/sales';
import { db } from '@/db/client';
import { rows } from '@/db/rows';
import { deals, pipelineStages, users } from '@/db/schema';
import { can, type Viewer } from '@/lib/auth/permissions';
import type { Locale } from '@/lib/i18n/config';
import { stageLocale, stageNameSql } from '@/lib/sales/stages/names';
import { optional } from '@/lib/search-params';
import { getSettings } from '@/lib/settings/settings';
import { amountSum, weightedSum } from './money-sql';
import { visibleDeals } from './visibility';

// The sales dashboard (issue 11): the open pipeline by stage, the stage-conversion funnel of the
// deals created in the period, win rate, average cycle, sales velocity, lost reasons and the trend
// of won revenue, for the deals the viewer may see (a rep: their own; managers and admins: the team,
// or one person through the owner filter, and a table of every person). Aggregates in SQL over
// indexed columns; the formulas are analytics/sales.ts's. Money is summed in SQL (numeric) and kept
// as decimal strings down to the display (lib/sales/money-sql.ts); ratios are numbers.

export const PERIODS = [3, 6, 12, 24] as const;
export type Period = (typeof PERIODS)[number];

export const SalesDashboardFilterSchema = z.object({
  owner: optional(z.union([z.literal('me'), z.uuid()])),
  months: z.preprocess((v) => Number(v), z.union([z.literal(3), z.literal(6), z.literal(12), z.literal(24)])).catch(12),
});
export type SalesDashboardFilter = z.infer<typeof SalesDashboardFilterSchema>;

/** An amount of money: a decimal string with two places, e.g. "1234.50" (exact; see lib/sales/money-sql.ts). */
export type Money = string;

export type StageRow = {
  id: string;
  name: string;
  probability: number;
  count: number;
  amount: Money;
  weighted: Money;
};
export type MonthRow = { month: string; wonCount: number; wonAmount: Money; lostCount: number };
export type LostReasonRow = { reason: string | null; count: number; amount: Money };
export type PersonRow = {
  ownerId: string | null;
  name: string | null;
  openCount: number;
  openAmount: Money;
  weighted: Money;
  won: number;
  lost: number;
  wonAmount: Money;
  winRate: number | null;
  cycleDays: number | null;
};
export type SalesDashboard = {
  months: Period;
  /** First day of the period (in the company's time zone), and its months oldest first. */
  from: string;
  currency: string;
  open: { count: number; amount: Money; weighted: Money };
  won: { count: number; amount: Money };
  lost: { count: number; amount: Money };
  winRate: number | null;
  /** Mean days from creation to close of the deals won in the period. */
  cycleDays: number | null;
  /** Revenue per day the open pipeline is expected to bring at the period's win rate, deal value and cycle. */
  velocity: number | null;
  stages: StageRow[];
  funnel: (FunnelStep & { stageId: string })[];
  /** Deals created in the period (the funnel's base). */
  created: number;
  trend: MonthRow[];
  lostReasons: LostReasonRow[];
  /** Every person's numbers (managers and admins without an owner filter); null for a rep. */
  people: PersonRow[] | null;
};

/** Whether the viewer sees the team (and may filter by owner). */
export function seesTeam(viewer: Viewer): boolean {
  return viewer.role === 'admin' || viewer.role === 'manager';
}

const ZERO: Money = '0.00';

/** The sales dashboard for `viewer`, or null for a role without it. */
export async function getSalesDashboard(
  viewer: Viewer,
  filter: SalesDashboardFilter,
  locale?: Locale,
): Promise<SalesDashboard | null> {
  if (!can(viewer, 'dashboards:sales')) return null;
  const settings = await getSettings();
  const tz = settings.timeZone;
  const conditions: SQL[] = [visibleDeals(viewer)];
  if (seesTeam(viewer) && filter.owner)
    conditions.push(eq(deals.ownerId, filter.owner === 'me' ? viewer.userId : filter.owner));
  const visible = and(...conditions) as SQL;
  // The period starts on the first of the month (months − 1) months back, in the company's time zone.
  const from = sql`((date_trunc('month', now() at time zone ${tz}) - make_interval(months => ${filter.months - 1})) at time zone ${tz})`;
  const closedInPeriod = sql`${deals.status} <> 'open' and ${deals.closedAt} >= ${from}`;
  // Whole days from creation to close, as analytics/sales.ts averageSalesCycle counts them (UTC days).
  const cycle = sql`((${deals.closedAt} at time zone 'UTC')::date - (${deals.createdAt} at time zone 'UTC')::date)`;
  const team = seesTeam(viewer) && !filter.owner;

  const [stages, openByStage, closedByMonth, lostReasons, furthest, [start], people] = await Promise.all([
    db
      .select({
        id: pipelineStages.id,
        name: stageNameSql(pipelineStages, stageLocale(viewer, locale)),
        probability: pipelineStages.probability,
        isWon: pipelineStages.isWon,
        isLost: pipelineStages.isLost,
      })
      .from(pipelineStages)
      .where(eq(pipelineStages.active, true))
      .orderBy(pipelineStages.position),
    // Per stage, and (the row whose stage_id is null: grouping sets) all open deals, stages since deactivated included.
    rows<{ stage_id: string | null; n: number; amount: Money; weighted: Money }>(
      db,
      sql`select ${deals.stageId} as stage_id, count(*)::int as n, ${amountSum} as amount, ${weightedSum} as weighted
          from ${deals} join ${pipelineStages} on ${pipelineStages.id} = ${deals.stageId}
          where ${deals.status} = 'open' and ${visible} group by grouping sets ((${deals.stageId}), ())`,
    ),
    // Per month and status, and (month null) per status over the whole period.
    rows<{ month: string | null; status: 'won' | 'lost'; n: number; amount: Money; cycle_days: number }>(
      db,
      sql`select to_char(date_trunc('month', ${deals.closedAt} at time zone ${tz}), 'YYYY-MM') as month,
            ${deals.status} as status, count(*)::int as n, ${amountSum} as amount,
            sum(${cycle})::int as cycle_days
          from ${deals} where ${closedInPeriod} and ${visible}
          group by grouping sets ((1, 2), (2))`,
    ),
    rows<{ reason: string | null; n: number; amount: Money }>(
      db,
      sql`select ${deals.lostReason} as reason, count(*)::int as n, ${amountSum} as amount
          from ${deals} where ${closedInPeriod} and ${deals.status} = 'lost' and ${visible}
          group by 1 order by 2 desc, 1 limit 12`,
    ),
    rows<{ stage_id: string | null; n: number }>(
      db,
      sql`select ${deals.furthestStageId} as stage_id, count(*)::int as n from ${deals}
          where ${deals.createdAt} >= ${from} and ${visible} group by 1`,
    ),
    rows<{ from: string }>(db, sql`select to_char(${from} at time zone ${tz}, 'YYYY-MM-DD') as from`),
    team ? peopleRows(visible, closedInPeriod, cycle) : Promise.resolve(null),
  ]);

  const openStages = stages.filter((s) => !s.isWon && !s.isLost);
  const byStage = new Map(openByStage.filter((r) => r.stage_id !== null).map((r) => [r.stage_id, r]));
  const stageRows: StageRow[] = openStages.map((s) => {
    const r = byStage.get(s.id);
    return {
      id: s.id,
      name: s.name,
      probability: s.probability,
      count: r?.n ?? 0,
      amount: r?.amount ?? ZERO,
      weighted: r?.weighted ?? ZERO,
    };
  });
  // The grand-total row (grouping set ()): open deals in a stage since deactivated count too.
  const all = openByStage.find((r) => r.stage_id === null);
  const open = { count: all?.n ?? 0, amount: all?.amount ?? ZERO, weighted: all?.weighted ?? ZERO };

  const months = monthsFrom(start.from, filter.months);
  const trend = new Map<string, MonthRow>(
    months.map((m) => [m, { month: m, wonCount: 0, wonAmount: ZERO, lostCount: 0 }]),
  );
  const won = { count: 0, amount: ZERO };
  const lost = { count: 0, amount: ZERO };
  let wonCycleDays = 0;
  for (const r of closedByMonth) {
    if (r.month === null) {
      // The period's totals per status, summed in SQL.
      if (r.status === 'won') {
        Object.assign(won, { count: r.n, amount: r.amount });
        wonCycleDays = r.cycle_days;
      } else Object.assign(lost, { count: r.n, amount: r.amount });
      continue;
    }
    const row = trend.get(r.month);
    if (!row) continue;
    if (r.status === 'won') Object.assign(row, { wonCount: r.n, wonAmount: r.amount });
    else row.lostCount = r.n;
  }
  const rate = winRate({ won: won.count, lost: lost.count });
  const cycleDays = won.count ? wonCycleDays / won.count : null;
  // No velocity without a positive cycle: imported deals can close before they were created here.
  const velocity =
    rate !== null && cycleDays !== null && cycleDays > 0 && won.count
      ? salesVelocity({
          opportunities: open.count,
          averageDealValue: Number(won.amount) / won.count, // an estimate: a number is fine here
          winRate: rate,
          salesCycleDays: cycleDays,
        })
      : null;

  // The funnel runs over the open stages then the won one; a deal that never got past the first
  // stage (or was created straight into a lost one) counts as having reached the first.
  const funnelStages = stages.filter((s) => !s.isLost);
  const first = funnelStages[0]?.id;
  const reached: { furthestStage: string }[] = [];
  let created = 0;
  for (const r of furthest) {
    created += r.n;
    const id = r.stage_id && funnelStages.some((s) => s.id === r.stage_id) ? r.stage_id : first;
    if (!id) continue;
    const item = { furthestStage: id };
    for (let i = 0; i < r.n; i++) reached.push(item);
  }
  const funnel = stageConversion(
    funnelStages.map((s) => s.id),
    reached,
  ).map((step) => ({ ...step, stageId: step.stage, stage: funnelStages.find((s) => s.id === step.stage)?.name ?? '' }));

  return {
    months: filter.months,
    from: start.from,
    currency: settings.currency,
    open,
    won,
    lost,
    winRate: rate,
    cycleDays,
    velocity,
    stages: stageRows,
    funnel,
    created,
    trend: [...trend.values()],
    lostReasons: lostReasons.map((r) => ({ reason: r.reason, count: r.n, amount: r.amount })),
    people,
  };
}

/** The period's months, "YYYY-MM", oldest first, from its first day "YYYY-MM-DD". */
export function monthsFrom(first: string, count: number): string[] {
  const [y, m] = first.split('-').map(Number);
  return Array.from({ length: count }, (_, i) => {
    const total = y * 12 + (m - 1) + i;
    return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
  });
}

/** Each owner's open pipeline and closed deals of the period (the team table); money summed in SQL. */
async function peopleRows(visible: SQL, closedInPeriod: SQL, cycle: SQL): Promise<PersonRow[]> {
  const [open, closed] = await Promise.all([
    rows<{ owner_id: string | null; n: number; amount: Money; weighted: Money }>(
      db,
      sql`select ${deals.ownerId} as owner_id, count(*)::int as n, ${amountSum} as amount, ${weightedSum} as weighted
          from ${deals} join ${pipelineStages} on ${pipelineStages.id} = ${deals.stageId}
          where ${deals.status} = 'open' and ${visible} group by 1`,
    ),
    rows<{ owner_id: string | null; status: 'won' | 'lost'; n: number; amount: Money; cycle_days: number }>(
      db,
      sql`select ${deals.ownerId} as owner_id, ${deals.status} as status, count(*)::int as n,
            ${amountSum} as amount, sum(${cycle})::int as cycle_days
          from ${deals} where ${closedInPeriod} and ${visible} group by 1, 2`,
    ),
  ]);
  const people = new Map<string | null, PersonRow & { cycleSum: number }>();
  const person = (ownerId: string | null) => {
    let p = people.get(ownerId);
    if (!p) {
      p = {
        ownerId,
        name: null,
        openCount: 0,
        openAmount: ZERO,
        weighted: ZERO,
        won: 0,
        lost: 0,
        wonAmount: ZERO,
        winRate: null,
        cycleDays: null,
        cycleSum: 0,
      };
      people.set(ownerId, p);
    }
    return p;
  };
  for (const r of open)
    Object.assign(person(r.owner_id), { openCount: r.n, openAmount: r.amount, weighted: r.weighted });
  for (const r of closed) {
    const p = person(r.owner_id);
    if (r.status === 'won') Object.assign(p, { won: r.n, wonAmount: r.amount, cycleSum: r.cycle_days });
    else p.lost = r.n;
  }
  const ids = [...people.keys()].filter((id): id is string => id !== null);
  const names = ids.length
    ? await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids))
    : [];
  const nameOf = new Map(names.map((u) => [u.id, u.name]));
  return (
    [...people.values()]
      .map(({ cycleSum, ...p }) => ({
        ...p,
        name: p.ownerId ? (nameOf.get(p.ownerId) ?? null) : null,
        winRate: winRate({ won: p.won, lost: p.lost }),
        cycleDays: p.won ? cycleSum / p.won : null,
      }))
      // Ordering only: comparing as numbers is fine.
      .sort((a, b) => Number(b.wonAmount) - Number(a.wonAmount) || Number(b.weighted) - Number(a.weighted))
  );
}
