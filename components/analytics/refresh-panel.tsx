'use client';

import { useRouter } from 'next/navigation';
import { useFormatter, useTranslations } from 'next-intl';
import { useEffect, useState, useTransition } from 'react';
import { FormMessage } from '@/components/forms/form-message';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import type { ActionState } from '@/lib/action-state';
import { refreshAnalyticsAction } from '@/lib/analytics/refresh-actions';
import type { AnalyticsStatus } from '@/lib/analytics/runs';

const POLL_MS = 2_000;
/** Stop polling after this long (a refresh at 100k customers takes well under a minute). */
const POLL_LIMIT_MS = 10 * 60_000;

/**
 * The analytics snapshot's state and, for managers and admins, "Refresh now". While a refresh is
 * queued or running the page re-renders every two seconds, showing the step it is at; it stops
 * when a new snapshot is current or the run failed.
 */
export function RefreshPanel({ status }: { status: AnalyticsStatus }) {
  const t = useTranslations('analyticsRefresh');
  const format = useFormatter();
  const router = useRouter();
  const [pending, start] = useTransition();
  const [result, setResult] = useState<ActionState | null>(null);
  const [waitingSince, setWaitingSince] = useState<{ at: number; currentId: string | null } | null>(null);
  const { current, latest } = status;
  const running = latest?.status === 'running';
  const finished =
    waitingSince !== null &&
    !running &&
    (current?.id !== waitingSince.currentId ||
      (latest?.status === 'failed' && latest.startedAt.getTime() >= waitingSince.at));
  const polling = running || (waitingSince !== null && !finished && Date.now() - waitingSince.at < POLL_LIMIT_MS);

  useEffect(() => {
    if (!polling) return;
    const timer = setTimeout(() => router.refresh(), POLL_MS);
    return () => clearTimeout(timer);
  }, [polling, router]);
  useEffect(() => {
    if (!finished) return;
    setWaitingSince(null);
    setResult(null);
  }, [finished]);

  const refresh = () =>
    start(async () => {
      const state = await refreshAnalyticsAction({});
      setResult(state);
      if (state.ok) setWaitingSince({ at: Date.now() - 1_000, currentId: current?.id ?? null });
      router.refresh();
    });

  return (
    <section aria-label={t('title')} className="space-y-3 text-sm">
      {current ? (
        <p className="text-slate-700">
          {t('current', {
            asOf: current.asOf ?? '',
            customers: current.customers ?? 0,
            orders: current.orders ?? 0,
            finished: current.finishedAt
              ? format.dateTime(current.finishedAt, { dateStyle: 'medium', timeStyle: 'short' })
              : '',
          })}
        </p>
      ) : (
        <p className="text-slate-700">{t('none')}</p>
      )}
      <div aria-live="polite">
        {running ? (
          <Alert tone="info">
            {t('running', { step: t.has(`steps.${latest.step}`) ? t(`steps.${latest.step}`) : '…' })}
          </Alert>
        ) : waitingSince && !finished ? (
          <Alert tone="info">{t('queued')}</Alert>
        ) : null}
      </div>
      {latest?.status === 'failed' ? (
        <Alert tone="error">
          {t('failed', {
            when: format.dateTime(latest.startedAt, { dateStyle: 'medium', timeStyle: 'short' }),
            error: latest.error ?? '',
          })}
        </Alert>
      ) : null}
      {result && !running && !(waitingSince && !finished) ? <FormMessage state={result} /> : null}
      {status.canRefresh ? (
        <Button type="button" variant="secondary" onClick={refresh} disabled={pending || running || polling}>
          {t('refreshNow')}
        </Button>
      ) : null}
    </section>
  );
}
