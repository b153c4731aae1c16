import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { z } from 'zod';
import { DashboardSkeleton } from '@/components/charts/dashboard-skeleton';
import { KpiTiles } from '@/components/charts/kpi-tiles';
import { moneyFormats } from '@/components/charts/money';
import { getChurnRiskDashboard } from '@/lib/analytics/dashboards/churn-risk';
import { type AnalyticsFilter, filterParams } from '@/lib/analytics/filters';
import { reasonText } from '@/lib/analytics/reasons';
import { can, type Viewer } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/viewer';
import { firstValues, pageParam } from '@/lib/search-params';
import { NoRun } from '../_components/no-run';
import { pageFilter, type SearchParams } from '../_components/page-filter';
import { AtRiskTable } from './_components/at-risk-table';

export const metadata: Metadata = { title: 'Churn risk' };
const PAGE_SIZE = 50;

export default async function ChurnRiskPage({ searchParams }: { searchParams: SearchParams }) {
  const viewer = await requirePermission('analytics:read');
  const filter = await pageFilter(searchParams);
  const page = z.object({ page: pageParam }).parse(firstValues(await searchParams)).page;
  return (
    <Suspense fallback={<DashboardSkeleton />}>
      <ChurnRisk viewer={viewer} filter={filter} page={page} />
    </Suspense>
  );
}

async function ChurnRisk({ viewer, filter, page }: { viewer: Viewer; filter: AnalyticsFilter; page: number }) {
  const [t, tr, format, { compact }, data] = await Promise.all([
    getTranslations('analytics.churn'),
    getTranslations('analytics.reasons'),
    getFormatter(),
    moneyFormats(),
    getChurnRiskDashboard(viewer, filter, page, PAGE_SIZE),
  ]);
  if (!data) return null;
  if (!data.run) return <NoRun viewer={viewer} />;
  const { summary, rows } = data;
  const pageHref = (p: number) => {
    const params = filterParams(filter);
    if (p > 1) params.set('page', String(p));
    const q = params.toString();
    return q ? `/analytics/churn-risk?${q}` : '/analytics/churn-risk';
  };
  return (
    <>
      <KpiTiles
        label={t('summary')}
        items={[
          { key: 'atRisk', label: t('kpi.customers'), value: format.number(summary.customers) },
          {
            key: 'atRiskClv',
            label: t('kpi.clv', { months: data.run.inputs.horizonMonths }),
            value: compact(summary.predictedClv),
          },
        ]}
      />
      <AtRiskTable
        rows={rows.map((r) => ({
          id: r.id,
          name: r.name,
          ownerName: r.ownerName,
          predictedClv: r.predictedClv === null ? '—' : format.number(Number(r.predictedClv), 'money'),
          predictedClvValue: r.predictedClv === null ? null : Number(r.predictedClv),
          pAlive: r.pAlive,
          previousPAlive: r.previousPAlive,
          churnRisk: r.churnRisk,
          reasons: r.reasons.map((x) => reasonText(tr, x)),
          lastOrderOn: r.lastOrderOn,
          followUpOpen: r.followUpOpen,
        }))}
        total={summary.customers}
        page={page}
        pageSize={PAGE_SIZE}
        // Past the end (a page number typed in, or the list shrank): back to the last page.
        previousHref={
          page > 1 ? pageHref(Math.min(page - 1, Math.max(1, Math.ceil(summary.customers / PAGE_SIZE)))) : null
        }
        nextHref={page * PAGE_SIZE < summary.customers ? pageHref(page + 1) : null}
        canFollowUp={can(viewer, 'activities:write') && can(viewer, 'customers:write')}
      />
    </>
  );
}
