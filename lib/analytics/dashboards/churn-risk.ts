import 'server-only';
import { type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { db } from '@/db/client';
import { fromTable, rows } from '@/db/rows';
import { activities, type ChurnReason, customerScores as cs, customers, users } from '@/db/schema';
import { can, type Viewer } from '@/lib/auth/permissions';
import { liveCustomer } from '@/lib/customers/visibility';
import type { AnalyticsFilter } from '../filters';
import { ALIVE_FALL_THRESHOLD, CHURN_RISK_THRESHOLD, VALUABLE_MIN_CLV_BAND } from '../labels';
import { isWholeScope, scopeWhere } from '../scope';
import { type CurrentRun, getCurrentRun, mostValuableFirst, perRun } from './base';

/** What created a churn follow-up task (activities.origin): at most one open per customer. */
export const FOLLOW_UP_ORIGIN = 'churn-follow-up';

const previous = alias(cs, 'previous_score');

/** Valuable: predicted CLV in the top two quintiles; without a CLV model, an "important" value class. */
export const valuable: SQL = sql`(${cs.clvBand} >= ${VALUABLE_MIN_CLV_BAND} or (${cs.clvBand} is null and ${cs.valueClass} like 'important-%'))`;

/** At risk: a high churn score, or P(alive) fell noticeably since the previous run. */
const atRisk: SQL = sql`(${cs.churnRisk} >= ${CHURN_RISK_THRESHOLD}
  or ${previous.pAlive} - ${cs.pAlive} >= ${ALIVE_FALL_THRESHOLD})`;

/** A churn reason with the direction of its feature (above or below the average customer). */
export type RiskReason = ChurnReason & { direction: 'high' | 'low' };

export type AtRiskCustomer = {
  id: string;
  name: string;
  ownerId: string | null;
  ownerName: string | null;
  predictedClv: string | null;
  pAlive: number | null;
  previousPAlive: number | null;
  churnRisk: number | null;
  reasons: RiskReason[];
  lastOrderOn: string | null;
  valueClass: string | null;
  /** An open follow-up task from this dashboard exists. */
  followUpOpen: boolean;
};

export type ChurnRiskSummary = { customers: number; predictedClv: string };

export type ChurnRiskPage = {
  run: CurrentRun;
  summary: ChurnRiskSummary;
  rows: AtRiskCustomer[];
  page: number;
  size: number;
};

/**
 * A positive contribution pushes risk up; the feature is above the average customer when the
 * contribution and the model's coefficient share a sign (contribution = coefficient × z).
 */
function withDirection(reasons: ChurnReason[] | null, run: CurrentRun): RiskReason[] {
  const { features = [], coefficients = [] } = run.parameters.churn;
  return (reasons ?? []).map((r) => {
    const coefficient = coefficients[features.indexOf(r.feature)] ?? 1;
    return { ...r, direction: r.contribution * coefficient >= 0 ? 'high' : 'low' };
  });
}

/** FROM … WHERE of valuable at-risk customers in scope, with the previous run's score joined. */
function atRiskFrom(run: CurrentRun, scope: SQL): SQL {
  const prevJoin = run.previousId
    ? sql`left join ${fromTable(previous)} on ${previous.runId} = ${run.previousId} and ${previous.customerId} = ${cs.customerId}`
    : sql`left join ${fromTable(previous)} on false`;
  return sql`from ${cs} join ${customers} on ${customers.id} = ${cs.customerId} ${prevJoin}
    where ${cs.runId} = ${run.id} and ${scope} and ${valuable} and ${atRisk}`;
}

/** A customer's at-risk numbers from the run (what does not change until the next run). */
type RiskScore = Omit<AtRiskCustomer, 'name' | 'ownerId' | 'ownerName' | 'followUpOpen'>;

/** Valuable customers at risk in scope, most valuable first: their numbers only. */
async function atRiskScores(run: CurrentRun, scope: SQL, limit: number, offset: number): Promise<RiskScore[]> {
  const found = await rows<{
    id: string;
    clv: string | null;
    p_alive: number | null;
    prev: number | null;
    risk: number | null;
    reasons: ChurnReason[] | string | null;
    last_order_on: string | null;
    value_class: string | null;
  }>(
    db,
    sql`select ${cs.customerId} as id, ${cs.predictedClv}::text as clv, ${cs.pAlive} as p_alive,
               ${previous.pAlive} as prev, ${cs.churnRisk} as risk, ${cs.churnReasons} as reasons,
               ${cs.lastOrderOn}::text as last_order_on, ${cs.valueClass} as value_class
        ${atRiskFrom(run, scope)}
        order by ${mostValuableFirst}
        limit ${limit} offset ${offset}`,
  );
  return found.map((r) => ({
    id: r.id,
    predictedClv: r.clv,
    pAlive: r.p_alive,
    previousPAlive: r.prev,
    churnRisk: r.risk,
    // PGlite may hand jsonb over as text.
    reasons: withDirection(typeof r.reasons === 'string' ? JSON.parse(r.reasons) : r.reasons, run),
    lastOrderOn: r.last_order_on,
    valueClass: r.value_class,
  }));
}

/**
 * Names, owners (as they are now) and open follow-ups of scored customers, in one query by primary
 * key; a customer deleted since the run drops out.
 */
async function withCustomers(scores: RiskScore[]): Promise<AtRiskCustomer[]> {
  if (scores.length === 0) return [];
  const found = await rows<{
    id: string;
    name: string;
    owner_id: string | null;
    owner_name: string | null;
    open: boolean;
  }>(
    db,
    sql`select ${customers.id} as id, ${customers.name} as name, ${customers.ownerId} as owner_id,
               (select ${users.name} from ${users} where ${users.id} = ${customers.ownerId}) as owner_name,
               exists (select 1 from ${activities} where ${activities.customerId} = ${customers.id}
                       and ${activities.origin} = ${FOLLOW_UP_ORIGIN} and ${activities.type} = 'task'
                       and ${activities.completedAt} is null and ${activities.deletedAt} is null) as open
        from ${customers}
        where ${customers.id} = any(${sql.param(scores.map((x) => x.id))}::uuid[]) and ${liveCustomer()}`,
  );
  const byId = new Map(found.map((r) => [r.id, r]));
  return scores.flatMap((score) => {
    const c = byId.get(score.id);
    return c ? [{ ...score, name: c.name, ownerId: c.owner_id, ownerName: c.owner_name, followUpOpen: c.open }] : [];
  });
}

/** Whole-company at-risk rows kept per run (the first pages; later pages are read when asked). */
const CACHED_ROWS = 2_000;

async function listAtRisk(
  viewer: Viewer,
  filter: AnalyticsFilter,
  run: CurrentRun,
  limit: number,
  offset: number,
): Promise<AtRiskCustomer[]> {
  const scope = scopeWhere(viewer, filter);
  if (isWholeScope(viewer, filter) && offset + limit <= CACHED_ROWS) {
    const all = await perRun(viewer, filter, run.id, 'churn-list', () => atRiskScores(run, scope, CACHED_ROWS, 0));
    return withCustomers(all.slice(offset, offset + limit));
  }
  return withCustomers(await atRiskScores(run, scope, limit, offset));
}

/**
 * The churn-risk dashboard: valuable customers in scope whose churn score is high or whose
 * P(alive) fell since the previous run, most valuable first, with their reasons; and how many
 * there are and their predicted CLV together.
 */
export async function getChurnRiskDashboard(
  viewer: Viewer,
  filter: AnalyticsFilter,
  page = 1,
  size = 50,
): Promise<ChurnRiskPage | { run: null } | null> {
  if (!can(viewer, 'analytics:read')) return null;
  const run = await getCurrentRun();
  if (!run) return { run: null };
  const scope = scopeWhere(viewer, filter);
  const [summary, list] = await Promise.all([
    perRun(viewer, filter, run.id, 'churn-summary', async () => {
      const [r] = await rows<{ n: number; clv: string | null }>(
        db,
        sql`select count(*)::int as n, sum(${cs.predictedClv})::text as clv ${atRiskFrom(run, scope)}`,
      );
      return { customers: r?.n ?? 0, predictedClv: r?.clv ?? '0' };
    }),
    listAtRisk(viewer, filter, run, size, (page - 1) * size),
  ]);
  return { run, summary, rows: list, page, size };
}

/** My day: the viewer's own valuable customers at risk, most valuable first. */
export async function listMyValuableAtRisk(viewer: Viewer, limit = 10): Promise<AtRiskCustomer[] | null> {
  if (!can(viewer, 'analytics:read')) return null;
  const run = await getCurrentRun();
  if (!run) return null;
  // A rep's scope is their own customers already; for anyone else "me" narrows it to theirs.
  return listAtRisk(viewer, { owner: 'me' }, run, limit, 0);
}
