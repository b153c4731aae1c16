import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import { requireViewer } from '@/lib/auth/viewer';
import { getOwnedCounts } from '@/lib/home';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'Home' };

export default async function HomePage() {
  const viewer = await requireViewer();
  const [t, format, counts] = await Promise.all([getTranslations('home'), getFormatter(), getOwnedCounts(viewer)]);
  const stats = [
    { key: 'customers', value: format.number(counts.customers) },
    { key: 'leads', value: format.number(counts.leads) },
    { key: 'openDeals', value: format.number(counts.openDeals), sub: format.number(Number(counts.openDealValue), 'money') },
    { key: 'openCases', value: format.number(counts.openCases) },
    { key: 'openTasks', value: format.number(counts.openTasks), sub: counts.overdueTasks ? t('overdue', { count: counts.overdueTasks }) : undefined },
  ];
  return (
    <>
      <PageHeader title={t('greeting', { name: viewer.name })} description={t('subtitle')} />
      <section aria-labelledby="owned-heading">
        <h2 id="owned-heading" className="mb-3 text-sm font-semibold text-slate-600">
          {t('owned')}
        </h2>
        <dl className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-5">
          {stats.map((s) => (
            <Card key={s.key} className="p-4">
              <dt className="text-sm text-slate-500">{t(`stats.${s.key}`)}</dt>
              <dd className="mt-1 text-2xl font-semibold tabular-nums" data-testid={`stat-${s.key}`}>
                {s.value}
              </dd>
              {s.sub ? <dd className="mt-0.5 text-xs text-slate-500">{s.sub}</dd> : null}
            </Card>
          ))}
        </dl>
      </section>
    </>
  );
}
