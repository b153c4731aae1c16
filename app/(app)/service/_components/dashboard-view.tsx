import { getFormatter, getTranslations } from 'next-intl/server';
import { BarChartView } from '@/components/charts/bar-chart';
import { ChartCard } from '@/components/charts/chart-card';
import { KpiTiles } from '@/components/charts/kpi-tiles';
import { LineChartView } from '@/components/charts/line-chart';
import type { ChartTable } from '@/components/charts/types';
import { SnapshotStatus } from '@/components/dashboards/snapshot-status';
import { EmptyState } from '@/components/ui/empty-state';
import type { Viewer } from '@/lib/auth/permissions';
import { getServiceDashboardView } from '@/lib/dashboards/views';
import { OPEN_STATUSES, PRIORITIES, type ServiceDashboardFilter, type Timing } from '@/lib/service/dashboard';
import { AgentsTable } from './agents-table';

/** The dashboard's numbers: KPI tiles, then each chart with its table. */
export async function ServiceDashboardView({ viewer, filter }: { viewer: Viewer; filter: ServiceDashboardFilter }) {
  const [t, format, data] = await Promise.all([
    getTranslations('serviceDashboard'),
    getFormatter(),
    getServiceDashboardView(viewer, filter),
  ]);
  if (!data) return null;
  const pct = (v: number | null) =>
    v === null ? t('none') : format.number(v, { style: 'percent', maximumFractionDigits: 1 });
  const int = (v: number) => format.number(v);
  const hours = (minutes: number | null) =>
    minutes === null ? t('none') : t('duration', { hours: format.number(minutes / 60, { maximumFractionDigits: 1 }) });
  const rate = (v: { rate: number | null; small: boolean; total?: number; responses?: number }) =>
    v.rate !== null && v.small ? `${pct(v.rate)} (${t('smallSample')})` : pct(v.rate);
  const nothing =
    data.backlog.total === 0 &&
    data.firstResponse.total === 0 &&
    data.resolution.total === 0 &&
    data.csat.responses === 0 &&
    data.channels.length === 0;
  if (nothing) return <EmptyState title={t('empty')} />;

  const count = (status: string, priority: string) =>
    data.backlog.cells.find((c) => c.status === status && c.priority === priority)?.count ?? 0;
  const backlogTable: ChartTable = {
    columns: [
      { key: 'priority', label: t('backlog.columns.priority') },
      ...OPEN_STATUSES.map((s) => ({ key: s, label: t(`backlog.columns.${s}`), numeric: true })),
      { key: 'total', label: t('backlog.columns.total'), numeric: true },
    ],
    rows: PRIORITIES.map((p) => {
      const values: Record<string, string | number> = { priority: t(`priority.${p}`) };
      const display: Record<string, string> = {};
      let total = 0;
      for (const s of OPEN_STATUSES) {
        values[s] = count(s, p);
        display[s] = int(count(s, p));
        total += count(s, p);
      }
      return { values: { ...values, total }, display: { ...display, total: int(total) } };
    }),
  };
  const slaRows: [string, Timing][] = [
    [t('sla.firstResponse'), data.firstResponse],
    [t('sla.resolution'), data.resolution],
  ];
  const slaTable: ChartTable = {
    columns: [
      { key: 'target', label: t('sla.columns.target') },
      { key: 'met', label: t('sla.columns.met'), numeric: true },
      { key: 'breached', label: t('sla.columns.breached'), numeric: true },
      { key: 'rate', label: t('sla.columns.rate'), numeric: true },
      { key: 'median', label: t('sla.columns.median'), numeric: true },
    ],
    rows: slaRows.map(([label, v]) => ({
      values: { target: label, met: v.met, breached: v.breached, rate: v.rate, median: v.medianMinutes },
      display: { met: int(v.met), breached: int(v.breached), rate: rate(v), median: hours(v.medianMinutes) },
    })),
  };
  const trendTable: ChartTable = {
    columns: [
      { key: 'period', label: t('trend.columns.period') },
      { key: 'responses', label: t('trend.columns.responses'), numeric: true },
      { key: 'satisfied', label: t('trend.columns.satisfied'), numeric: true },
      { key: 'csat', label: t('trend.columns.csat'), numeric: true },
    ],
    rows: data.trend.map((p) => ({
      values: { period: p.period, responses: p.responses, satisfied: p.satisfied, csat: p.rate },
      display: { responses: int(p.responses), satisfied: int(p.satisfied), csat: rate(p) },
    })),
  };
  const created = data.channels.reduce((s, c) => s + c.count, 0);
  const channelTable: ChartTable = {
    columns: [
      { key: 'channel', label: t('channels.columns.channel') },
      { key: 'count', label: t('channels.columns.count'), numeric: true },
      { key: 'share', label: t('channels.columns.share'), numeric: true },
    ],
    rows: data.channels.map((c) => ({
      values: {
        channel: t(`channel.${c.channel as 'email'}`),
        count: c.count,
        share: created ? c.count / created : null,
      },
      display: { count: int(c.count), share: pct(created ? c.count / created : null) },
    })),
  };

  return (
    <div className="space-y-6">
      <p className="text-sm text-slate-500">{t('periodNote', { days: data.days, from: data.from })}</p>
      {data.computedAt ? <SnapshotStatus kind="service" computedAt={data.computedAt} /> : null}
      <KpiTiles
        label={t('kpis.label')}
        items={[
          { key: 'backlog', label: t('kpis.backlog'), value: int(data.backlog.total), sub: t('kpis.backlogSub') },
          {
            key: 'first-response',
            label: t('kpis.firstResponse'),
            value: rate(data.firstResponse),
            sub: t('kpis.attainmentSub', { met: int(data.firstResponse.met), total: int(data.firstResponse.total) }),
          },
          {
            key: 'resolution',
            label: t('kpis.resolution'),
            value: rate(data.resolution),
            sub: t('kpis.attainmentSub', { met: int(data.resolution.met), total: int(data.resolution.total) }),
          },
          {
            key: 'csat',
            label: t('kpis.csat'),
            value: rate(data.csat),
            sub: t('kpis.csatSub', { satisfied: int(data.csat.satisfied), responses: int(data.csat.responses) }),
          },
          {
            key: 'median-first',
            label: t('kpis.medianFirst'),
            value: hours(data.firstResponse.medianMinutes),
            sub: t('kpis.medianSub'),
          },
          {
            key: 'median-resolution',
            label: t('kpis.medianResolution'),
            value: hours(data.resolution.medianMinutes),
            sub: t('kpis.medianSub'),
          },
        ]}
      />
      <div className="grid gap-6 2xl:grid-cols-2">
        <ChartCard
          id="backlog"
          title={t('backlog.title')}
          description={t('backlog.hint', { total: data.backlog.total })}
          table={backlogTable}
        >
          <BarChartView
            legend
            data={PRIORITIES.map((p) => ({
              category: t(`priority.${p}`),
              ...Object.fromEntries(OPEN_STATUSES.map((s) => [s, count(s, p)])),
            }))}
            series={OPEN_STATUSES.map((s) => ({ key: s, label: t(`status.${s}`) }))}
          />
        </ChartCard>
        <ChartCard id="sla-attainment" title={t('sla.title')} description={t('sla.hint')} table={slaTable}>
          <BarChartView
            legend
            data={slaRows.map(([label, v]) => ({ category: label, met: v.met, breached: v.breached }))}
            series={[
              { key: 'met', label: t('sla.met') },
              { key: 'breached', label: t('sla.breached') },
            ]}
          />
        </ChartCard>
      </div>
      <div className="grid gap-6 2xl:grid-cols-2">
        <ChartCard
          id="csat-trend"
          title={t('trend.title')}
          description={t('trend.hint', { unit: data.by })}
          table={trendTable}
        >
          <LineChartView
            format="percent"
            x="period"
            data={data.trend.map((p) => ({ period: p.period, csat: p.rate }))}
            series={[{ key: 'csat', label: t('trend.csat') }]}
          />
        </ChartCard>
        <ChartCard
          id="volume-by-channel"
          title={t('channels.title')}
          description={t('channels.hint')}
          table={channelTable}
          side
        >
          <BarChartView
            horizontal
            colorByCategory
            data={data.channels.map((c) => ({ category: t(`channel.${c.channel as 'email'}`), count: c.count }))}
            series={[{ key: 'count', label: t('channels.cases') }]}
          />
        </ChartCard>
      </div>
      {data.agents && data.team ? <AgentsTable agents={data.agents} team={data.team} filter={filter} /> : null}
    </div>
  );
}
