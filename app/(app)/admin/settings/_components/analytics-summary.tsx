import { ArrowRight } from 'lucide-react';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Alert } from '@/components/ui/alert';
import Link from '@/components/ui/link';
import { INTERRUPTED } from '@/lib/analytics/run-status';
import type { AnalyticsStatus } from '@/lib/analytics/runs';

/**
 * The analytics snapshot as settings see it: which numbers are current, and whether a refresh runs
 * or failed. "Refresh now" and its progress live in one place, the analytics pages a manager opens
 * anyway; this links there.
 */
export async function AnalyticsSummary({ status }: { status: AnalyticsStatus }) {
  const [t, format] = await Promise.all([getTranslations('analyticsRefresh'), getFormatter()]);
  const { current, latest } = status;
  return (
    <section aria-label={t('title')} className="space-y-3 text-sm">
      <p className="text-slate-700">
        {current
          ? t('current', {
              asOf: current.asOf ?? '',
              customers: current.customers ?? 0,
              orders: current.orders ?? 0,
              finished: current.finishedAt
                ? format.dateTime(current.finishedAt, { dateStyle: 'medium', timeStyle: 'short' })
                : '',
            })
          : t('none')}
      </p>
      {latest?.status === 'running' ? (
        <Alert tone="info">
          {t('running', { step: t.has(`steps.${latest.step}`) ? t(`steps.${latest.step}`) : '…' })}
        </Alert>
      ) : null}
      {latest?.status === 'failed' ? (
        <Alert tone="error">
          {latest.error?.startsWith(INTERRUPTED)
            ? t('interrupted', { when: format.dateTime(latest.startedAt, { dateStyle: 'medium', timeStyle: 'short' }) })
            : t('failed', {
                when: format.dateTime(latest.startedAt, { dateStyle: 'medium', timeStyle: 'short' }),
                step: latest.step && t.has(`steps.${latest.step}`) ? t(`steps.${latest.step}`) : t('starting'),
              })}
          {latest.error && !latest.error.startsWith(INTERRUPTED) ? (
            <details className="mt-1 text-xs">
              <summary className="cursor-pointer">{t('errorDetail')}</summary>
              <code className="break-all">{latest.error}</code>
            </details>
          ) : null}
        </Alert>
      ) : null}
      <p>
        <Link
          href="/analytics"
          className="inline-flex items-center gap-1 font-medium text-brand-700 underline-offset-2 hover:underline"
        >
          {t(status.canRefresh ? 'openToRefresh' : 'open')}
          <ArrowRight aria-hidden className="h-4 w-4" />
        </Link>
      </p>
    </section>
  );
}
