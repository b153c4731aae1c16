import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { BarChartView } from '@/components/charts/bar-chart';
import { ChartCard } from '@/components/charts/chart-card';
import { DashboardSkeleton } from '@/components/charts/dashboard-skeleton';
import { LineChartView } from '@/components/charts/line-chart';
import { ScatterView } from '@/components/charts/scatter-chart';
import type { ChartTable } from '@/components/charts/types';
import { type ClusterSummary, getSegmentsDashboard } from '@/lib/analytics/dashboards/segments';
import { type AnalyticsFilter, customerListHref } from '@/lib/analytics/filters';
import type { Viewer } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/viewer';
import { NoCustomers, NoRun } from '../_components/no-run';
import { pageFilter, type SearchParams } from '../_components/page-filter';

export const metadata: Metadata = { title: 'Segments' };

export default async function SegmentsPage({ searchParams }: { searchParams: SearchParams }) {
  const viewer = await requirePermission('analytics:read');
  const filter = await pageFilter(searchParams);
  return (
    <Suspense fallback={<DashboardSkeleton />}>
      <Segments viewer={viewer} filter={filter} />
    </Suspense>
  );
}

async function Segments({ viewer, filter }: { viewer: Viewer; filter: AnalyticsFilter }) {
  const [t, format, data] = await Promise.all([
    getTranslations('analytics'),
    getFormatter(),
    getSegmentsDashboard(viewer, filter),
  ]);
  if (!data) return null;
  if (!data.run) return <NoRun viewer={viewer} />;
  const { clusters, sample, candidates, chosen } = data;
  const total = clusters.reduce((s, c) => s + c.customers, 0);
  if (total === 0) return <NoCustomers />;
  const money = (v: string | null) => (v === null ? '—' : format.number(Number(v), 'money'));
  const dec = (v: number | null, digits = 1) =>
    v === null ? '—' : format.number(v, { maximumFractionDigits: digits });
  const href = (cluster: number) => customerListHref(filter, { cluster });
  const name = (c: ClusterSummary) => t('segments.clusterName', { number: c.cluster + 1 });
  const words = (c: ClusterSummary) =>
    c.description
      .map((d) =>
        t.has(`segments.words.${d.feature}.${d.level}`)
          ? t(`segments.words.${d.feature}.${d.level}`)
          : `${d.feature} ${d.level}`,
      )
      .join(t('segments.wordSeparator'));

  const clusterTable: ChartTable = {
    columns: [
      { key: 'cluster', label: t('segments.columns.cluster') },
      { key: 'description', label: t('segments.columns.description') },
      { key: 'customers', label: t('segments.columns.customers'), numeric: true },
      { key: 'recency', label: t('segments.columns.recency'), numeric: true },
      { key: 'frequency', label: t('segments.columns.frequency'), numeric: true },
      { key: 'spend', label: t('segments.columns.spend'), numeric: true },
      { key: 'clv', label: t('segments.columns.clv'), numeric: true },
    ],
    rows: clusters.map((c) => ({
      values: {
        cluster: name(c),
        description: words(c),
        customers: c.customers,
        recency: c.meanRecencyDays === null ? null : Math.round(c.meanRecencyDays),
        frequency: c.meanFrequency === null ? null : Math.round(c.meanFrequency * 10) / 10,
        spend: c.meanSpend === null ? null : Number(c.meanSpend),
        clv: c.meanPredictedClv === null ? null : Number(c.meanPredictedClv),
      },
      display: {
        customers: format.number(c.customers),
        recency: dec(c.meanRecencyDays, 0),
        frequency: dec(c.meanFrequency),
        spend: money(c.meanSpend),
        clv: money(c.meanPredictedClv),
      },
      href: href(c.cluster),
    })),
  };
  const silhouetteTable: ChartTable = {
    columns: [
      { key: 'k', label: t('segments.columns.k'), numeric: true },
      { key: 'silhouette', label: t('segments.columns.silhouette'), numeric: true },
      { key: 'inertia', label: t('segments.columns.inertia'), numeric: true },
      { key: 'chosen', label: t('segments.columns.chosen') },
    ],
    rows: candidates.map((c) => ({
      values: {
        k: c.k,
        silhouette: c.silhouette,
        inertia: c.inertia,
        chosen: c.k === chosen ? t('segments.chosen') : '',
      },
      display: { silhouette: dec(c.silhouette, 3), inertia: dec(c.inertia, 0) },
    })),
  };

  return (
    <div className="space-y-6">
      <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4" aria-label={t('segments.clusters')}>
        {clusters.map((c) => (
          <li key={c.cluster} className="rounded-lg border border-slate-200 bg-white p-4">
            <a href={href(c.cluster)} className="font-semibold text-brand-700 hover:underline">
              {name(c)}
            </a>
            <p className="mt-1 text-sm text-slate-700" data-testid={`cluster-${c.cluster}-words`}>
              {words(c)}
            </p>
            <p className="mt-2 text-xs text-slate-500">
              {t('segments.clusterSize', { count: c.customers, share: c.customers / total })}
            </p>
          </li>
        ))}
      </ul>
      <div className="grid gap-6 2xl:grid-cols-2">
        <ChartCard id="clusters" title={t('segments.sizes')} description={t('segments.sizesHint')} table={clusterTable}>
          <BarChartView
            colorByCategory
            series={[{ key: 'customers', label: t('segments.columns.customers') }]}
            data={clusters.map((c) => ({ category: name(c), customers: c.customers, href: href(c.cluster) }))}
          />
        </ChartCard>
        <ChartCard
          id="cluster-scatter"
          title={t('segments.scatter')}
          description={t('segments.scatterHint', { points: sample.length })}
          table={{
            columns: clusterTable.columns.filter((col) =>
              ['cluster', 'customers', 'frequency', 'spend'].includes(col.key),
            ),
            rows: clusterTable.rows,
          }}
        >
          <ScatterView
            scale="log"
            xFormat="integer"
            yFormat="money"
            xLabel={t('segments.columns.orders')}
            yLabel={t('segments.columns.totalSpend')}
            groups={clusters.map((c) => ({
              name: name(c),
              points: sample.filter((p) => p.cluster === c.cluster).map((p) => ({ x: p.frequency, y: p.spend })),
            }))}
          />
        </ChartCard>
        <ChartCard
          id="silhouette"
          title={t('segments.silhouette')}
          description={t('segments.silhouetteHint', { k: chosen })}
          table={silhouetteTable}
          side
          className="xl:col-span-2"
        >
          <LineChartView
            discrete
            format="decimal"
            x="k"
            series={[{ key: 'silhouette', label: t('segments.columns.silhouette') }]}
            data={candidates.map((c) => ({ k: String(c.k), silhouette: c.silhouette }))}
          />
        </ChartCard>
      </div>
    </div>
  );
}
