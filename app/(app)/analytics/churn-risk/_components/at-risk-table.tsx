'use client';

import { useRouter } from 'next/navigation';
import { useFormatter, useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { CsvButton } from '@/components/charts/csv-button';
import type { ChartTable } from '@/components/charts/types';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Input } from '@/components/ui/input';
import Link from '@/components/ui/link';
import type { ActionState } from '@/lib/action-state';
import { createFollowUpTasksAction } from '@/lib/analytics/dashboard-actions';
import type { FollowUpOutcome } from '@/lib/analytics/follow-ups';

export type AtRiskRow = {
  id: string;
  name: string;
  ownerName: string | null;
  predictedClv: string;
  predictedClvValue: number | null;
  pAlive: number | null;
  previousPAlive: number | null;
  churnRisk: number | null;
  reasons: string[];
  lastOrderOn: string | null;
  followUpOpen: boolean;
};

/** The at-risk list with row selection and "Create follow-up task for the owner". */
export function AtRiskTable({
  rows,
  total,
  page,
  pageSize,
  previousHref,
  nextHref,
  canFollowUp,
}: {
  rows: AtRiskRow[];
  total: number;
  page: number;
  pageSize: number;
  previousHref: string | null;
  nextHref: string | null;
  canFollowUp: boolean;
}) {
  const t = useTranslations('analytics.churn');
  const tm = useTranslations('messages');
  const format = useFormatter();
  const router = useRouter();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [subject, setSubject] = useState(t('followUp.subject'));
  const [result, setResult] = useState<ActionState<FollowUpOutcome> | null>(null);
  const [pending, start] = useTransition();
  const label = (key: string) => table.columns.find((c) => c.key === key)?.label ?? key;
  const pct = (v: number | null) =>
    v === null ? '—' : format.number(v, { style: 'percent', maximumFractionDigits: 0 });
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const create = () =>
    start(async () => {
      const r = await createFollowUpTasksAction({ ids: [...selected], subject, body: t('followUp.body') });
      setResult(r);
      if (r.ok) {
        setSelected(new Set());
        router.refresh();
      }
    });

  const table: ChartTable = {
    columns: [
      { key: 'name', label: t('columns.customer') },
      { key: 'owner', label: t('columns.owner') },
      { key: 'clv', label: t('columns.clv'), numeric: true },
      { key: 'alive', label: t('columns.alive'), numeric: true },
      { key: 'previousAlive', label: t('columns.previousAlive'), numeric: true },
      { key: 'risk', label: t('columns.risk'), numeric: true },
      { key: 'reasons', label: t('columns.reasons') },
      { key: 'lastOrder', label: t('columns.lastOrder') },
    ],
    rows: rows.map((r) => ({
      values: {
        name: r.name,
        owner: r.ownerName,
        clv: r.predictedClvValue,
        alive: r.pAlive,
        previousAlive: r.previousPAlive,
        risk: r.churnRisk,
        reasons: r.reasons.join('; '),
        lastOrder: r.lastOrderOn,
      },
    })),
  };

  return (
    <Card>
      <section aria-labelledby="at-risk-heading">
        <div className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-100 px-5 py-3">
          <div>
            <h2 id="at-risk-heading" className="text-base font-semibold text-slate-900">
              {t('title')}
            </h2>
            <p className="mt-0.5 text-sm text-slate-500">{t('hint')}</p>
          </div>
          <CsvButton table={table} filename="churn-risk" label={t('title')} />
        </div>
        {canFollowUp ? (
          <div
            className="flex flex-wrap items-end gap-2 border-b border-slate-100 px-5 py-3 text-sm"
            aria-live="polite"
          >
            <label className="w-full sm:w-80">
              <span className="mb-1 block text-xs font-medium text-slate-600">{t('followUp.subjectLabel')}</span>
              <Input value={subject} onChange={(e) => setSubject(e.target.value)} maxLength={200} />
            </label>
            <Button
              type="button"
              onClick={create}
              disabled={pending || selected.size === 0 || !subject.trim()}
              className="max-sm:h-auto max-sm:w-full max-sm:py-2 max-sm:whitespace-normal"
            >
              {t('followUp.create', { count: selected.size })}
            </Button>
            {result ? (
              <span
                role="status"
                className={result.ok ? 'text-emerald-700' : 'text-red-700'}
                data-testid="follow-up-result"
              >
                {result.ok && result.data
                  ? t('followUp.done', result.data)
                  : tm.has(result.message ?? '')
                    ? tm(result.message!)
                    : tm('invalid')}
              </span>
            ) : null}
          </div>
        ) : null}
        {rows.length === 0 ? (
          total > 0 ? (
            <EmptyState title={t('pastEnd')} description={t('pastEndHint', { total })} />
          ) : (
            <EmptyState title={t('empty')} description={t('emptyHint')} />
          )
        ) : (
          <div className="relative overflow-x-auto">
            <table className="w-full border-collapse text-sm max-sm:block">
              <caption className="sr-only">{t('title')}</caption>
              {/* On a phone each customer is a block of labelled lines, not a row to scroll sideways. */}
              <thead className="max-sm:sr-only">
                <tr className="bg-slate-50 text-left text-xs font-semibold text-slate-600">
                  {canFollowUp ? (
                    <th scope="col" className="border-b border-slate-200 px-3 py-2">
                      <input
                        type="checkbox"
                        aria-label={t('selectPage')}
                        className="h-4 w-4"
                        checked={allSelected}
                        onChange={() => setSelected(allSelected ? new Set() : new Set(rows.map((r) => r.id)))}
                      />
                    </th>
                  ) : null}
                  {table.columns.map((c) => (
                    <th
                      key={c.key}
                      scope="col"
                      className={`border-b border-slate-200 px-3 py-2 whitespace-nowrap ${c.numeric ? 'text-right' : ''}`}
                    >
                      {c.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="max-sm:block">
                {rows.map((r) => (
                  <tr
                    key={r.id}
                    className="align-top hover:bg-slate-50 max-sm:relative max-sm:block max-sm:border-b max-sm:border-slate-200 max-sm:px-3 max-sm:py-2"
                  >
                    {canFollowUp ? (
                      <td className="border-b border-slate-100 px-3 py-2 max-sm:absolute max-sm:top-2 max-sm:right-3 max-sm:border-0 max-sm:p-0">
                        <input
                          type="checkbox"
                          aria-label={t('selectRow', { name: r.name })}
                          className="h-4 w-4"
                          checked={selected.has(r.id)}
                          onChange={() => toggle(r.id)}
                        />
                      </td>
                    ) : null}
                    <th
                      scope="row"
                      className="border-b border-slate-100 px-3 py-2 text-left font-medium max-sm:block max-sm:border-0 max-sm:px-0 max-sm:pr-8"
                    >
                      <Link href={`/customers/${r.id}`} className="text-brand-700 hover:underline">
                        {r.name}
                      </Link>
                      {r.followUpOpen ? (
                        <Badge tone="blue" className="ml-2">
                          {t('followUpOpen')}
                        </Badge>
                      ) : null}
                    </th>
                    <Cell label={label('owner')} className="whitespace-nowrap">
                      {r.ownerName ?? '—'}
                    </Cell>
                    <Cell label={label('clv')} numeric>
                      {r.predictedClv}
                    </Cell>
                    <Cell label={label('alive')} numeric>
                      {pct(r.pAlive)}
                    </Cell>
                    <Cell label={label('previousAlive')} numeric>
                      {pct(r.previousPAlive)}
                    </Cell>
                    <Cell label={label('risk')} numeric>
                      {pct(r.churnRisk)}
                    </Cell>
                    <Cell label={label('reasons')}>
                      <ul className="space-y-0.5 sm:min-w-48">
                        {r.reasons.map((reason) => (
                          <li key={reason}>{reason}</li>
                        ))}
                      </ul>
                    </Cell>
                    <Cell label={label('lastOrder')} className="whitespace-nowrap">
                      {r.lastOrderOn ?? '—'}
                    </Cell>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <nav
          aria-label={t('pagination')}
          className="flex items-center justify-between gap-3 px-5 py-3 text-sm text-slate-600"
        >
          <span>
            {t('showing', {
              from: rows.length ? (page - 1) * pageSize + 1 : 0,
              to: rows.length ? (page - 1) * pageSize + rows.length : 0,
              total,
            })}
          </span>
          <span className="flex gap-2">
            {previousHref ? (
              <Link
                href={previousHref}
                className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50"
              >
                {t('previous')}
              </Link>
            ) : null}
            {nextHref ? (
              <Link
                href={nextHref}
                className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50"
              >
                {t('next')}
              </Link>
            ) : null}
          </span>
        </nav>
      </section>
    </Card>
  );
}

/**
 * A cell of the table; on a phone a line "label … value" (the label is what the column header
 * says, hidden from assistive technology, which reads the header).
 */
function Cell({
  label,
  numeric = false,
  className = '',
  children,
}: {
  label: string;
  numeric?: boolean;
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <td
      className={`border-b border-slate-100 px-3 py-2 max-sm:flex max-sm:justify-between max-sm:gap-4 max-sm:border-0 max-sm:px-0 max-sm:py-0.5 ${numeric ? 'text-right tabular-nums' : ''} ${className}`}
    >
      <span aria-hidden className="shrink-0 text-slate-500 sm:hidden">
        {label}
      </span>
      <span className="max-sm:text-right">{children}</span>
    </td>
  );
}
