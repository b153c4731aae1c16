import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { TaskList } from '@/components/customers/task-list';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import Link from '@/components/ui/link';
import { PageHeader } from '@/components/ui/page-header';
import { SectionSkeleton } from '@/components/ui/skeleton';
import { Table, Td, Th } from '@/components/ui/table';
import { listMyValuableAtRisk } from '@/lib/analytics/dashboards/churn-risk';
import type { Viewer } from '@/lib/auth/permissions';
import { requireViewer } from '@/lib/auth/viewer';
import { listMyOpenTasks } from '@/lib/customers/activities';
import { getOwnedCounts, listMyRecentCustomers } from '@/lib/home/my-day';
import { getTeamCounts } from '@/lib/home/team-counts';
import { AtRiskCard } from './_components/at-risk-card';

export const metadata: Metadata = { title: 'My day' };

export default async function MyDayPage() {
  const viewer = await requireViewer();
  const [t, tc, format] = await Promise.all([getTranslations('home'), getTranslations('common'), getFormatter()]);
  return (
    <>
      <PageHeader
        title={t('greeting', { name: viewer.name })}
        description={t('subtitle', { date: format.dateTime(new Date(), { dateStyle: 'full' }) })}
      />
      <Suspense fallback={<SectionSkeleton label={tc('loading')} />}>
        <MyDay viewer={viewer} />
      </Suspense>
    </>
  );
}

/** The slow part: the viewer's numbers, tasks, recent customers and (for managers) the team. */
async function MyDay({ viewer }: { viewer: Viewer }) {
  const [t, tRoles, format, counts, tasks, recent, team, atRisk] = await Promise.all([
    getTranslations('home'),
    getTranslations('roles'),
    getFormatter(),
    getOwnedCounts(viewer),
    listMyOpenTasks(viewer),
    listMyRecentCustomers(viewer),
    getTeamCounts(viewer),
    viewer.role === 'sales_rep' ? listMyValuableAtRisk(viewer) : Promise.resolve(null),
  ]);
  const stats = [
    { key: 'customers', value: format.number(counts.customers), href: '/customers?owner=me' },
    { key: 'leads', value: format.number(counts.leads) },
    {
      key: 'openDeals',
      value: format.number(counts.openDeals),
      sub: format.number(Number(counts.openDealValue), 'money'),
    },
    { key: 'openCases', value: format.number(counts.openCases) },
    {
      key: 'openTasks',
      value: format.number(counts.openTasks),
      sub: counts.overdueTasks ? t('overdue', { count: counts.overdueTasks }) : undefined,
    },
  ];
  return (
    <>
      <section aria-labelledby="owned-heading" className="mb-6">
        <h2 id="owned-heading" className="mb-3 text-sm font-semibold text-slate-600">
          {t('owned')}
        </h2>
        <dl className="grid grid-cols-2 gap-3 lg:grid-cols-5">
          {stats.map((s) => (
            <Card key={s.key} className="p-4">
              <dt className="text-sm text-slate-500">
                {s.href ? (
                  <Link href={s.href} className="hover:text-brand-700 hover:underline">
                    {t(`stats.${s.key}`)}
                  </Link>
                ) : (
                  t(`stats.${s.key}`)
                )}
              </dt>
              <dd className="mt-1 text-2xl font-semibold tabular-nums" data-testid={`stat-${s.key}`}>
                {s.value}
              </dd>
              {s.sub ? <dd className="mt-0.5 text-xs text-slate-500">{s.sub}</dd> : null}
            </Card>
          ))}
        </dl>
      </section>
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        {/* First in reading order (a phone shows them before the long task list); on a wide screen on the right. */}
        <div className="space-y-6 lg:col-start-3 lg:row-start-1">
          {atRisk ? <AtRiskCard customers={atRisk} /> : null}
          <Card>
            <CardHeader title={t('recentCustomers')} />
            <CardBody>
              {recent.length === 0 ? (
                <EmptyState title={t('noRecent')} />
              ) : (
                <ul className="divide-y divide-slate-100">
                  {recent.map((c) => (
                    <li key={c.id} className="flex items-center justify-between gap-3 py-2 text-sm">
                      <Link href={`/customers/${c.id}`} className="truncate font-medium text-brand-700 hover:underline">
                        {c.name}
                      </Link>
                      <span className="shrink-0 text-xs text-slate-500">{format.relativeTime(c.lastTouch)}</span>
                    </li>
                  ))}
                </ul>
              )}
            </CardBody>
          </Card>
        </div>
        <Card className="lg:col-span-2 lg:col-start-1 lg:row-start-1" id="my-tasks">
          <CardHeader title={t('myTasks')} description={t('myTasksHint')} />
          <CardBody>
            <TaskList tasks={tasks} showCustomer />
          </CardBody>
        </Card>
      </div>
      {team ? (
        <Card className="mt-6">
          <CardHeader
            title={t('team')}
            description={
              team.computedAt
                ? t('teamHintAsOf', { time: format.dateTime(team.computedAt, { timeStyle: 'short' }) })
                : t('teamHint')
            }
          />
          {team.rows.length === 0 ? (
            <CardBody>
              <EmptyState title={team.computedAt ? t('teamEmpty') : t('teamComputing')} />
            </CardBody>
          ) : (
            <Table label={t('team')}>
              <thead>
                <tr>
                  <Th>{t('teamColumns.name')}</Th>
                  <Th>{t('teamColumns.role')}</Th>
                  <Th className="text-right">{t('teamColumns.customers')}</Th>
                  <Th className="text-right">{t('teamColumns.openDeals')}</Th>
                  <Th className="text-right">{t('teamColumns.openCases')}</Th>
                  <Th className="text-right">{t('teamColumns.openTasks')}</Th>
                  <Th className="text-right">{t('teamColumns.overdueTasks')}</Th>
                </tr>
              </thead>
              <tbody>
                {team.rows.map((r) => (
                  <tr key={r.userId}>
                    <Td className="font-medium whitespace-nowrap">
                      <Link href={`/customers?owner=${r.userId}`} className="text-brand-700 hover:underline">
                        {r.name}
                      </Link>
                    </Td>
                    <Td className="whitespace-nowrap">{tRoles(r.role)}</Td>
                    <Td className="text-right tabular-nums">{format.number(r.customers)}</Td>
                    <Td className="text-right tabular-nums">{format.number(r.openDeals)}</Td>
                    <Td className="text-right tabular-nums">{format.number(r.openCases)}</Td>
                    <Td className="text-right tabular-nums">{format.number(r.openTasks)}</Td>
                    <Td className={`text-right tabular-nums ${r.overdueTasks ? 'font-medium text-red-700' : ''}`}>
                      {format.number(r.overdueTasks)}
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </Card>
      ) : null}
    </>
  );
}
