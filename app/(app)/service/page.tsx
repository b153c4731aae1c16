import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { DashboardSkeleton } from '@/components/charts/dashboard-skeleton';
import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/input';
import Link from '@/components/ui/link';
import { PageHeader } from '@/components/ui/page-header';
import { requirePermission } from '@/lib/auth/viewer';
import { firstValues } from '@/lib/search-params';
import {
  type ServiceDashboardFilter,
  ServiceDashboardFilterSchema,
  seesAllAgents,
  TREND_UNITS,
  WINDOWS,
} from '@/lib/service/dashboard';
import { listAssignableUsers } from '@/lib/users/users';
import { ServiceDashboardView } from './_components/dashboard-view';

export const metadata: Metadata = { title: 'Service dashboard' };

// The service dashboard: an agent's own numbers (the agent filter is ignored for them); a manager's
// or admin's whole team, one agent through the filter, and the per-agent table. Reps and marketers: 404.
export default async function ServiceDashboardPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requirePermission('dashboards:service');
  const team = seesAllAgents(viewer);
  const parsed = ServiceDashboardFilterSchema.parse(firstValues(await searchParams));
  const filter: ServiceDashboardFilter = team ? parsed : { days: parsed.days, by: parsed.by };
  const [t, agents] = await Promise.all([
    getTranslations('serviceDashboard'),
    team ? listAssignableUsers(['service_agent', 'manager', 'admin']) : Promise.resolve(null),
  ]);
  return (
    <>
      <PageHeader title={t('title')} description={team ? t('descriptionTeam') : t('descriptionAgent')} />
      <Filters filter={filter} agents={agents} />
      <Suspense key={JSON.stringify(filter)} fallback={<DashboardSkeleton />}>
        <ServiceDashboardView viewer={viewer} filter={filter} />
      </Suspense>
    </>
  );
}

/** A plain GET form: the filters live in the URL and work without JavaScript. */
async function Filters({
  filter,
  agents,
}: {
  filter: ServiceDashboardFilter;
  agents: { id: string; name: string }[] | null;
}) {
  const t = await getTranslations('serviceDashboard.filters');
  const caption = 'mb-1 block text-xs font-medium text-slate-600';
  return (
    <form
      role="search"
      aria-label={t('label')}
      className="mb-6 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3"
    >
      <label className="w-full text-sm sm:w-44">
        <span className={caption}>{t('period')}</span>
        <Select name="days" defaultValue={String(filter.days)}>
          {WINDOWS.map((d) => (
            <option key={d} value={d}>
              {t('days', { days: d })}
            </option>
          ))}
        </Select>
      </label>
      <label className="w-full text-sm sm:w-36">
        <span className={caption}>{t('trend')}</span>
        <Select name="by" defaultValue={filter.by}>
          {TREND_UNITS.map((u) => (
            <option key={u} value={u}>
              {t(u)}
            </option>
          ))}
        </Select>
      </label>
      {agents ? (
        <label className="w-full text-sm sm:w-56">
          <span className={caption}>{t('agent')}</span>
          <Select name="agent" defaultValue={filter.agent ?? ''}>
            <option value="">{t('everyone')}</option>
            <option value="me">{t('me')}</option>
            {agents.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </Select>
        </label>
      ) : null}
      <div className="flex items-center gap-3">
        <Button type="submit" variant="secondary">
          {t('apply')}
        </Button>
        <Link href="/service" className="text-sm text-brand-700 hover:underline">
          {t('reset')}
        </Link>
      </div>
    </form>
  );
}
