import 'server-only';
import { sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { rows } from '@/db/rows';
import { customerScores as cs } from '@/db/schema';
import { can, type Viewer } from '@/lib/auth/permissions';
import type { AnalyticsFilter } from '../filters';
import { SEGMENTS, type SegmentKey, segmentKey, VALUE_CLASS_KEYS } from '../labels';
import { type CurrentRun, getCurrentRun, perRun, scoredCustomers } from './base';

export type ValueKpis = {
  /** Scored customers in scope. */
  customers: number;
  /** Customers with a purchase in the 12 months up to the run's as-of date. */
  active: number;
  /** Spend in those 12 months (decimal text). */
  revenue12m: string;
  /** Sum of predicted CLV over the horizon (decimal text), and how many customers have one. */
  predictedClv: string;
  withPrediction: number;
  /** Customers with P(alive) ≥ 0.5, of those with a P(alive). */
  likelyAlive: number;
  withAlive: number;
};

export type SegmentRow = { key: SegmentKey; customers: number; spend: string; spendShare: number };
export type GridCell = { r: number; f: number; customers: number; averageSpend: string | null };
export type ValueClassRow = { key: string; customers: number; spend: string; spendShare: number };

export type ValueDashboard = {
  run: CurrentRun;
  kpis: ValueKpis;
  /** All ten segments (and Others when used), in the glossary's order, zero counts included. */
  segments: SegmentRow[];
  /** 25 cells, r and f from 1 to 5. */
  grid: GridCell[];
  /** The eight classes, important ones first. */
  classes: ValueClassRow[];
};

type Row = {
  g: number;
  segment: string | null;
  r: number | null;
  f: number | null;
  value_class: string | null;
  n: number;
  spend: string | null;
  rev12: string | null;
  clv: string | null;
  clv_n: number;
  alive: number;
  alive_n: number;
  active: number;
};

/**
 * The customer-value dashboard of the current run for the customers in scope: KPI tiles, the ten
 * RFM segments (customers, share of spend), the R×F grid (customers, average spend per cell) and
 * the eight value classes. One pass over the scores (GROUPING SETS). Null for a role without
 * customer analytics; `run: null` before the first complete run.
 */
export async function getValueDashboard(
  viewer: Viewer,
  filter: AnalyticsFilter,
): Promise<ValueDashboard | { run: null } | null> {
  if (!can(viewer, 'analytics:read')) return null;
  const run = await getCurrentRun();
  if (!run) return { run: null };
  const found = await perRun(viewer, filter, run.id, 'value', () =>
    rows<Row>(
      db,
      sql`select grouping(${cs.rfmSegment}, ${cs.rScore}, ${cs.fScore}, ${cs.valueClass})::int as g,
            ${cs.rfmSegment} as segment, ${cs.rScore}::int as r, ${cs.fScore}::int as f, ${cs.valueClass} as value_class,
            count(*)::int as n, sum(${cs.monetary})::text as spend, sum(${cs.revenue12m})::text as rev12,
            sum(${cs.predictedClv})::text as clv, count(${cs.predictedClv})::int as clv_n,
            (count(*) filter (where ${cs.pAlive} >= 0.5))::int as alive, count(${cs.pAlive})::int as alive_n,
            (count(*) filter (where ${cs.recencyDays} < 365))::int as active
          ${scoredCustomers(viewer, filter, run.id)}
          group by grouping sets ((), (${cs.rfmSegment}), (${cs.rScore}, ${cs.fScore}), (${cs.valueClass}))`,
    ),
  );
  return { run, ...shapeValue(found) };
}

// grouping() sets a bit per column NOT grouped by, the first column the highest.
const TOTAL = 0b1111;
const BY_SEGMENT = 0b0111;
const BY_CELL = 0b1001;
const BY_CLASS = 0b1110;

function shapeValue(found: Row[]): Omit<ValueDashboard, 'run'> {
  const total = found.find((r) => r.g === TOTAL);
  const totalSpend = Number(total?.spend ?? 0);
  const share = (spend: string | null) => (totalSpend > 0 ? Number(spend ?? 0) / totalSpend : 0);

  const bySegment = new Map<SegmentKey, Row>();
  for (const r of found) if (r.g === BY_SEGMENT) bySegment.set(segmentKey(r.segment) ?? 'others', r);
  const segments = SEGMENTS.filter((s) => s.key !== 'others' || bySegment.has('others')).map((s) => {
    const r = bySegment.get(s.key);
    return { key: s.key, customers: r?.n ?? 0, spend: r?.spend ?? '0', spendShare: share(r?.spend ?? null) };
  });

  const grid: GridCell[] = [];
  for (let r = 1; r <= 5; r++)
    for (let f = 1; f <= 5; f++) {
      const cell = found.find((x) => x.g === BY_CELL && x.r === r && x.f === f);
      grid.push({
        r,
        f,
        customers: cell?.n ?? 0,
        averageSpend: cell && cell.n > 0 ? (Number(cell.spend) / cell.n).toFixed(2) : null,
      });
    }

  const classes = VALUE_CLASS_KEYS.map((key) => {
    const r = found.find((x) => x.g === BY_CLASS && x.value_class === key);
    return { key, customers: r?.n ?? 0, spend: r?.spend ?? '0', spendShare: share(r?.spend ?? null) };
  });

  return {
    kpis: {
      customers: total?.n ?? 0,
      active: total?.active ?? 0,
      revenue12m: total?.rev12 ?? '0',
      predictedClv: total?.clv ?? '0',
      withPrediction: total?.clv_n ?? 0,
      likelyAlive: total?.alive ?? 0,
      withAlive: total?.alive_n ?? 0,
    },
    segments,
    grid,
    classes,
  };
}
