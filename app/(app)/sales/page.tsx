import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { BarChartView } from '@/components/charts/bar-chart';
import { ChartCard } from '@/components/charts/chart-card';
import { DashboardSkeleton } from '@/components/charts/dashboard-skeleton';
import { KpiTiles } from '@/components/charts/kpi-tiles';
import { moneyFormats } from '@/components/charts/money';
import type { ChartTable } from '@/components/charts/types';
import { SnapshotStatus } from '@/components/dashboards/snapshot-status';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Select } from '@/components/ui/input';
import Link from '@/components/ui/link';
import { PageHeader } from '@/components/ui/page-header';
import type { Viewer } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/viewer';
import { getSalesDashboardView } from '@/lib/dashboards/views';
import { pageLocale } from '@/lib/i18n/page-locale';
import {
  type getSalesDashboard,
  PERIODS,
  type SalesDashboardFilter,
  SalesDashboardFilterSchema,
  seesTeam,
} from '@/lib/sales/dashboard';
import { firstValues } from '@/lib/search-params';
import { listAssignableUsers } from '@/lib/users/users';
import { SalesNav } from './_components/sales-nav';

export const metadata: Metadata = { title: 'Sales dashboard' };

// The sales dashboard: a rep's own numbers; a manager's or admin's team, one person through the
// owner filter, and the table of every person. Service agents and marketers: 404.
export default async function SalesDashboardPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requirePermission('dashboards:sales');
  const team = seesTeam(viewer);
  const parsed = SalesDashboardFilterSchema.parse(firstValues(await searchParams));
  const filter: SalesDashboardFilter = team ? parsed : { months: parsed.months };
  const [t, owners] = await Promise.all([
    getTranslations('sales'),
    team ? listAssignableUsers(['sales_rep', 'manager', 'admin']) : Promise.resolve(null),
  ]);
  return (
    <>
      <PageHeader title={t('title')} description={team ? t('descriptionTeam') : t('descriptionRep')} />
      <SalesNav />
      <Filters filter={filter} owners={owners} />
      <Suspense key={JSON.stringify(filter)} fallback={<DashboardSkeleton />}>
        <Dashboard viewer={viewer} filter={filter} />
      </Suspense>
    </>
  );
}

