import { getFormatter, getTranslations } from 'next-intl/server';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import Link from '@/components/ui/link';
import type { AtRiskCustomer } from '@/lib/analytics/dashboards/churn-risk';
import { reasonText } from '@/lib/analytics/reasons';

/** My day: the rep's valuable customers at risk (top 10), with why. */
export async function AtRiskCard({ customers }: { customers: AtRiskCustomer[] }) {
  const [t, tr, format] = await Promise.all([
    getTranslations('analytics.myDay'),
    getTranslations('analytics.reasons'),
    getFormatter(),
  ]);
  return (
    <Card id="at-risk">
      <CardHeader
        title={t('title')}
        description={t('hint')}
        actions={
          <Link href="/analytics/churn-risk" className="shrink-0 text-sm text-brand-700 hover:underline">
            {t('all')}
          </Link>
        }
      />
      <CardBody>
        {customers.length === 0 ? (
          <EmptyState title={t('empty')} />
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="my-at-risk">
            {customers.map((c) => (
              <li key={c.id} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-2 text-sm">
                <span className="min-w-0">
                  <Link href={`/customers/${c.id}`} className="font-medium text-brand-700 hover:underline">
                    {c.name}
                  </Link>
                  <span className="block text-xs text-slate-500">
                    {c.reasons.map((r) => reasonText(tr, r)).join(', ')}
                  </span>
                </span>
                <span className="shrink-0 text-right text-xs text-slate-600 tabular-nums">
                  {c.predictedClv === null ? '—' : format.number(Number(c.predictedClv), 'money')}
                  {c.churnRisk === null
                    ? null
                    : ` · ${t('risk', { risk: format.number(c.churnRisk, { style: 'percent', maximumFractionDigits: 0 }) })}`}
                </span>
              </li>
            ))}
          </ul>
        )}
      </CardBody>
    </Card>
  );
}
