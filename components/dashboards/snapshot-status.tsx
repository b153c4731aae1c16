'use client';

import { RefreshCw } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useFormatter, useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { recomputeSalesDashboardAction, recomputeServiceDashboardAction } from '@/lib/dashboards/snapshot-actions';

const ACTIONS = { service: recomputeServiceDashboardAction, sales: recomputeSalesDashboardAction };

/**
 * When a team dashboard's figures were computed (they come from a snapshot: lib/dashboards/snapshots.ts)
 * and "Recompute now", which drops the snapshot and shows the figures computed again.
 */
export function SnapshotStatus({ kind, computedAt }: { kind: keyof typeof ACTIONS; computedAt: Date }) {
  const t = useTranslations('common.snapshot');
  const tm = useTranslations('messages');
  const format = useFormatter();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const recompute = () =>
    start(async () => {
      setError(null);
      const result = await ACTIONS[kind]({});
      if (!result.ok) setError(tm(result.message ?? 'invalid'));
      else router.refresh();
    });
  return (
    <div className="flex flex-wrap items-center gap-3 text-sm text-slate-600">
      <p>{t('asOf', { time: format.dateTime(computedAt, { dateStyle: 'medium', timeStyle: 'short' }) })}</p>
      <Button type="button" variant="secondary" size="sm" onClick={recompute} disabled={pending}>
        <RefreshCw aria-hidden className={pending ? 'size-4 animate-spin' : 'size-4'} />
        {pending ? t('recomputing') : t('recompute')}
      </Button>
      {error ? (
        <p role="alert" className="text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