/** A plain GET form: the filters live in the URL and work without JavaScript. */
async function Filters({
  filter,
  owners,
}: {
  filter: SalesDashboardFilter;
  owners: { id: string; name: string }[] | null;
}) {
  const t = await getTranslations('sales.filters');
  const caption = 'mb-1 block text-xs font-medium text-slate-600';
  return (
    <form
      role="search"
      aria-label={t('label')}
      className="mb-6 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3"
    >
      <label className="w-full text-sm sm:w-44">
        <span className={caption}>{t('period')}</span>
        <Select name="months" defaultValue={String(filter.months)}>
          {PERIODS.map((m) => (
            <option key={m} value={m}>
              {t('months', { months: m })}
            </option>
          ))}
        </Select>
      </label>
      {owners ? (
        <label className="w-full text-sm sm:w-56">
          <span className={caption}>{t('owner')}</span>
          <Select name="owner" defaultValue={filter.owner ?? ''}>
            <option value="">{t('everyone')}</option>
            <option value="me">{t('me')}</option>
            {owners.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </Select>
        </label>
      ) : null}
      <div className="flex items-center gap-3">
        <Button type="submit" variant="secondary">
          {t('apply')}
        </Button>
        <Link href="/sales" className="text-sm text-brand-700 hover:underline">
          {t('reset')}
        </Link>
      </div>
    </form>
  );
}

async function Dashboard({ viewer, filter }: { viewer: Viewer; filter: SalesDashboardFilter }) {
  const [t, format, money, data] = await Promise.all([
    getTranslations('sales'),
    getFormatter(),
    moneyFormats(),
    pageLocale().then((locale) => getSalesDashboardView(viewer, filter, locale)),
  ]);
  if (!data) return null;
  if (data.open.count === 0 && data.won.count === 0 && data.lost.count === 0 && data.created === 0)
    return <EmptyState title={filter.owner ? t('emptyTeam') : t('empty')} />;
  const pct = (v: number | null) =>
    v === null ? '—' : format.number(v, { style: 'percent', maximumFractionDigits: 1 });
  const int = (v: number) => format.number(v);
  const days = (v: number | null) => (v === null ? '—' : format.number(v, { maximumFractionDigits: 1 }));
  const closed = data.won.count + data.lost.count;

  const stageTable: ChartTable = {
    columns: [
      { key: 'stage', label: t('stages.columns.stage') },
      { key: 'probability', label: t('stages.columns.probability'), numeric: true },
      { key: 'count', label: t('stages.columns.count'), numeric: true },
      { key: 'amount', label: t('stages.columns.amount'), numeric: true },
      { key: 'weighted', label: t('stages.columns.weighted'), numeric: true },
    ],
    rows: data.stages.map((s) => ({
      values: {
        stage: s.name,
        probability: s.probability / 100,
        count: s.count,
        amount: s.amount,
        weighted: s.weighted,
      },
      display: {
        probability: pct(s.probability / 100),
        count: int(s.count),
        amount: money.full(s.amount),
        weighted: money.full(s.weighted),
      },
    })),
  };
  const funnelTable: ChartTable = {
    columns: [
      { key: 'stage', label: t('funnel.columns.stage') },
      { key: 'reached', label: t('funnel.columns.reached'), numeric: true },
      { key: 'share', label: t('funnel.columns.share'), numeric: true },
      { key: 'next', label: t('funnel.columns.next'), numeric: true },
    ],
    rows: data.funnel.map((f) => {
      const share = data.created ? f.reached / data.created : null;
      return {
        values: { stage: f.stage, reached: f.reached, share, next: f.conversionToNext },
        display: { reached: int(f.reached), share: pct(share), next: pct(f.conversionToNext) },
      };
    }),
  };
  const trendTable: ChartTable = {
    columns: [
      { key: 'month', label: t('trend.columns.month') },
      { key: 'wonAmount', label: t('trend.columns.wonAmount'), numeric: true },
      { key: 'wonCount', label: t('trend.columns.wonCount'), numeric: true },
      { key: 'lostCount', label: t('trend.columns.lostCount'), numeric: true },
      { key: 'winRate', label: t('trend.columns.winRate'), numeric: true },
    ],
    rows: data.trend.map((m) => {
      const rate = m.wonCount + m.lostCount ? m.wonCount / (m.wonCount + m.lostCount) : null;
      return {
        values: { ...m, winRate: rate },
        display: {
          wonAmount: money.full(m.wonAmount),
          wonCount: int(m.wonCount),
          lostCount: int(m.lostCount),
          winRate: pct(rate),
        },
      };
    }),
  };
  const lostTable: ChartTable = {
    columns: [
      { key: 'reason', label: t('lost.columns.reason') },
      { key: 'count', label: t('lost.columns.count'), numeric: true },
      { key: 'amount', label: t('lost.columns.amount'), numeric: true },
      { key: 'share', label: t('lost.columns.share'), numeric: true },
    ],
    rows: data.lostReasons.map((r) => ({
      values: {
        reason: r.reason ?? t('lost.noReason'),
        count: r.count,
        amount: r.amount,
        share: data.lost.count ? r.count / data.lost.count : null,
      },
      display: {
        count: int(r.count),
        amount: money.full(r.amount),
        share: pct(data.lost.count ? r.count / data.lost.count : null),
      },
    })),
  };

  return (
    <div className="space-y-6">
      <p className="text-sm text-slate-500">{t('periodNote', { from: data.from, months: data.months })}</p>
      {data.computedAt ? <SnapshotStatus kind="sales" computedAt={data.computedAt} /> : null}
      <KpiTiles
        label={t('kpis.label')}
        items={[
          {
            key: 'open',
            label: t('kpis.open'),
            value: money.compact(data.open.amount),
            sub: t('kpis.openSub', { count: data.open.count }),
          },
          {
            key: 'weighted',
            label: t('kpis.weighted'),
            value: money.compact(data.open.weighted),
            sub: t('kpis.weightedSub'),
          },
          {
            key: 'won',
            label: t('kpis.won'),
            value: money.compact(data.won.amount),
            sub: t('kpis.wonSub', { count: data.won.count }),
          },
          {
            key: 'win-rate',
            label: t('kpis.winRate'),
            value: pct(data.winRate),
            sub: t('kpis.winRateSub', { won: int(data.won.count), closed: int(closed) }),
          },
          {
            key: 'cycle',
            label: t('kpis.cycle'),
            value: data.cycleDays === null ? t('kpis.none') : t('kpis.cycleValue', { days: days(data.cycleDays) }),
            sub: t('kpis.cycleSub'),
          },
          {
            key: 'velocity',
            label: t('kpis.velocity'),
            value:
              data.velocity === null
                ? t('kpis.none')
                : t('kpis.velocityValue', { amount: money.compact(data.velocity) }),
            sub: t('kpis.velocitySub'),
          },
        ]}
      />
      <div className="grid gap-6 2xl:grid-cols-2">
        <ChartCard id="pipeline-by-stage" title={t('stages.title')} description={t('stages.hint')} table={stageTable}>
          <BarChartView
            format="money"
            legend
            data={data.stages.map((s) => ({
              category: s.name,
              amount: Number(s.amount),
              weighted: Number(s.weighted),
            }))}
            series={[
              { key: 'amount', label: t('stages.amount') },
              { key: 'weighted', label: t('stages.weighted') },
            ]}
          />
        </ChartCard>
        <ChartCard
          id="stage-conversion"
          title={t('funnel.title')}
          description={t('funnel.hint', { count: data.created })}
          table={funnelTable}
        >
          <BarChartView
            horizontal
            legend
            data={data.funnel.map((f) => ({ category: f.stage, reached: f.reached }))}
            series={[{ key: 'reached', label: t('funnel.reached') }]}
          />
        </ChartCard>
      </div>
      <ChartCard id="won-revenue" title={t('trend.title')} description={t('trend.hint')} table={trendTable}>
        <BarChartView
          format="money"
          legend
          data={data.trend.map((m) => ({ category: m.month, wonAmount: Number(m.wonAmount) }))}
          series={[{ key: 'wonAmount', label: t('trend.wonAmount') }]}
        />
      </ChartCard>
      <ChartCard id="lost-reasons" title={t('lost.title')} description={t('lost.hint')} table={lostTable} side>
        {data.lostReasons.length ? (
          <BarChartView
            horizontal
            colorByCategory
            data={data.lostReasons.map((r) => ({ category: r.reason ?? t('lost.noReason'), count: r.count }))}
            series={[{ key: 'count', label: t('lost.deals') }]}
          />
        ) : (
          <p className="text-sm text-slate-500">{t('lost.none')}</p>
        )}
      </ChartCard>
      {data.people ? <People people={data.people} months={data.months} /> : null}
    </div>
  );
}

async function People({
  people,
  months,
}: {
  people: NonNullable<Awaited<ReturnType<typeof getSalesDashboard>>>['people'];
  months: number;
}) {
  const [t, format, money] = await Promise.all([getTranslations('sales.people'), getFormatter(), moneyFormats()]);
  const pct = (v: number | null) =>
    v === null ? '—' : format.number(v, { style: 'percent', maximumFractionDigits: 1 });
  const table: ChartTable = {
    columns: [
      { key: 'name', label: t('columns.name') },
      { key: 'openCount', label: t('columns.openCount'), numeric: true },
      { key: 'openAmount', label: t('columns.openAmount'), numeric: true },
      { key: 'weighted', label: t('columns.weighted'), numeric: true },
      { key: 'won', label: t('columns.won'), numeric: true },
      { key: 'lost', label: t('columns.lost'), numeric: true },
      { key: 'wonAmount', label: t('columns.wonAmount'), numeric: true },
      { key: 'winRate', label: t('columns.winRate'), numeric: true },
      { key: 'cycle', label: t('columns.cycle'), numeric: true },
    ],
    rows: (people ?? []).map((p) => ({
      values: {
        name: p.name ?? t('noOwner'),
        openCount: p.openCount,
        openAmount: p.openAmount,
        weighted: p.weighted,
        won: p.won,
        lost: p.lost,
        wonAmount: p.wonAmount,
        winRate: p.winRate,
        cycle: p.cycleDays,
      },
      display: {
        openCount: format.number(p.openCount),
        openAmount: money.full(p.openAmount),
        weighted: money.full(p.weighted),
        won: format.number(p.won),
        lost: format.number(p.lost),
        wonAmount: money.full(p.wonAmount),
        winRate: pct(p.winRate),
        cycle: p.cycleDays === null ? '—' : format.number(p.cycleDays, { maximumFractionDigits: 1 }),
      },
      href: p.ownerId ? `/sales?months=${months}&owner=${p.ownerId}` : undefined,
    })),
  };
  return <ChartCard id="sales-by-person" title={t('title')} description={t('hint')} table={table} />;
}
