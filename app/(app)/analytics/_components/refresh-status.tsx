'use client';

import { RefreshCw } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useFormatter, useTranslations } from 'next-intl';
import { useEffect, useRef, useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { analyticsStatusAction } from '@/lib/analytics/dashboard-actions';
import { refreshAnalyticsAction } from '@/lib/analytics/refresh-actions';
import { INTERRUPTED } from '@/lib/analytics/run-status';
import type { AnalyticsStatus } from '@/lib/analytics/runs';

const STEPS = ['load', 'analyze', 'write', 'publish', 'prune'] as const;
const POLL_MS = 2_000;
/** How long a queued refresh may wait for a worker before the control stops waiting for it. */
const QUEUE_PATIENCE_MS = 10 * 60_000;

/**
 * The snapshot's status (as of when, how many customers) and, for managers and admins, "Refresh
 * now": it queues a refresh, then polls the run row for its progress (step) and shows the new
 * numbers (router.refresh) when it completes, or the error when it fails. A run started elsewhere
 * (schedule, import, command line) shows its progress too.
 */
export function RefreshStatus({ initial, showCount }: { initial: AnalyticsStatus; showCount: boolean }) {
  const t = useTranslations('analytics.status');
  const tm = useTranslations('messages');
  const format = useFormatter();
  const router = useRouter();
  const [status, setStatus] = useState(initial);
  const [queuedAt, setQueuedAt] = useState<number | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();
  const currentId = useRef(initial.current?.id ?? null);

  const running = status.latest?.status === 'running';
  const waiting = running || queuedAt !== null;

  // biome-ignore lint/correctness/useExhaustiveDependencies: restarts only when waiting starts or stops
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(async () => {
      const r = await analyticsStatusAction({});
      const next = r.ok ? r.data : null;
      if (!next) return;
      setStatus(next);
      const done = next.current && next.current.id !== currentId.current;
      const failed =
        next.latest?.status === 'failed' && queuedAt !== null && next.latest.startedAt.getTime() >= queuedAt - 60_000;
      if (done || failed || (queuedAt !== null && Date.now() - queuedAt > QUEUE_PATIENCE_MS)) setQueuedAt(null);
      if (next.latest?.status === 'running') setQueuedAt(null);
      if (done) {
        currentId.current = next.current?.id ?? null;
        router.refresh();
      }
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [waiting]);

  const refresh = () =>
    start(async () => {
      const r = await refreshAnalyticsAction({});
      setMessage({ ok: r.ok, text: tm.has(r.message ?? '') ? tm(r.message!) : tm('invalid') });
      if (r.ok || r.reason === 'alreadyRunning') setQueuedAt(Date.now());
    });

  const { current, latest } = status;
  const step = latest?.status === 'running' ? latest.step : null;
  const stepIndex = step ? STEPS.indexOf(step as (typeof STEPS)[number]) : -1;
  return (
    <section
      aria-label={t('label')}
      className="mb-4 flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-3 text-sm sm:flex-row sm:items-center sm:justify-between"
    >
      <div className="space-y-1" aria-live="polite">
        {current ? (
          <p data-testid="analytics-as-of" data-run-id={current.id}>
            {t(showCount ? 'asOf' : 'asOfOnly', {
              date: format.dateTime(new Date(`${current.asOf ?? ''}T00:00:00Z`), {
                dateStyle: 'medium',
                timeZone: 'UTC',
              }),
              customers: current.customers ?? 0,
            })}{' '}
            {current.finishedAt ? (
              <span className="text-slate-500">
                {t('refreshedAt', {
                  time: format.dateTime(current.finishedAt, { dateStyle: 'medium', timeStyle: 'short' }),
                })}
              </span>
            ) : null}
          </p>
        ) : (
          <p>{t('none')}</p>
        )}
        {running ? (
          <div>
            <p className="font-medium text-brand-700" data-testid="analytics-running">
              {t('running', { step: step ? t(`steps.${step}`) : '…' })}
            </p>
            <progress
              className="h-2 w-48"
              max={STEPS.length}
              value={Math.max(0, stepIndex) + 0.5}
              aria-label={t('progress')}
            />
          </div>
        ) : queuedAt !== null ? (
          <p className="font-medium text-brand-700">{t('queued')}</p>
        ) : null}
        {latest?.status === 'failed' ? (
          <div role="alert" className="text-red-700">
            <p>
              {interrupted(latest.error)
                ? t('interrupted', {
                    time: format.dateTime(latest.startedAt, { dateStyle: 'medium', timeStyle: 'short' }),
                  })
                : t('failed', {
                    time: format.dateTime(latest.finishedAt ?? latest.startedAt, {
                      dateStyle: 'medium',
                      timeStyle: 'short',
                    }),
                    step: latest.step && t.has(`steps.${latest.step}`) ? t(`steps.${latest.step}`) : t('starting'),
                  })}
            </p>
            {latest.error && !interrupted(latest.error) ? (
              <details className="mt-1 text-xs text-slate-600">
                <summary className="cursor-pointer">{t('errorDetail')}</summary>
                <code className="break-all">{latest.error}</code>
              </details>
            ) : null}
          </div>
        ) : null}
        {message && !message.ok ? <p className="text-red-700">{message.text}</p> : null}
      </div>
      {status.canRefresh ? (
        <Button type="button" variant="secondary" onClick={refresh} disabled={pending || waiting}>
          <RefreshCw aria-hidden className={waiting ? 'h-4 w-4 animate-spin' : 'h-4 w-4'} />
          {t('refresh')}
        </Button>
      ) : null}
    </section>
  );
}

/** A run the process stopped in the middle of (lib/analytics/refresh.ts marks it so). */
function interrupted(error: string | null): boolean {
  return Boolean(error?.startsWith(INTERRUPTED));
}
