'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useCallback, useEffect, useId, useState } from 'react';
import { FilePicker } from '@/components/import/file-picker';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import Link from '@/components/ui/link';
import {
  cancelOrderImportAction,
  completeUploadAction,
  orderImportProgressAction,
  retryOrderImportAction,
} from '@/lib/sales/order-import/order-import-actions';
import { isUnfinished, type OrderImportProgress } from '@/lib/sales/order-import/progress';
import { StatusBadge } from './status-badge';
import { uploadFile } from './upload';
import { formatBytes, ProgressBar } from './upload-bar';

const POLL_MS = 1500;
const COUNTS = [
  'ordersCreated',
  'returnsCreated',
  'linesCreated',
  'linesUpdated',
  'linesUnchanged',
  'rowsRejected',
  'guestRowsSkipped',
  'customersCreated',
  'productsCreated',
] as const;

/**
 * An import's page body: polls its progress while it is unfinished, shows rows/s and time left,
 * offers cancel, continuing a stopped upload or a failed import, the report, and says when the
 * analytics refresh (queued by the import) will include its orders.
 */
export function ImportProgress({
  initial,
  canSeeAnalytics,
}: {
  initial: OrderImportProgress;
  /** The analytics pages show the refresh's status (and Refresh now, to admins and managers). */
  canSeeAnalytics: boolean;
}) {
  const t = useTranslations('orderImport');
  const format = useFormatter();
  const [p, setP] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [uploading, setUploading] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const fileId = useId();

  const refresh = useCallback(async () => {
    const next = await orderImportProgressAction({ id: initial.id }).catch(() => null);
    if (next?.ok && next.data) setP(next.data);
  }, [initial.id]);

  // Poll while the server works on it (not while this page is the one uploading).
  useEffect(() => {
    if (!isUnfinished(p.status) || uploading !== null) return;
    const timer = setTimeout(() => void refresh(), POLL_MS);
    return () => clearTimeout(timer);
  }, [p, uploading, refresh]);

  async function act(action: typeof cancelOrderImportAction) {
    setBusy(true);
    setProblem(null);
    const result = await action({ id: p.id }).catch(() => null);
    if (!result?.ok) setProblem('invalid');
    await refresh();
    setBusy(false);
  }

  async function resumeUpload(input: HTMLInputElement) {
    const file = input.files?.[0];
    if (!file) return;
    if (file.size !== p.fileSize || file.name.slice(0, 255) !== p.fileName) {
      setProblem('wrongFile');
      input.value = '';
      return;
    }
    setProblem(null);
    setUploading(p.bytesReceived);
    const ok = await uploadFile(p.id, file, p.bytesReceived, setUploading);
    const completed = ok ? await completeUploadAction({ id: p.id }).catch(() => null) : null;
    setUploading(null);
    if (!completed?.ok) setProblem('uploadFailed');
    await refresh();
  }

  const running = p.status === 'running';
  const progressText =
    p.status === 'uploading'
      ? t('upload.progress', {
          done: formatBytes(format, uploading ?? p.bytesReceived),
          total: formatBytes(format, p.fileSize),
        })
      : [
          t('progress.percent', { percent: format.number(Math.floor(p.share * 1000) / 10) }),
          t('progress.rows', { rows: p.counts.rowsRead }),
          running && p.rowsPerSecond ? t('progress.rate', { rate: format.number(Math.round(p.rowsPerSecond)) }) : null,
          running && p.secondsLeft !== null ? t('progress.eta', { time: duration(format, p.secondsLeft) }) : null,
        ]
          .filter(Boolean)
          .join(' · ');
  const hasReport = p.counts.rowsRejected + p.counts.guestRowsSkipped > 0;

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
        <StatusBadge status={p.status} label={t(`status.${p.status}`)} />
        <span>{formatBytes(format, p.fileSize)}</span>
        {p.createdByName ? <span>· {p.createdByName}</span> : null}
      </div>

      <div role="status" aria-live="polite" className="space-y-1">
        <ProgressBar
          share={p.status === 'uploading' && uploading !== null ? uploading / Math.max(p.fileSize, 1) : p.share}
          label={p.status === 'uploading' ? t('upload.label') : t('progress.label')}
          text={progressText}
        />
        {p.status === 'queued' ? <p className="text-sm text-slate-600">{t('progress.waiting')}</p> : null}
        {running || p.status === 'queued' ? <p className="text-xs text-slate-500">{t('progress.closeHint')}</p> : null}
      </div>

      {p.status === 'uploading' && p.mine && uploading === null ? (
        <FilePicker
          messages="orderImport"
          label={t('upload.resumeLabel')}
          hint={t('upload.resumeHint', { name: p.fileName, size: formatBytes(format, p.fileSize) })}
          onFile={(input) => void resumeUpload(input)}
        />
      ) : null}

      {p.status === 'done' ? <Alert tone="success">{t('done')}</Alert> : null}
      {p.status === 'cancelled' ? <Alert tone="warning">{t('cancelled')}</Alert> : null}
      {p.status === 'failed' ? (
        <Alert tone="error">
          {t('failed', {
            error: p.error && t.has(`errors.${p.error}`) ? t(`errors.${p.error}`) : (p.error ?? ''),
          })}
        </Alert>
      ) : null}
      {problem ? (
        <Alert tone="error">
          {problem === 'wrongFile'
            ? t('upload.wrongFile', { name: p.fileName, size: formatBytes(format, p.fileSize) })
            : t(`errors.${problem}`)}
        </Alert>
      ) : null}

      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
        {COUNTS.filter((k) => k !== 'customersCreated' || p.createCustomers).map((k) => (
          <div key={k} className="rounded-md border border-slate-200 px-3 py-2">
            <dt className="text-xs text-slate-500">{t(`counts.${k}`)}</dt>
            <dd className="text-lg font-semibold text-slate-900 tabular-nums" data-testid={`count-${k}`}>
              {format.number(p.counts[k])}
            </dd>
          </div>
        ))}
      </dl>

      {p.status === 'done' && p.counts.guestRowsSkipped > 0 ? (
        <p className="text-sm text-slate-600">{t('guestsExplained')}</p>
      ) : null}

      <div className="flex flex-wrap gap-2">
        {isUnfinished(p.status) && p.status !== 'cancelling' && uploading === null ? (
          <Button type="button" variant="secondary" disabled={busy} onClick={() => void act(cancelOrderImportAction)}>
            {t('actions.cancel')}
          </Button>
        ) : null}
        {p.status === 'failed' ? (
          <Button type="button" disabled={busy} onClick={() => void act(retryOrderImportAction)}>
            {t('actions.retry')}
          </Button>
        ) : null}
        {hasReport ? (
          <Button
            asChild
            variant="secondary"
            className="h-auto min-h-9 max-w-full py-1.5 text-center whitespace-normal"
          >
            <a href={`/orders/import/${p.id}/report`} download>
              {t('actions.report')}
            </a>
          </Button>
        ) : null}
      </div>

      {p.status === 'done' && p.counts.linesCreated + p.counts.linesUpdated > 0 ? (
        <section
          aria-labelledby={`${fileId}-analytics`}
          className="rounded-md border border-brand-100 bg-brand-50 px-4 py-3"
        >
          <h2 id={`${fileId}-analytics`} className="text-sm font-semibold text-brand-700">
            {t('analytics.title')}
          </h2>
          <p className="mt-1 text-sm text-brand-700">{t('analytics.queued')}</p>
          {canSeeAnalytics ? (
            <Link href="/analytics" className="mt-1 inline-block text-sm font-medium text-brand-700 underline">
              {t('analytics.link')}
            </Link>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}

/** "3 minutes", "40 seconds" in the viewer's language. */
function duration(format: ReturnType<typeof useFormatter>, seconds: number): string {
  if (seconds < 90)
    return format.number(Math.max(1, Math.round(seconds)), { style: 'unit', unit: 'second', unitDisplay: 'long' });
  if (seconds < 5400)
    return format.number(Math.round(seconds / 60), { style: 'unit', unit: 'minute', unitDisplay: 'long' });
  return format.number(Math.round(seconds / 360) / 10, { style: 'unit', unit: 'hour', unitDisplay: 'long' });
}
