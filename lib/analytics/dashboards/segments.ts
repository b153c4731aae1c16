import 'server-only';
import { asc, eq, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { rows } from '@/db/rows';
import { analyticsClusters, customerScores as cs } from '@/db/schema';
import { can, type Viewer } from '@/lib/auth/permissions';
import type { AnalyticsFilter } from '../filters';
import { type CurrentRun, getCurrentRun, perRun, sampleOrder, scoredCustomers } from './base';
import { SCATTER_POINTS } from './lifetime';

/** A centroid coordinate below −0.5 sd reads "low", above +0.5 sd "high" (as the library's describeCentroid). */
export const CENTROID_THRESHOLD = 0.5;
export type Level = 'low' | 'mid' | 'high';

export type ClusterSummary = {
  cluster: number;
  /** Customers of the cluster in scope. */
  customers: number;
  meanRecencyDays: number | null;
  meanFrequency: number | null;
  meanSpend: string | null;
  meanPredictedClv: string | null;
  /** The run's centroid in words: per feature (recency, frequency, monetary, …) low, mid or high. */
  description: { feature: string; level: Level }[];
  /** The library's English label (kept for CSV and for features without a catalog entry). */
  label: string;
};

/** A sampled customer: orders and spend (drawn on log axes). */
export type ClusterPoint = { cluster: number; frequency: number; spend: number };

export type SegmentsDashboard = {
  run: CurrentRun;
  clusters: ClusterSummary[];
  sample: ClusterPoint[];
  /** Silhouette (and inertia) of every k tried; `chosen` is the run's k. */
  candidates: { k: number; silhouette: number; inertia: number }[];
  chosen: number;
};

export function levelOf(z: number): Level {
  return z < -CENTROID_THRESHOLD ? 'low' : z > CENTROID_THRESHOLD ? 'high' : 'mid';
}

/**
 * The segments dashboard: the run's K-means clusters with their size and means over the
 * customers in scope, the centroids described in words, a sample of customers as (log frequency,
 * log spend) points by cluster, and the silhouette of each k the run tried.
 */
export async function getSegmentsDashboard(
  viewer: Viewer,
  filter: AnalyticsFilter,
): Promise<SegmentsDashboard | { run: null } | null> {
  if (!can(viewer, 'analytics:read')) return null;
  const run = await getCurrentRun();
  if (!run) return { run: null };
  const from = scoredCustomers(viewer, filter, run.id);
  const [defined, sizes, sample] = await perRun(viewer, filter, run.id, 'segments', () =>
    Promise.all([
      db
        .select()
        .from(analyticsClusters)
        .where(eq(analyticsClusters.runId, run.id))
        .orderBy(asc(analyticsClusters.cluster)),
      rows<{ cluster: number; n: number; r: number | null; f: number | null; m: string | null; clv: string | null }>(
        db,
        sql`select ${cs.cluster}::int as cluster, count(*)::int as n, avg(${cs.recencyDays})::float8 as r,
                   avg(${cs.frequency})::float8 as f, round(avg(${cs.monetary}), 2)::text as m,
                   round(avg(${cs.predictedClv}), 2)::text as clv
            ${from} and ${cs.cluster} is not null group by 1 order by 1`,
      ),
      rows<{ cluster: number; f: number; m: number }>(
        db,
        sql`select ${cs.cluster}::int as cluster, ${cs.frequency}::int as f, greatest(${cs.monetary}, 1)::float8 as m
            ${from} and ${cs.cluster} is not null and ${cs.frequency} > 0
            order by ${sampleOrder(viewer, filter)} limit ${SCATTER_POINTS}`,
      ),
    ]),
  );
  const features = run.parameters.kmeans.features;
  const bySize = new Map(sizes.map((s) => [s.cluster, s]));
  return {
    run,
    clusters: defined.map((c) => {
      const s = bySize.get(c.cluster);
      return {
        cluster: c.cluster,
        customers: s?.n ?? 0,
        meanRecencyDays: s?.r ?? null,
        meanFrequency: s?.f ?? null,
        meanSpend: s?.m ?? null,
        meanPredictedClv: s?.clv ?? null,
        description: c.centroid.map((z, i) => ({ feature: features[i] ?? `feature${i}`, level: levelOf(z) })),
        label: c.label,
      };
    }),
    sample: sample.map((p) => ({ cluster: p.cluster, frequency: p.f, spend: p.m })),
    candidates: run.metrics.kmeansCandidates,
    chosen: run.parameters.kmeans.k,
  };
}
