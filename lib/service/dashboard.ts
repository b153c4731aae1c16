import 'server-only';
import { type AnyColumn, and, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Attainment, csatFromCounts, SMALL_SAMPLE, slaAttainment } from '@/analytics/service';
import { db } from '@/db/client';
import { rows } from '@/db/rows';
import { cases, users } from '@/db/schema';
import { can, type Viewer } from '@/lib/auth/permissions';
import { optional } from '@/lib/search-params';
import { getSettings } from '@/lib/settings/settings';

// The service dashboard (issue 12): the open backlog by status and priority, SLA attainment for
// first response and resolution, median first-response and resolution times in business minutes
// (stored on the case when they happen: lib/service/service-times.ts), the CSAT trend and the
// volume by channel. A service agent sees their own numbers (cases assigned to them, whatever the
// URL says); managers and admins everyone, one agent through the filter, and a table per agent
// with the team's totals ("team" = all agents: there are no teams yet). Each figure is one
// aggregate over an index on its event time (the window), with GROUPING SETS giving the per-agent
// rows and the total in one pass; the formulas are analytics/service.ts's.

// 30 or 90 days: medians need a sort of every case in the window; at 200k cases a year's window
// (≈ 140k first responses) takes 0.6–0.9 s, past the dashboard's 300 ms budget. Longer trends
// belong to a snapshot job (as lib/analytics does), not to this request.
export const WINDOWS = [30, 90] as const;
export type Window = (typeof WINDOWS)[number];
export const TREND_UNITS = ['week', 'month'] as const;
export type TrendUnit = (typeof TREND_UNITS)[number];

export const ServiceDashboardFilterSchema = z.object({
  agent: optional(z.union([z.literal('me'), z.uuid()])),
  days: z.preprocess((v) => Number(v), z.union([z.literal(30), z.literal(90)])).catch(30),
  by: z.enum(TREND_UNITS).catch('week'),
});
export type ServiceDashboardFilter = z.infer<typeof ServiceDashboardFilterSchema>;

export const OPEN_STATUSES = ['new', 'open', 'pending'] as const;
export const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;

export type Timing = Attainment & { medianMinutes: number | null };
export type CsatFigure = { responses: number; satisfied: number; rate: number | null; small: boolean };
export type AgentRow = {
  agentId: string | null;
  name: string | null;
  open: number;
  firstResponse: Timing;
  resolution: Timing;
  csat: CsatFigure;
};
export type ServiceDashboard = {
  days: Window;
  by: TrendUnit;
  /** First day of the window ("YYYY-MM-DD", company time zone). */
  from: string;
  backlog: {
    total: number;
    cells: { status: (typeof OPEN_STATUSES)[number]; priority: (typeof PRIORITIES)[number]; count: number }[];
  };
  firstResponse: Timing;
  resolution: Timing;
  csat: CsatFigure;
  /** Per week or month of the window, oldest first (buckets without answers included: rate null). */
  trend: ({ period: string } & CsatFigure)[];
  channels: { channel: string; count: number }[];
  /** Every agent's row and the team's totals: managers and admins without an agent filter; else null. */
  agents: AgentRow[] | null;
  team: AgentRow | null;
};

/** Whether the viewer sees everyone (and may pick an agent). */
export function seesAllAgents(viewer: Viewer): boolean {
  return viewer.role === 'admin' || viewer.role === 'manager';
}

/** Whose cases the figures count: an agent's own, always; a manager's pick or everyone. */
function scopeOf(viewer: Viewer, filter: ServiceDashboardFilter): SQL {
  if (!seesAllAgents(viewer)) return sql`${cases.assigneeId} = ${viewer.userId}`;
  if (filter.agent) return sql`${cases.assigneeId} = ${filter.agent === 'me' ? viewer.userId : filter.agent}`;
  return sql`true`;
}

const frBreached = sql`(${cases.firstResponseBreachedAt} is not null or ${cases.firstRespondedAt} > ${cases.firstResponseDueAt})`;
const resBreached = sql`(${cases.resolutionBreachedAt} is not null or ${cases.resolvedAt} > ${cases.resolutionDueAt})`;

type TimingRow = { agent: string | null; g: number; met: number; breached: number; median?: number | null };
type CsatRow = { period: string | null; agent: string | null; g: number; responses: number; satisfied: number };

const timing = (r: TimingRow | undefined): Timing => ({
  ...slaAttainment({ met: r?.met ?? 0, breached: r?.breached ?? 0 }),
  medianMinutes: r?.median ?? null,
});
const csatFigure = (responses = 0, satisfied = 0): CsatFigure => ({
  responses,
  satisfied,
  rate: csatFromCounts({ responses, satisfied }),
  small: responses < SMALL_SAMPLE,
});

