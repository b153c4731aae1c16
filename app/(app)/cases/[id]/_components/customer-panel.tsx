import { getFormatter, getTranslations } from 'next-intl/server';
import { Badge } from '@/components/ui/badge';
import { Card, CardHeader } from '@/components/ui/card';
import Link from '@/components/ui/link';
import type { CaseCustomer } from '@/lib/service/cases';

/** The customer beside the case: contact details, value class, purchases and open deals (read-only). */
export async function CustomerPanel({ customer }: { customer: CaseCustomer }) {
  const [t, ta, format] = await Promise.all([
    getTranslations('cases.customer'),
    getTranslations('analytics.valueClasses'),
    getFormatter(),
  ]);
  const row = 'flex justify-between gap-3 py-1.5 text-sm';
  return (
    <Card>
      <CardHeader title={t('title')} />
      <div className="space-y-3 px-4 pb-4">
        <p className="font-medium break-words">
          <Link href={`/customers/${customer.id}`} className="text-brand-700 hover:underline">
            {customer.name}
          </Link>
        </p>
        <dl className="divide-y divide-slate-100">
          {customer.email ? (
            <div className={row}>
              <dt className="text-slate-600">{t('email')}</dt>
              <dd className="min-w-0 truncate">{customer.email}</dd>
            </div>
          ) : null}
          {customer.phone ? (
            <div className={row}>
              <dt className="text-slate-600">{t('phone')}</dt>
              <dd>{customer.phone}</dd>
            </div>
          ) : null}
          <div className={row}>
            <dt className="text-slate-600">{t('valueClass')}</dt>
            <dd>
              {customer.valueClass ? (
                <Badge tone="violet">
                  {ta.has(customer.valueClass) ? ta(customer.valueClass) : customer.valueClass}
                </Badge>
              ) : (
                '—'
              )}
            </dd>
          </div>
          <div className={row}>
            <dt className="text-slate-600">{t('revenue')}</dt>
            <dd className="tabular-nums">
              {customer.lifetimeRevenue === null ? '—' : format.number(Number(customer.lifetimeRevenue), 'money')}
            </dd>
          </div>
          <div className={row}>
            <dt className="text-slate-600">{t('orders')}</dt>
            <dd className="tabular-nums">{customer.orderCount ?? '—'}</dd>
          </div>
          <div className={row}>
            <dt className="text-slate-600">{t('otherOpen')}</dt>
            <dd className="tabular-nums">
              {customer.otherOpenCases ? (
                <Link href={`/cases?view=all&customer=${customer.id}`} className="text-brand-700 hover:underline">
                  {customer.otherOpenCases}
                </Link>
              ) : (
                0
              )}
            </dd>
          </div>
        </dl>
        <div>
          <h3 className="mb-1 text-xs font-semibold text-slate-600 uppercase">{t('openDeals')}</h3>
          {customer.openDeals.length === 0 ? (
            <p className="text-sm text-slate-500">{t('noDeals')}</p>
          ) : (
            <ul className="space-y-1 text-sm">
              {customer.openDeals.map((d) => (
                <li key={d.id} className="flex justify-between gap-2">
                  <span className="min-w-0 truncate">
                    {d.name} <span className="text-slate-500">· {d.stage}</span>
                  </span>
                  <span className="tabular-nums whitespace-nowrap">
                    {format.number(Number(d.amount), { style: 'currency', currency: d.currency })}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </Card>
  );
}
