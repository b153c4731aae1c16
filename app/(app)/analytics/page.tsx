import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { BarChartView } from '@/components/charts/bar-chart';
import { ChartCard } from '@/components/charts/chart-card';
import { DashboardSkeleton } from '@/components/charts/dashboard-skeleton';
import { HeatMap } from '@/components/charts/heat-map';
import { KpiTiles } from '@/components/charts/kpi-tiles';
import { moneyFormats } from '@/components/charts/money';
import type { ChartTable } from '@/components/charts/types';
import { getValueDashboard } from '@/lib/analytics/dashboards/value';
import { type AnalyticsFilter, customerListHref } from '@/lib/analytics/filters';
import type { Viewer } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/viewer';
import { NoCustomers, NoRun } from './_components/no-run';
import { pageFilter, type SearchParams } from './_components/page-filter';

export const metadata: Metadata = { title: 'Customer value' };

export default async function CustomerValuePage({ searchParams }: { searchParams: SearchParams }) {
  const viewer = await requirePermission('analytics:read');
  const filter = await pageFilter(searchParams);
  return (
    <Suspense fallback={<DashboardSkeleton />}>
      <CustomerValue viewer={viewer} filter={filter} />
    </Suspense>
  );
}

/** 8-class value matrix: whether R, F and M are above the mean in each class. */
const CLASS_RFM: Record<string, [boolean, boolean, boolean]> = {
  'important-value': [true, true, true],
  'important-develop': [true, false, true],
  'important-keep': [false, true, true],
  'important-retain': [false, false, true],
  'general-value': [true, true, false],
  'general-develop': [true, false, false],
  'general-keep': [false, true, false],
  'general-retain': [false, false, false],
};