/** The service dashboard for `viewer` (`now` for tests), or null for a role without it. */
export async function getServiceDashboard(
  viewer: Viewer,
  filter: ServiceDashboardFilter,
  options: { now?: Date } = {},
): Promise<ServiceDashboard | null> {
  if (!can(viewer, 'dashboards:service')) return null;
  const tz = (await getSettings()).timeZone;
  const now = options.now ?? new Date();
  const scope = scopeOf(viewer, filter);
  const everyone = seesAllAgents(viewer) && !filter.agent;
  const nowSql = sql`${now.toISOString()}::timestamptz`;
  // The window starts at midnight (company time zone) days − 1 days back, and ends now.
  const from = sql`((date_trunc('day', ${nowSql} at time zone ${tz}) - make_interval(days => ${filter.days - 1})) at time zone ${tz})`;
  const within = (col: AnyColumn) => sql`${col} >= ${from} and ${col} <= ${nowSql}`;
  const unit = filter.by === 'month' ? sql.raw(`'month'`) : sql.raw(`'week'`);
  // A literal (a zone name from Settings, quoted): the trend's bucket expression appears in SELECT,
  // GROUPING() and GROUP BY, which PostgreSQL matches only if they are the same text, not two parameters.
  const tzLiteral = sql.raw(`'${tz.replace(/'/g, "''")}'`);
  const bucket = sql`date_trunc(${unit}, ${cases.csatAnsweredAt} at time zone ${tzLiteral})`;
  // Per agent and the total in one pass (an agent's scope holds one agent: the same two rows).
  const perAgent = sql`grouping sets ((${cases.assigneeId}), ())`;
  const firstInWindow = sql`${cases.firstRespondedAt} is not null and ${within(cases.firstRespondedAt)} and ${scope}`;
  const resolvedInWindow = sql`${cases.resolvedAt} is not null and ${within(cases.resolvedAt)}
    and ${inArray(cases.status, ['resolved', 'closed'])} and ${scope}`;
  const medians = (column: AnyColumn, where: SQL) =>
    rows<{ agent: string | null; g: number; median: number | null }>(
      db,
      sql`select ${cases.assigneeId} as agent, grouping(${cases.assigneeId})::int as g,
            percentile_cont(0.5) within group (order by ${column}) as median
          from ${cases} where ${where} group by ${perAgent}`,
    );

  const [[start], periods, backlog, firstCounts, firstMedians, resolutionCounts, resolutionMedians, csat, channels] =
    await Promise.all([
      rows<{ from: string }>(db, sql`select to_char(${from} at time zone ${tz}, 'YYYY-MM-DD') as from`),
      rows<{ period: string }>(
        db,
        sql`select to_char(g, 'YYYY-MM-DD') as period from generate_series(
            date_trunc(${unit}, ${from} at time zone ${tz}), date_trunc(${unit}, ${nowSql} at time zone ${tz}),
            ${filter.by === 'month' ? sql`interval '1 month'` : sql`interval '1 week'`}) g order by g`,
      ),
      rows<{ status: string | null; priority: string | null; agent: string | null; g: number; n: number }>(
        db,
        sql`select ${cases.status} as status, ${cases.priority} as priority, ${cases.assigneeId} as agent,
            grouping(${cases.status}, ${cases.priority}, ${cases.assigneeId})::int as g, count(*)::int as n
          from ${cases} where ${inArray(cases.status, [...OPEN_STATUSES])} and ${scope}
          group by grouping sets ((${cases.status}, ${cases.priority}), (${cases.assigneeId}), ())`,
      ),
      rows<TimingRow>(
        db,
        sql`select ${cases.assigneeId} as agent, grouping(${cases.assigneeId})::int as g,
            count(*) filter (where ${cases.firstResponseDueAt} is not null and not ${frBreached})::int as met,
            count(*) filter (where ${cases.firstResponseDueAt} is not null and ${frBreached})::int as breached
          from ${cases} where ${firstInWindow} group by ${perAgent}`,
      ),
      // Medians apart from the counts: the sort they need then carries one narrow column, not every filter's.
      medians(cases.firstResponseBusinessMinutes, firstInWindow),
      rows<TimingRow>(
        db,
        sql`select ${cases.assigneeId} as agent, grouping(${cases.assigneeId})::int as g,
            count(*) filter (where ${cases.resolutionDueAt} is not null and not ${resBreached})::int as met,
            count(*) filter (where ${cases.resolutionDueAt} is not null and ${resBreached})::int as breached
          from ${cases} where ${resolvedInWindow} group by ${perAgent}`,
      ),
      medians(cases.resolutionBusinessMinutes, resolvedInWindow),
      rows<CsatRow>(
        db,
        sql`select to_char(${bucket}, 'YYYY-MM-DD') as period,
            ${cases.assigneeId} as agent, grouping(${bucket}, ${cases.assigneeId})::int as g,
            count(*)::int as responses, count(*) filter (where ${cases.csatRating} >= 4)::int as satisfied
          from ${cases} where ${cases.csatAnsweredAt} is not null and ${within(cases.csatAnsweredAt)}
            and ${cases.csatRating} is not null and ${scope}
          group by grouping sets ((${bucket}), (${cases.assigneeId}), ())`,
      ),
      rows<{ channel: string; n: number }>(
        db,
        sql`select ${cases.channel} as channel, count(*)::int as n from ${cases}
          where ${within(cases.createdAt)} and ${scope} group by 1 order by 2 desc, 1`,
      ),
    ]);

  // The counts and the medians per (agent, grouping), as one row each.
  const join = (counts: TimingRow[], meds: { agent: string | null; g: number; median: number | null }[]) =>
    counts.map((r) => ({ ...r, median: meds.find((m) => m.g === r.g && m.agent === r.agent)?.median ?? null }));
  const first = join(firstCounts, firstMedians);
  const resolution = join(resolutionCounts, resolutionMedians);
  const cells = backlog
    .filter((r) => r.g === 1) // grouped by status and priority (assignee rolled up)
    .map((r) => ({
      status: r.status as (typeof OPEN_STATUSES)[number],
      priority: r.priority as (typeof PRIORITIES)[number],
      count: r.n,
    }));
  const total = backlog.find((r) => r.g === 7)?.n ?? 0;
  const csatTotal = csat.find((r) => r.g === 3);
  const trendBy = new Map(csat.filter((r) => r.g === 1).map((r) => [r.period, r]));

  let agents: AgentRow[] | null = null;
  let team: AgentRow | null = null;
  if (everyone) {
    const ids = new Set<string | null>();
    for (const r of backlog) if (r.g === 6) ids.add(r.agent);
    for (const r of [...first, ...resolution]) if (r.g === 0) ids.add(r.agent);
    for (const r of csat) if (r.g === 2) ids.add(r.agent);
    // Every active agent gets a row, also one with nothing in the window.
    const named = [...ids].filter((i): i is string => i !== null);
    const activeAgent = and(eq(users.role, 'service_agent'), eq(users.active, true));
    const people = await db
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(named.length ? or(activeAgent, inArray(users.id, named)) : activeAgent);
    for (const p of people) ids.add(p.id);
    const nameOf = new Map(people.map((p) => [p.id, p.name]));
    const row = (agent: string | null): AgentRow => {
      const c = csat.find((r) => r.g === 2 && r.agent === agent);
      return {
        agentId: agent,
        name: agent ? (nameOf.get(agent) ?? null) : null,
        open: backlog.find((r) => r.g === 6 && r.agent === agent)?.n ?? 0,
        firstResponse: timing(first.find((r) => r.g === 0 && r.agent === agent)),
        resolution: timing(resolution.find((r) => r.g === 0 && r.agent === agent)),
        csat: csatFigure(c?.responses, c?.satisfied),
      };
    };
    agents = [...ids]
      .map(row)
      .sort((a, b) => (a.agentId === null ? 1 : b.agentId === null ? -1 : (a.name ?? '').localeCompare(b.name ?? '')));
    team = {
      agentId: null,
      name: null,
      open: total,
      firstResponse: timing(first.find((r) => r.g === 1)),
      resolution: timing(resolution.find((r) => r.g === 1)),
      csat: csatFigure(csatTotal?.responses, csatTotal?.satisfied),
    };
  }

  return {
    days: filter.days,
    by: filter.by,
    from: start.from,
    backlog: { total, cells },
    firstResponse: timing(first.find((r) => r.g === 1)),
    resolution: timing(resolution.find((r) => r.g === 1)),
    csat: csatFigure(csatTotal?.responses, csatTotal?.satisfied),
    trend: periods.map(({ period }) => {
      const r = trendBy.get(period);
      return { period, ...csatFigure(r?.responses, r?.satisfied) };
    }),
    channels: channels.map((r) => ({ channel: r.channel, count: r.n })),
    agents,
    team,
  };
}
