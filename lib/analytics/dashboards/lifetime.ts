import 'server-only';
import { sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { rows } from '@/db/rows';
import { customerScores as cs, customers, users } from '@/db/schema';
import { can, type Viewer } from '@/lib/auth/permissions';
import type { AnalyticsFilter } from '../filters';
import { scopeWhere } from '../scope';
import { type CurrentRun, getCurrentRun, mostValuableFirst, num, perRun, sampleOrder, scoredCustomers } from './base';

/** CLV histogram bins on a log scale with round edges: 1, 2, 5, 10, 20, 50, … (three per decade). */
const STEPS = [1, 2, 5] as const;

/** The lower edge of bin `k` (bin 0 is [1, 2)). */
export function binEdge(k: number): number {
  const decade = Math.floor(k / 3);
  return STEPS[k - decade * 3] * 10 ** decade;
}
/** Points drawn in a scatter: a sample, never every customer. */
export const SCATTER_POINTS = 400;

/** The bins in order from the lowest to the highest used, empty ones between them included. */
function contiguousBins(found: { bin: number | null; n: number }[]): ClvBin[] {
  const out: ClvBin[] = [];
  const below = found.find((b) => b.bin === null);
  if (below) out.push({ from: null, to: 1, customers: below.n });
  const used = found.filter((b) => b.bin !== null) as { bin: number; n: number }[];
  if (used.length === 0) return out;
  const counts = new Map(used.map((b) => [b.bin, b.n]));
  for (let k = used[0].bin; k <= used[used.length - 1].bin; k++)
    out.push({ from: binEdge(k), to: binEdge(k + 1), customers: counts.get(k) ?? 0 });
  return out;
}

/** One bin of predicted CLV: [from, to) in money; `from` null is "below 1" (zero or negative). */
export type ClvBin = { from: number | null; to: number; customers: number };
export type TopCustomer = {
  id: string;
  name: string;
  ownerName: string | null;
  historicalClv: string;
  predictedClv: string;
  pAlive: number | null;
  expectedPurchases90: number | null;
};
export type BandComparison = { band: number; customers: number; historical: string; predicted: string };
export type ValuePoint = { historical: number; predicted: number };

export type LifetimeDashboard = {
  run: CurrentRun;
  customers: number;
  /** Customers without a predicted CLV (the model could not be fitted for them). */
  withoutPrediction: number;
  bins: ClvBin[];
  top: TopCustomer[];
  bands: BandComparison[];
  sample: ValuePoint[];
};

/**
 * The lifetime-value dashboard for the customers in scope: the distribution of predicted CLV in
 * log-scale bins, the top customers by predicted CLV, predicted vs historical value (per CLV
 * quintile, and a sample of customers). The model card reads the run itself (`run.parameters`,
 * `run.metrics`): it describes the model, fitted on every customer, not the scope.
 */
export async function getLifetimeDashboard(
  viewer: Viewer,
  filter: AnalyticsFilter,
  topLimit = 20,
): Promise<LifetimeDashboard | { run: null } | null> {
  if (!can(viewer, 'analytics:read')) return null;
  const run = await getCurrentRun();
  if (!run) return { run: null };
  const from = scoredCustomers(viewer, filter, run.id);
  const [bins, top, bands, sample] = await perRun(viewer, filter, run.id, `lifetime:${topLimit}`, () =>
    Promise.all([
      rows<{ bin: number | null; n: number }>(
        db,
        // numeric log() is exact on powers of ten, so 1000 falls in [1000, 2000), not below it.
        sql`select case when v < 1 then null
                        else (floor(log(v)) * 3 + case when v / power(10::numeric, floor(log(v))) >= 5 then 2
                                                        when v / power(10::numeric, floor(log(v))) >= 2 then 1
                                                        else 0 end)::int end as bin,
                   count(*)::int as n
            from (select ${cs.predictedClv} as v ${from} and ${cs.predictedClv} is not null) as scored
            group by 1 order by 1 nulls first`,
      ),
      rows<{
        id: string;
        name: string;
        owner_name: string | null;
        historical: string;
        predicted: string;
        p_alive: number | null;
        e90: number | null;
      }>(
        db,
        sql`select ${customers.id}, ${customers.name}, ${users.name} as owner_name,
                   ${cs.historicalClv}::text as historical, ${cs.predictedClv}::text as predicted,
                   ${cs.pAlive} as p_alive, ${cs.expectedPurchases90} as e90
            from ${cs} join ${customers} on ${customers.id} = ${cs.customerId}
            left join ${users} on ${users.id} = ${customers.ownerId}
            where ${cs.runId} = ${run.id} and ${scopeWhere(viewer, filter)}
              and ${cs.predictedClv} is not null
            order by ${mostValuableFirst} limit ${topLimit}`,
      ),
      rows<{ band: number | null; n: number; historical: string; predicted: string | null }>(
        db,
        sql`select ${cs.clvBand}::int as band, count(*)::int as n, round(avg(${cs.historicalClv}), 2)::text as historical,
                   round(avg(${cs.predictedClv}), 2)::text as predicted
            ${from} group by 1 order by 1 nulls first`,
      ),
      // Customer ids are random uuids: the first N in id order (the primary key's order) are a
      // random sample that an index scan reads without touching the rest.
      rows<{ historical: string; predicted: string }>(
        db,
        sql`select ${cs.historicalClv}::text as historical, ${cs.predictedClv}::text as predicted
            ${from} and ${cs.predictedClv} is not null order by ${sampleOrder(viewer, filter)} limit ${SCATTER_POINTS}`,
      ),
    ]),
  );
  const withoutPrediction = bands.find((b) => b.band === null)?.n ?? 0;
  return {
    run,
    customers: bands.reduce((s, b) => s + b.n, 0),
    withoutPrediction,
    bins: contiguousBins(bins),
    top: top.map((t) => ({
      id: t.id,
      name: t.name,
      ownerName: t.owner_name,
      historicalClv: t.historical,
      predictedClv: t.predicted,
      pAlive: t.p_alive,
      expectedPurchases90: t.e90,
    })),
    bands: bands
      .filter((b): b is typeof b & { band: number; predicted: string } => b.band !== null && b.predicted !== null)
      .map((b) => ({ band: b.band, customers: b.n, historical: b.historical, predicted: b.predicted })),
    sample: sample.map((p) => ({ historical: num(p.historical) ?? 0, predicted: num(p.predicted) ?? 0 })),
  };
}