async function CustomerValue({ viewer, filter }: { viewer: Viewer; filter: AnalyticsFilter }) {
  const [t, format, { compact }, data] = await Promise.all([
    getTranslations('analytics'),
    getFormatter(),
    moneyFormats(),
    getValueDashboard(viewer, filter),
  ]);
  if (!data) return null;
  if (!data.run) return <NoRun viewer={viewer} />;
  const { kpis, segments, grid, classes, run } = data;
  if (kpis.customers === 0) return <NoCustomers />;
  const money = (v: string | number | null) => (v === null ? '—' : format.number(Number(v), 'money'));
  const int = (v: number) => format.number(v);
  const pct = (v: number) => format.number(v, { style: 'percent', maximumFractionDigits: 1 });
  const href = (drill: Record<string, string | number>) => customerListHref(filter, drill);

  const segmentTable: ChartTable = {
    columns: [
      { key: 'segment', label: t('value.columns.segment') },
      { key: 'customers', label: t('value.columns.customers'), numeric: true },
      { key: 'customerShare', label: t('value.columns.customerShare'), numeric: true },
      { key: 'spend', label: t('value.columns.spend'), numeric: true },
      { key: 'spendShare', label: t('value.columns.spendShare'), numeric: true },
    ],
    rows: segments.map((s) => {
      const share = s.customers / kpis.customers;
      return {
        values: {
          segment: t(`segmentNames.${s.key}`),
          customers: s.customers,
          customerShare: share,
          spend: Number(s.spend),
          spendShare: s.spendShare,
        },
        display: {
          customers: int(s.customers),
          customerShare: pct(share),
          spend: compact(s.spend),
          spendShare: pct(s.spendShare),
        },
        href: href({ segment: s.key }),
      };
    }),
  };

  const classTable: ChartTable = {
    columns: [
      { key: 'class', label: t('value.columns.class') },
      { key: 'rfm', label: t('value.columns.rfm') },
      { key: 'customers', label: t('value.columns.customers'), numeric: true },
      { key: 'spendShare', label: t('value.columns.spendShare'), numeric: true },
    ],
    rows: classes.map((c) => {
      const [r, f, m] = CLASS_RFM[c.key] ?? [false, false, false];
      const rfm = `R${r ? '↑' : '↓'} F${f ? '↑' : '↓'} M${m ? '↑' : '↓'}`;
      return {
        values: { class: t(`valueClasses.${c.key}`), rfm, customers: c.customers, spendShare: c.spendShare },
        display: { customers: int(c.customers), spendShare: pct(c.spendShare) },
        href: href({ valueClass: c.key }),
      };
    }),
  };

  const gridTable: ChartTable = {
    columns: [
      { key: 'r', label: 'R', numeric: true },
      { key: 'f', label: 'F', numeric: true },
      { key: 'customers', label: t('value.columns.customers'), numeric: true },
      { key: 'averageSpend', label: t('value.columns.averageSpend'), numeric: true },
    ],
    rows: grid.map((c) => ({
      values: {
        r: c.r,
        f: c.f,
        customers: c.customers,
        averageSpend: c.averageSpend === null ? null : Number(c.averageSpend),
      },
    })),
  };

  return (
    <>
      <KpiTiles
        label={t('value.kpis')}
        items={[
          {
            key: 'active',
            label: t('value.kpi.active'),
            value: int(kpis.active),
            sub: t('value.kpi.activeSub', { total: kpis.customers }),
            href: href({ active: '1' }),
          },
          {
            key: 'revenue',
            label: t('value.kpi.revenue'),
            value: compact(kpis.revenue12m),
            sub: money(kpis.revenue12m),
          },
          {
            key: 'clv',
            label: t('value.kpi.clv', { months: run.inputs.horizonMonths }),
            value: compact(kpis.predictedClv),
            sub: t('value.kpi.clvSub', { count: kpis.withPrediction }),
            href: href({ sort: 'clv', dir: 'desc' }),
          },
          {
            key: 'alive',
            label: t('value.kpi.alive'),
            value: kpis.withAlive ? pct(kpis.likelyAlive / kpis.withAlive) : '—',
            sub: t('value.kpi.aliveSub', { count: kpis.likelyAlive }),
            href: href({ alive: 'likely' }),
          },
        ]}
      />
      <div className="grid gap-6 xl:grid-cols-2">
        <ChartCard
          id="rfm-segments"
          title={t('value.segments')}
          description={t('value.segmentsHint')}
          table={segmentTable}
        >
          <BarChartView
            horizontal
            height={340}
            colorByCategory
            series={[{ key: 'customers', label: t('value.columns.customers') }]}
            data={segments.map((s) => ({
              category: t(`segmentNames.${s.key}`),
              customers: s.customers,
              href: href({ segment: s.key }),
            }))}
          />
        </ChartCard>
        <ChartCard
          id="rfm-grid"
          title={t('value.grid')}
          description={t('value.gridHint')}
          table={gridTable}
          tableInChart
        >
          <HeatMap
            caption={t('value.grid')}
            corner={t('value.gridCorner')}
            columns={[1, 2, 3, 4, 5].map((f) => ({ key: `f${f}`, label: `F${f}` }))}
            rows={[5, 4, 3, 2, 1].map((r) => ({
              key: `r${r}`,
              label: `R${r}`,
              cells: [1, 2, 3, 4, 5].map((f) => {
                const c = grid.find((x) => x.r === r && x.f === f)!;
                return {
                  value: c.customers,
                  text: int(c.customers),
                  sub: c.averageSpend === null ? undefined : compact(c.averageSpend),
                  label: t('value.gridCell', {
                    r,
                    f,
                    customers: c.customers,
                    spend: c.averageSpend === null ? '—' : money(c.averageSpend),
                  }),
                  href: c.customers ? href({ r, f }) : undefined,
                };
              }),
            }))}
          />
        </ChartCard>
        <ChartCard
          id="value-matrix"
          title={t('value.classes')}
          description={t('value.classesHint')}
          table={classTable}
          className="xl:col-span-2"
          side
        >
          <BarChartView
            horizontal
            height={300}
            colorByCategory
            series={[{ key: 'customers', label: t('value.columns.customers') }]}
            data={classes.map((c) => ({
              category: t(`valueClasses.${c.key}`),
              customers: c.customers,
              href: href({ valueClass: c.key }),
            }))}
          />
        </ChartCard>
      </div>
    </>
  );
}
