import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { BarChartView } from '@/components/charts/bar-chart';
import { ChartCard } from '@/components/charts/chart-card';
import { DashboardSkeleton } from '@/components/charts/dashboard-skeleton';
import { KpiTiles } from '@/components/charts/kpi-tiles';
import { moneyFormats } from '@/components/charts/money';
import type { ChartTable } from '@/components/charts/types';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Input, Select } from '@/components/ui/input';
import Link from '@/components/ui/link';
import { PageHeader } from '@/components/ui/page-header';
import { Table, Td, Th } from '@/components/ui/table';
import type { Viewer } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/viewer';
import { seesTeam } from '@/lib/sales/dashboard';
import {
  type ForecastCell,
  type ForecastFilter,
  ForecastFilterSchema,
  getForecast,
  HORIZONS,
} from '@/lib/sales/forecast';
import { firstValues } from '@/lib/search-params';
import { listAssignableUsers } from '@/lib/users/users';
import { SalesNav } from '../_components/sales-nav';
import { QuotaCell } from './_components/quota-cell';

export const metadata: Metadata = { title: 'Forecast' };

// The forecast: close month × owner, won against quota, commit, best case, pipeline and weighted.
// A rep sees their own row; managers and admins the team (or one person) and set quotas.
export default async function ForecastPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requirePermission('dashboards:sales');
  const team = seesTeam(viewer);
  const parsed = ForecastFilterSchema.parse(firstValues(await searchParams));
  const filter: ForecastFilter = team ? parsed : { ...parsed, owner: undefined };
  const [t, owners] = await Promise.all([
    getTranslations('sales.forecast'),
    team ? listAssignableUsers(['sales_rep', 'manager', 'admin']) : Promise.resolve(null),
  ]);
  return (
    <>
      <PageHeader title={t('title')} description={team ? t('descriptionTeam') : t('descriptionRep')} />
      <SalesNav />
      <Filters filter={filter} owners={owners} />
      <Suspense key={JSON.stringify(filter)} fallback={<DashboardSkeleton />}>
        <ForecastView viewer={viewer} filter={filter} />
      </Suspense>
    </>
  );
}

