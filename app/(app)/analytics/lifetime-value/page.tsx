import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { BarChartView } from '@/components/charts/bar-chart';
import { ChartCard } from '@/components/charts/chart-card';
import { DashboardSkeleton } from '@/components/charts/dashboard-skeleton';
import { ScatterView } from '@/components/charts/scatter-chart';
import type { ChartTable } from '@/components/charts/types';
import Link from '@/components/ui/link';
import { getLifetimeDashboard } from '@/lib/analytics/dashboards/lifetime';
import { type AnalyticsFilter, customerListHref } from '@/lib/analytics/filters';
import { isWholeScope, seesAllAnalytics } from '@/lib/analytics/scope';
import type { Viewer } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/viewer';
import { ModelCard } from '../_components/model-card';
import { NoCustomers, NoRun } from '../_components/no-run';
import { pageFilter, type SearchParams } from '../_components/page-filter';

export const metadata: Metadata = { title: 'Lifetime value' };

export default async function LifetimeValuePage({ searchParams }: { searchParams: SearchParams }) {
  const viewer = await requirePermission('analytics:read');
  const filter = await pageFilter(searchParams);
  return (
    <Suspense fallback={<DashboardSkeleton />}>
      <LifetimeValue viewer={viewer} filter={filter} />
    </Suspense>
  );
}

async function LifetimeValue({ viewer, filter }: { viewer: Viewer; filter: AnalyticsFilter }) {
  const [t, format, data] = await Promise.all([
    getTranslations('analytics'),
    getFormatter(),
    getLifetimeDashboard(viewer, filter),
  ]);
  if (!data) return null;
  if (!data.run) return <NoRun viewer={viewer} />;
  const { run, bins, top, bands, sample } = data;
  const money = (v: string | number | null) => (v === null ? '—' : format.number(Number(v), 'money'));
  const compact = (v: number) => format.number(v, { notation: 'compact', maximumFractionDigits: 1 });
  const pct = (v: number | null) =>
    v === null ? '—' : format.number(v, { style: 'percent', maximumFractionDigits: 0 });
  const href = (drill: Record<string, string | number>) => customerListHref(filter, drill);
  const months = run.inputs.horizonMonths;
  const binLabel = (b: (typeof bins)[number]) =>
    b.from === null ? `< ${compact(b.to)}` : `${compact(b.from)}–${compact(b.to)}`;

  const binTable: ChartTable = {
    columns: [
      { key: 'range', label: t('lifetime.columns.range') },
      { key: 'from', label: t('lifetime.columns.from'), numeric: true },
      { key: 'to', label: t('lifetime.columns.to'), numeric: true },
      { key: 'customers', label: t('lifetime.columns.customers'), numeric: true },
    ],
    rows: bins.map((b) => ({
      values: { range: binLabel(b), from: b.from, to: b.to, customers: b.customers },
      display: { from: b.from === null ? '—' : money(b.from), to: money(b.to), customers: format.number(b.customers) },
      href: b.customers ? href(b.from === null ? { clvMax: b.to } : { clvMin: b.from, clvMax: b.to }) : undefined,
    })),
  };
  const topTable: ChartTable = {
    columns: [
      { key: 'name', label: t('lifetime.columns.customer') },
      { key: 'owner', label: t('lifetime.columns.owner') },
      { key: 'predicted', label: t('lifetime.columns.predicted', { months }), numeric: true },
      { key: 'historical', label: t('lifetime.columns.historical'), numeric: true },
      { key: 'alive', label: t('lifetime.columns.alive'), numeric: true },
      { key: 'e90', label: t('lifetime.columns.expected90'), numeric: true },
    ],
    rows: top.map((c) => ({
      values: {
        name: c.name,
        owner: c.ownerName,
        predicted: Number(c.predictedClv),
        historical: Number(c.historicalClv),
        alive: c.pAlive,
        e90: c.expectedPurchases90,
      },
      display: {
        owner: c.ownerName ?? '—',
        predicted: money(c.predictedClv),
        historical: money(c.historicalClv),
        alive: pct(c.pAlive),
        e90: c.expectedPurchases90 === null ? '—' : format.number(c.expectedPurchases90, { maximumFractionDigits: 1 }),
      },
      href: `/customers/${c.id}`,
    })),
  };
  const bandTable: ChartTable = {
    columns: [
      { key: 'band', label: t('lifetime.columns.band') },
      { key: 'customers', label: t('lifetime.columns.customers'), numeric: true },
      { key: 'historical', label: t('lifetime.columns.avgHistorical'), numeric: true },
      { key: 'predicted', label: t('lifetime.columns.avgPredicted', { months }), numeric: true },
    ],
    rows: [...bands].reverse().map((b) => ({
      values: {
        band: t(`clvBands.${b.band}`),
        customers: b.customers,
        historical: Number(b.historical),
        predicted: Number(b.predicted),
      },
      display: {
        customers: format.number(b.customers),
        historical: money(b.historical),
        predicted: money(b.predicted),
      },
      href: href({ clvBand: b.band }),
    })),
  };

  return (
    <div className="space-y-6">
      {data.customers === 0 ? (
        <NoCustomers />
      ) : (
        <>
          <p className="text-sm text-slate-600" data-testid="lifetime-summary">
            {t('lifetime.summary', { customers: data.customers, without: data.withoutPrediction, months })}
          </p>
          <div className="grid gap-6 xl:grid-cols-2">
            <ChartCard
              id="clv-distribution"
              title={t('lifetime.distribution', { months })}
              description={t('lifetime.distributionHint')}
              table={binTable}
            >
              <BarChartView
                series={[{ key: 'customers', label: t('lifetime.columns.customers') }]}
                data={bins.map((b) => ({
                  category: binLabel(b),
                  customers: b.customers,
                  href: b.customers
                    ? href(b.from === null ? { clvMax: b.to } : { clvMin: b.from, clvMax: b.to })
                    : undefined,
                }))}
              />
            </ChartCard>
            <ChartCard
              id="predicted-vs-historical"
              title={t('lifetime.comparison')}
              description={t('lifetime.comparisonHint', { points: sample.length })}
              table={bandTable}
            >
              <ScatterView
                scale="log"
                diagonal
                xFormat="money"
                yFormat="money"
                xLabel={t('lifetime.columns.historical')}
                yLabel={t('lifetime.columns.predicted', { months })}
                groups={[
                  {
                    name: t('lifetime.columns.customer'),
                    points: sample
                      .filter((p) => p.historical >= 1 && p.predicted >= 1)
                      .map((p) => ({ x: p.historical, y: p.predicted })),
                  },
                ]}
              />
            </ChartCard>
          </div>
          <ChartCard
            id="top-customers"
            title={t('lifetime.top', { count: top.length })}
            description={
              <Link href={href({ sort: 'clv', dir: 'desc' })} className="text-brand-700 hover:underline">
                {t('lifetime.allByClv')}
              </Link>
            }
            table={topTable}
            tableClassName="max-h-none"
          />
        </>
      )}
      <ModelCard run={run} showCheck={seesAllAnalytics(viewer)} filtered={!isWholeScope(viewer, filter)} />
    </div>
  );
}
