import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { ChartCard } from '@/components/charts/chart-card';
import { DashboardSkeleton } from '@/components/charts/dashboard-skeleton';
import { HeatMap } from '@/components/charts/heat-map';
import { LineChartView } from '@/components/charts/line-chart';
import type { ChartTable } from '@/components/charts/types';
import { getRetentionDashboard } from '@/lib/analytics/dashboards/retention';
import { type AnalyticsFilter, customerListHref } from '@/lib/analytics/filters';
import type { Viewer } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/viewer';
import { NoCustomers, NoRun } from '../_components/no-run';
import { pageFilter, type SearchParams } from '../_components/page-filter';

export const metadata: Metadata = { title: 'Retention' };

/** Cohorts and months the heat map shows (the CSV has all of them). */
const COHORTS_SHOWN = 18;
const MONTHS_SHOWN = 13;
/** Months of the trend lines. */
const TREND_MONTHS = 24;

export default async function RetentionPage({ searchParams }: { searchParams: SearchParams }) {
  const viewer = await requirePermission('analytics:read');
  const filter = await pageFilter(searchParams);
  return (
    <Suspense fallback={<DashboardSkeleton />}>
      <Retention viewer={viewer} filter={filter} />
    </Suspense>
  );
}

async function Retention({ viewer, filter }: { viewer: Viewer; filter: AnalyticsFilter }) {
  const [t, format, data] = await Promise.all([
    getTranslations('analytics.retention'),
    getFormatter(),
    getRetentionDashboard(viewer, filter),
  ]);
  if (!data) return null;
  if (!data.run) return <NoRun viewer={viewer} />;
  const { cohorts, months, run } = data;
  if (data.customers === 0) return <NoCustomers />;
  const pct = (v: number | null) =>
    v === null ? '—' : format.number(v, { style: 'percent', maximumFractionDigits: 1 });
  const shown = cohorts.slice(-COHORTS_SHOWN).reverse();
  const longest = Math.max(...cohorts.map((c) => c.active.length));
  const trend = months.slice(-TREND_MONTHS);
  const asOfMonth = run.asOf.slice(0, 7);

  const cohortTable: ChartTable = {
    columns: [
      { key: 'cohort', label: t('columns.cohort') },
      { key: 'size', label: t('columns.size'), numeric: true },
      ...Array.from({ length: longest }, (_, m) => ({ key: `m${m}`, label: t('columns.month', { m }), numeric: true })),
    ],
    rows: cohorts.map((c) => ({
      values: Object.fromEntries([
        ['cohort', c.cohort],
        ['size', c.size],
        ...Array.from({ length: longest }, (_, m) => [`m${m}`, c.active[m] ?? null]),
      ]),
    })),
  };
  const trendTable: ChartTable = {
    columns: [
      { key: 'month', label: t('columns.calendarMonth') },
      { key: 'start', label: t('columns.start'), numeric: true },
      { key: 'end', label: t('columns.end'), numeric: true },
      { key: 'acquired', label: t('columns.acquired'), numeric: true },
      { key: 'retention', label: t('columns.crr'), numeric: true },
      { key: 'churn', label: t('columns.churn'), numeric: true },
      { key: 'repeat', label: t('columns.repeat'), numeric: true },
    ],
    rows: trend.map((p) => ({
      values: { ...p },
      display: {
        month: p.month === asOfMonth ? t('partialMonth', { month: p.month }) : p.month,
        start: format.number(p.start),
        end: format.number(p.end),
        acquired: format.number(p.acquired),
        retention: pct(p.retention),
        churn: pct(p.churn),
        repeat: pct(p.repeat),
      },
    })),
  };

  return (
    <div className="space-y-6">
      <ChartCard
        id="cohort-retention"
        title={t('cohorts')}
        description={t('cohortsHint', { shown: shown.length, total: cohorts.length })}
        table={cohortTable}
        tableInChart
      >
        <HeatMap
          compact
          caption={t('cohorts')}
          corner={t('columns.cohort')}
          max={0.5}
          columns={Array.from({ length: MONTHS_SHOWN }, (_, m) => ({ key: `m${m}`, label: `+${m}` }))}
          rows={shown.map((c) => ({
            key: c.cohort,
            label: t('cohortLabel', { cohort: c.cohort, size: c.size }),
            cells: Array.from({ length: MONTHS_SHOWN }, (_, m) => {
              const n = c.active[m];
              if (n === undefined) return { value: null, text: '', label: t('notYet', { cohort: c.cohort, m }) };
              const rate = c.size ? n / c.size : 0;
              return {
                // Month 0 is everyone (100 %): shaded as the top so later months read against it.
                value: m === 0 ? null : rate,
                text: pct(rate),
                label: t('cell', { cohort: c.cohort, m, rate: pct(rate), count: n, size: c.size }),
                href: m === 0 ? customerListHref(filter, { cohort: c.cohort }) : undefined,
              };
            }),
          }))}
        />
      </ChartCard>
      <ChartCard id="retention-trend" title={t('trend')} description={t('trendHint')} table={trendTable}>
        <LineChartView
          format="percent"
          x="month"
          series={[
            { key: 'retention', label: t('columns.crr') },
            { key: 'churn', label: t('columns.churn') },
            { key: 'repeat', label: t('columns.repeat'), dashed: true },
          ]}
          // The as-of month is partial (a few days of it): left out of the lines, marked in the table.
          data={trend
            .filter((p) => p.month !== asOfMonth)
            .map((p) => ({ month: p.month, retention: p.retention, churn: p.churn, repeat: p.repeat }))}
        />
      </ChartCard>
    </div>
  );
}
