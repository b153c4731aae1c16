'use client';

import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import Link from '@/components/ui/link';
import { Table, Td, Th } from '@/components/ui/table';
import type { ImportField } from '@/lib/customers/import/fields';
import { rejectedRowsCsv } from '@/lib/customers/import/report';
import type { RowError } from '@/lib/customers/import/schemas';
import type { LoadedFile } from './file-step';
import { useFieldLabel } from './mapping-step';
import type { ImportRun } from './use-import-run';

const SHOWN_REJECTIONS = 50;

/** Step 3: progress while chunks run, then the counts and the rejected rows (table + CSV report). */
export function RunStep({
  file,
  mapping,
  run,
  onReset,
}: {
  file: LoadedFile;
  mapping: (ImportField | null)[];
  run: ImportRun;
  onReset: () => void;
}) {
  const t = useTranslations('import');
  const tr = useTranslations('import.reasons');
  const label = useFieldLabel();
  const finished = run.status !== 'running' && run.status !== 'idle';
  const percent = run.total ? Math.round((run.done / run.total) * 100) : 0;

  // A problem names the file's own column when the field was mapped, else the field.
  const describe = useCallback(
    (e: RowError) => {
      const column = mapping.indexOf(e.field as ImportField);
      const name = column >= 0 ? file.headers[column] : label(e.field as ImportField);
      return `${name}: ${tr.has(e.reason) ? tr(e.reason) : e.reason}`;
    },
    [mapping, file, label, tr],
  );
  const report = useMemo(
    () =>
      finished && run.rejected.length
        ? rejectedRowsCsv(file.headers, file.records, run.rejected, describe, {
            row: t('report.row'),
            problems: t('report.problems'),
          })
        : null,
    [finished, run.rejected, file, describe, t],
  );
  const reportUrl = useObjectUrl(report);

  return (
    <div className="space-y-5">
      <div className="space-y-2">
        <div
          role="progressbar"
          aria-label={t('run.progressLabel')}
          aria-valuemin={0}
          aria-valuemax={run.total}
          aria-valuenow={run.done}
          aria-valuetext={`${percent}%`}
          className="h-3 w-full overflow-hidden rounded-full bg-slate-100"
        >
          <div className="h-full bg-brand-600 transition-[width]" style={{ width: `${percent}%` }} />
        </div>
        <p role="status" className="text-sm text-slate-700">
          {t('run.progress', { done: run.done, total: run.total })}
          {run.status === 'running' ? ` · ${t('run.running')}` : null}
        </p>
      </div>

      {run.status === 'running' ? (
        <Button type="button" variant="secondary" onClick={run.stop}>
          {t('run.stop')}
        </Button>
      ) : null}
      {run.status === 'failed' ? (
        <Alert tone="error">
          {t(`errors.${run.error === 'forbidden' || run.error === 'badChunk' ? run.error : 'failed'}`)}
        </Alert>
      ) : null}
      {run.status === 'stopped' ? <Alert tone="warning">{t('run.stopped')}</Alert> : null}
      {run.status === 'done' ? <Alert tone="success">{t('run.done')}</Alert> : null}

      <dl className="grid max-w-xl grid-cols-2 gap-3 sm:grid-cols-4">
        {(['created', 'updated', 'unchanged', 'rejected'] as const).map((k) => (
          <div key={k} className="rounded-md border border-slate-200 px-3 py-2">
            <dt className="text-xs text-slate-500">{t(`run.${k}`)}</dt>
            <dd className="text-lg font-semibold text-slate-900" data-testid={`import-${k}`}>
              {k === 'rejected' ? run.rejected.length : run[k]}
            </dd>
          </div>
        ))}
      </dl>

      {run.consentKept.length ? (
        <Alert tone="warning">
          <span data-testid="import-consent-kept">
            {t('run.consentKept', {
              count: run.consentKept.length,
              lines: run.consentKept.slice(0, SHOWN_REJECTIONS).join(', '),
              more: Math.max(0, run.consentKept.length - SHOWN_REJECTIONS),
            })}
          </span>
        </Alert>
      ) : null}

      {finished && run.rejected.length ? (
        <section aria-labelledby="import-rejected-title" className="space-y-2">
          <h2 id="import-rejected-title" className="text-base font-semibold text-slate-900">
            {t('run.rejectedTitle')}
          </h2>
          {reportUrl ? (
            <Button asChild variant="secondary">
              <a href={reportUrl} download={t('report.fileName')}>
                {t('run.download')}
              </a>
            </Button>
          ) : null}
          {run.rejected.length > SHOWN_REJECTIONS ? (
            <p className="text-sm text-slate-500">
              {t('run.rejectedMore', { shown: SHOWN_REJECTIONS, total: run.rejected.length })}
            </p>
          ) : null}
          <Table label={t('run.rejectedTitle')}>
            <thead>
              <tr>
                <Th>{t('report.row')}</Th>
                <Th>{t('run.problems')}</Th>
              </tr>
            </thead>
            <tbody>
              {run.rejected.slice(0, SHOWN_REJECTIONS).map((r) => (
                <tr key={r.line}>
                  <Td className="text-slate-500">{r.line}</Td>
                  <Td>{r.errors.map(describe).join('; ')}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </section>
      ) : null}

      {finished ? (
        <div className="flex flex-wrap gap-2">
          <Button type="button" variant="secondary" onClick={onReset}>
            {t('run.another')}
          </Button>
          <Button asChild>
            <Link href="/customers">{t('run.toCustomers')}</Link>
          </Button>
        </div>
      ) : null}
    </div>
  );
}

/** A blob: URL for the text (UTF-8 CSV), revoked when the text changes or the step unmounts. */
function useObjectUrl(text: string | null): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!text) return setUrl(null);
    const next = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
    setUrl(next);
    return () => URL.revokeObjectURL(next);
  }, [text]);
  return url;
}
