import { getFormatter, getTranslations } from 'next-intl/server';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import Link from '@/components/ui/link';
import { Tooltip } from '@/components/ui/tooltip';
import type { AlsoBought, CustomerAnalytics } from '@/lib/analytics/customer-analytics';
import { aliveBandOf, CHURN_RISK_THRESHOLD, segmentKey } from '@/lib/analytics/labels';
import { reasonText } from '@/lib/analytics/reasons';

/**
 * The 360 page's analytics badges: RFM segment and scores, value class, predicted CLV, P(alive),
 * expected purchases in 90 days, cluster and churn risk, whose reasons show on hover and focus.
 */
export async function AnalyticsBadges({ scores }: { scores: CustomerAnalytics | null }) {
  const [t, ta, tr, format] = await Promise.all([
    getTranslations('analytics.badges'),
    getTranslations('analytics'),
    getTranslations('analytics.reasons'),
    getFormatter(),
  ]);
  if (!scores) return null;
  const pct = (v: number) => format.number(v, { style: 'percent', maximumFractionDigits: 0 });
  const segment = segmentKey(scores.segment);
  const band = scores.pAlive === null ? null : aliveBandOf(scores.pAlive);
  const aliveTone: BadgeTone =
    band === 'high' ? 'green' : band === 'medium' ? 'blue' : band === 'low' ? 'amber' : 'red';
  const risky = scores.churnRisk !== null && scores.churnRisk >= CHURN_RISK_THRESHOLD;
  const reasons = scores.reasons.map((r) => reasonText(tr, r));
  const item = (key: string, label: string, value: React.ReactNode) => (
    <div key={key} className="flex flex-col gap-1">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd data-testid={`score-${key}`}>{value}</dd>
    </div>
  );
  return (
    <section aria-labelledby="customer-analytics-heading" className="mb-6">
      <Card className="p-4">
        <h2
          id="customer-analytics-heading"
          className="mb-3 flex flex-wrap items-baseline gap-2 text-sm font-semibold text-slate-700"
        >
          {t('title')}
          <span className="text-xs font-normal text-slate-500">
            {t('asOf', {
              date: format.dateTime(new Date(`${scores.asOf}T00:00:00Z`), { dateStyle: 'medium', timeZone: 'UTC' }),
            })}
          </span>
        </h2>
        <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4 lg:grid-cols-7">
          {item(
            'segment',
            t('segment'),
            <span className="flex flex-col items-start gap-1">
              <Badge tone="violet">{segment ? ta(`segmentNames.${segment}`) : '—'}</Badge>
              <span className="text-xs text-slate-600 tabular-nums">
                {t('scores', { r: scores.r ?? '—', f: scores.f ?? '—', m: scores.m ?? '—' })}
              </span>
            </span>,
          )}
          {item(
            'valueClass',
            t('valueClass'),
            <Badge tone={scores.valueClass?.startsWith('important') ? 'blue' : 'gray'}>
              {scores.valueClass && ta.has(`valueClasses.${scores.valueClass}`)
                ? ta(`valueClasses.${scores.valueClass}`)
                : '—'}
            </Badge>,
          )}
          {item(
            'clv',
            t('clv', { months: scores.horizonMonths }),
            <span className="font-semibold tabular-nums">
              {scores.predictedClv === null ? '—' : format.number(Number(scores.predictedClv), 'money')}
            </span>,
          )}
          {item(
            'alive',
            t('alive'),
            scores.pAlive === null ? '—' : <Badge tone={aliveTone}>{pct(scores.pAlive)}</Badge>,
          )}
          {item(
            'expected90',
            t('expected90'),
            <span className="font-semibold tabular-nums">
              {scores.expectedPurchases90 === null
                ? '—'
                : format.number(scores.expectedPurchases90, { maximumFractionDigits: 1 })}
            </span>,
          )}
          {item(
            'cluster',
            t('cluster'),
            scores.cluster === null ? (
              '—'
            ) : (
              <Link href={`/customers?cluster=${scores.cluster}`} className="text-sm text-brand-700 hover:underline">
                {ta('segments.clusterName', { number: scores.cluster + 1 })}
              </Link>
            ),
          )}
          {item(
            'churn',
            t('churnRisk'),
            scores.churnRisk === null ? (
              '—'
            ) : (
              <Tooltip content={reasons.length ? t('reasonsLabel', { reasons: reasons.join(', ') }) : t('noReasons')}>
                <Badge tone={risky ? 'red' : 'green'} className="cursor-help">
                  {pct(scores.churnRisk)}
                </Badge>
              </Tooltip>
            ),
          )}
        </dl>
      </Card>
    </section>
  );
}

/** "Customers who bought this also bought": from the current run's basket rules. */
export async function AlsoBoughtCard({ items }: { items: AlsoBought[] | null }) {
  const [t, format] = await Promise.all([getTranslations('analytics.badges'), getFormatter()]);
  if (items === null) return null;
  return (
    <Card>
      <CardHeader title={t('alsoBought')} description={t('alsoBoughtHint')} />
      <CardBody>
        {items.length === 0 ? (
          <p className="text-sm text-slate-500">{t('noAlsoBought')}</p>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="also-bought">
            {items.map((p) => (
              <li key={p.productId} className="py-2 text-sm">
                <span className="font-medium text-slate-800">{p.name}</span>
                <span className="block text-xs text-slate-500">
                  {t('because', { name: p.becauseName })} ·{' '}
                  {t('lift', { lift: format.number(p.lift, { maximumFractionDigits: 1 }) })}
                </span>
              </li>
            ))}
          </ul>
        )}
      </CardBody>
    </Card>
  );
}