async function Filters({ filter, owners }: { filter: ForecastFilter; owners: { id: string; name: string }[] | null }) {
  const t = await getTranslations('sales.forecast.filters');
  const caption = 'mb-1 block text-xs font-medium text-slate-600';
  return (
    <form
      role="search"
      aria-label={t('label')}
      className="mb-6 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3"
    >
      <label className="w-full text-sm sm:w-44">
        <span className={caption}>{t('from')}</span>
        <Input type="month" name="from" defaultValue={filter.from} />
      </label>
      <label className="w-full text-sm sm:w-36">
        <span className={caption}>{t('months')}</span>
        <Select name="months" defaultValue={String(filter.months)}>
          {HORIZONS.map((m) => (
            <option key={m} value={m}>
              {t('monthCount', { count: m })}
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
        <Link href="/sales/forecast" className="text-sm text-brand-700 hover:underline">
          {t('reset')}
        </Link>
      </div>
    </form>
  );
}

async function ForecastView({ viewer, filter }: { viewer: Viewer; filter: ForecastFilter }) {
  const [t, format, money, data] = await Promise.all([
    getTranslations('sales.forecast'),
    getFormatter(),
    moneyFormats(),
    getForecast(viewer, filter),
  ]);
  if (!data) return null;
  const pct = (v: number | null) =>
    v === null ? '—' : format.number(v, { style: 'percent', maximumFractionDigits: 0 });
  const whole = data.whole;
  // Month by month (with the quota editor) for one month or one person; over 3–12 months of a whole
  // team, one row per person for the period (61 people × 12 months was 732 rows and 2.9 MB of HTML),
  // each name opening that person's months.
  const byMonth = data.months.length === 1 || data.people.length <= 1;
  const period = `${data.months[0]} – ${data.months[data.months.length - 1]}`;
  const monthTable: ChartTable = {
    columns: [
      { key: 'month', label: t('columns.month') },
      { key: 'quota', label: t('columns.quota'), numeric: true },
      { key: 'won', label: t('columns.won'), numeric: true },
      { key: 'attainment', label: t('columns.attainment'), numeric: true },
      { key: 'commit', label: t('columns.commit'), numeric: true },
      { key: 'bestCase', label: t('columns.bestCase'), numeric: true },
      { key: 'pipeline', label: t('columns.pipeline'), numeric: true },
      { key: 'weighted', label: t('columns.weighted'), numeric: true },
    ],
    rows: data.months.map((month, i) => {
      const c = data.totals[i];
      return {
        values: {
          month,
          quota: c.quota,
          won: c.won,
          attainment: c.attainment,
          commit: c.commit,
          bestCase: c.bestCase,
          pipeline: c.pipeline,
          weighted: c.weighted,
        },
        display: {
          quota: c.quota === null ? '—' : money.full(c.quota),
          won: money.full(c.won),
          attainment: pct(c.attainment),
          commit: money.full(c.commit),
          bestCase: money.full(c.bestCase),
          pipeline: money.full(c.pipeline),
          weighted: money.full(c.weighted),
        },
      };
    }),
  };
  return (
    <div className="space-y-6">
      <KpiTiles
        label={t('kpis.label')}
        items={[
          { key: 'won', label: t('kpis.won'), value: money.compact(whole.won), sub: t('kpis.wonSub') },
          {
            key: 'attainment',
            label: t('kpis.attainment'),
            value: pct(whole.attainment),
            sub: whole.quota === null ? t('kpis.noQuota') : t('kpis.quotaSub', { quota: money.compact(whole.quota) }),
          },
          {
            key: 'commit',
            label: t('kpis.commit'),
            value: money.compact(whole.commit),
            sub: t('kpis.bestCaseSub', { amount: money.compact(whole.bestCase) }),
          },
          {
            key: 'weighted',
            label: t('kpis.weighted'),
            value: money.compact(whole.weighted),
            sub: t('kpis.pipelineSub', { amount: money.compact(whole.pipeline) }),
          },
        ]}
      />
      {data.overdue.count ? (
        <p className="text-sm text-amber-800">
          {t('overdue', { count: data.overdue.count, amount: money.full(data.overdue.amount) })}
        </p>
      ) : null}
      <ChartCard id="forecast-by-month" title={t('byMonth')} description={t('byMonthHint')} table={monthTable}>
        <BarChartView
          format="money"
          legend
          data={data.months.map((month, i) => ({
            category: month,
            quota: data.totals[i].quota,
            won: data.totals[i].won,
            commit: data.totals[i].commit,
            bestCase: data.totals[i].bestCase,
            weighted: data.totals[i].weighted,
          }))}
          series={[
            { key: 'quota', label: t('columns.quota') },
            { key: 'won', label: t('columns.won') },
            { key: 'commit', label: t('columns.commit') },
            { key: 'bestCase', label: t('columns.bestCase') },
            { key: 'weighted', label: t('columns.weighted') },
          ]}
        />
      </ChartCard>
      <Card>
        <section aria-labelledby="forecast-people-heading">
          <div className="border-b border-slate-100 px-5 py-3">
            <h2 id="forecast-people-heading" className="text-base font-semibold text-slate-900">
              {t('byPerson')}
            </h2>
            <p className="mt-0.5 text-sm text-slate-500">
              {!byMonth
                ? t('byPersonPeriodHint', { period })
                : data.canSetQuotas
                  ? t('byPersonHintQuotas')
                  : t('byPersonHint')}
            </p>
          </div>
          {byMonth ? (
            <Table label={t('byPersonScroll')} aria-labelledby="forecast-people-heading">
              <thead>
                <tr>
                  <Th>{t('columns.owner')}</Th>
                  <Th>{t('columns.month')}</Th>
                  <Th className="text-right">{t('columns.quota')}</Th>
                  <Th className="text-right">{t('columns.won')}</Th>
                  <Th className="text-right">{t('columns.attainment')}</Th>
                  <Th className="text-right">{t('columns.commit')}</Th>
                  <Th className="text-right">{t('columns.bestCase')}</Th>
                  <Th className="text-right">{t('columns.pipeline')}</Th>
                  <Th className="text-right">{t('columns.weighted')}</Th>
                </tr>
              </thead>
              <tbody>
                {data.people.flatMap((p) =>
                  data.months.map((month, i) => {
                    const c = p.cells[i];
                    const name = p.name ?? t('noOwner');
                    return (
                      <tr
                        key={`${p.id}:${month}`}
                        className={i === data.months.length - 1 ? 'border-b-2 border-slate-200' : ''}
                      >
                        {i === 0 ? (
                          <th
                            scope="row"
                            rowSpan={data.months.length}
                            className="border-b border-slate-200 px-3 py-2 text-left align-top font-medium text-slate-900"
                          >
                            {name}
                            {!p.active ? <span className="ml-1 text-xs text-slate-500">{t('inactive')}</span> : null}
                          </th>
                        ) : null}
                        <Td className="whitespace-nowrap">{month}</Td>
                        <Td className="text-right tabular-nums whitespace-nowrap">
                          {data.canSetQuotas && p.id && (p.active || c.quota !== null) ? (
                            <QuotaCell
                              userId={p.id}
                              userName={name}
                              month={month}
                              amount={c.quota}
                              display={c.quota === null ? '—' : money.full(c.quota)}
                              version={c.quotaVersion}
                            />
                          ) : c.quota === null ? (
                            '—'
                          ) : (
                            money.full(c.quota)
                          )}
                        </Td>
                        <CellFigures cell={c} full={money.full} pct={pct} />
                      </tr>
                    );
                  }),
                )}
              </tbody>
            </Table>
          ) : (
            <Table label={t('byPersonScroll')} aria-labelledby="forecast-people-heading">
              <thead>
                <tr>
                  <Th>{t('columns.owner')}</Th>
                  <Th className="text-right">{t('columns.quota')}</Th>
                  <Th className="text-right">{t('columns.won')}</Th>
                  <Th className="text-right">{t('columns.attainment')}</Th>
                  <Th className="text-right">{t('columns.commit')}</Th>
                  <Th className="text-right">{t('columns.bestCase')}</Th>
                  <Th className="text-right">{t('columns.pipeline')}</Th>
                  <Th className="text-right">{t('columns.weighted')}</Th>
                </tr>
              </thead>
              <tbody>
                {data.people.map((p) => {
                  const name = p.name ?? t('noOwner');
                  const c = p.period;
                  return (
                    <tr key={p.id ?? 'none'}>
                      <th scope="row" className="px-3 py-2 text-left font-medium whitespace-nowrap text-slate-900">
                        {p.id ? (
                          <Link
                            href={`/sales/forecast?${new URLSearchParams({ from: data.months[0], months: String(data.months.length), owner: p.id })}`}
                            className="text-brand-700 hover:underline"
                            aria-label={t('personMonths', { name })}
                          >
                            {name}
                          </Link>
                        ) : (
                          name
                        )}
                        {!p.active ? <span className="ml-1 text-xs text-slate-500">{t('inactive')}</span> : null}
                      </th>
                      <Td className="text-right tabular-nums whitespace-nowrap">
                        {c.quota === null ? '—' : money.full(c.quota)}
                      </Td>
                      <CellFigures cell={c} full={money.full} pct={pct} />
                    </tr>
                  );
                })}
              </tbody>
            </Table>
          )}
        </section>
      </Card>
    </div>
  );
}

/** Won, attainment, commit, best case, pipeline and weighted: the figures after the quota in both tables. */
function CellFigures({
  cell,
  full,
  pct,
}: {
  cell: ForecastCell;
  full: (v: string) => string;
  pct: (v: number | null) => string;
}) {
  return (
    <>
      <Td className="text-right tabular-nums whitespace-nowrap">{full(cell.won)}</Td>
      <Td className="text-right tabular-nums">{pct(cell.attainment)}</Td>
      <Td className="text-right tabular-nums whitespace-nowrap">{full(cell.commit)}</Td>
      <Td className="text-right tabular-nums whitespace-nowrap">{full(cell.bestCase)}</Td>
      <Td className="text-right tabular-nums whitespace-nowrap">{full(cell.pipeline)}</Td>
      <Td className="text-right tabular-nums whitespace-nowrap">{full(cell.weighted)}</Td>
    </>
  );
}
