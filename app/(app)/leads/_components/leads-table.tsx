'use client';

import type { ColumnDef } from '@tanstack/react-table';
import { useFormatter, useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { DataTable } from '@/components/data-table/data-table';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import Link from '@/components/ui/link';
import type { ActionState } from '@/lib/action-state';
import { bulkAssignLeadsAction } from '@/lib/sales/leads/lead-actions';
import type { LeadListRow } from '@/lib/sales/leads/leads';
import { leadName } from '@/lib/sales/leads/names';
import { LEAD_PAGE_SIZES, type LeadFilter } from '@/lib/sales/leads/schemas';
import { StatusBadge } from './status-badge';

type Props = {
  rows: LeadListRow[];
  total: number;
  totalExact: boolean;
  filter: LeadFilter;
  hidden: string[];
  owners: { id: string; name: string }[];
  canAssign: boolean;
};

export function LeadsTable({ rows, total, totalExact, filter, hidden, owners, canAssign }: Props) {
  const t = useTranslations('leads');
  const tm = useTranslations('messages');
  const format = useFormatter();
  const [result, setResult] = useState<ActionState<{ count: number }> | null>(null);
  const columns = useMemo<ColumnDef<LeadListRow, unknown>[]>(
    () => [
      {
        id: 'name',
        header: t('columns.name'),
        enableHiding: false,
        enableSorting: false,
        cell: ({ row }) => (
          <span className="flex min-w-48 flex-wrap items-center gap-2">
            <Link href={`/leads/${row.original.id}`} className="font-medium text-brand-700 hover:underline">
              {leadName(row.original.firstName, row.original.lastName)}
            </Link>
            {row.original.capturedVia === 'web_form' ? <Badge tone="blue">{t('webForm')}</Badge> : null}
            {row.original.duplicateCount > 0 ? <Badge tone="amber">{t('duplicateBadge')}</Badge> : null}
          </span>
        ),
      },
      {
        id: 'company',
        header: t('columns.company'),
        enableSorting: false,
        cell: ({ row }) => <span className="whitespace-nowrap">{row.original.company ?? '—'}</span>,
      },
      {
        id: 'email',
        header: t('columns.email'),
        enableSorting: false,
        cell: ({ row }) => <span className="whitespace-nowrap text-slate-600">{row.original.email ?? '—'}</span>,
      },
      {
        id: 'status',
        header: t('columns.status'),
        enableSorting: false,
        cell: ({ row }) => <StatusBadge status={row.original.status} label={t(`status.${row.original.status}`)} />,
      },
      {
        id: 'source',
        header: t('columns.source'),
        enableSorting: false,
        cell: ({ row }) => <span className="whitespace-nowrap">{row.original.source ?? '—'}</span>,
      },
      {
        id: 'score',
        accessorKey: 'score',
        header: t('columns.score'),
        cell: ({ row }) => <span className="block text-right tabular-nums">{row.original.score}</span>,
      },
      {
        id: 'owner',
        header: t('columns.owner'),
        enableSorting: false,
        cell: ({ row }) => (
          <span className="whitespace-nowrap">
            {row.original.ownerName ?? <span className="text-slate-500">{t('filters.noOwner')}</span>}
          </span>
        ),
      },
      {
        id: 'createdAt',
        accessorKey: 'createdAt',
        header: t('columns.createdAt'),
        cell: ({ row }) => (
          <span className="whitespace-nowrap">{format.dateTime(row.original.createdAt, { dateStyle: 'medium' })}</span>
        ),
      },
    ],
    [t, format],
  );
  return (
    <DataTable
      caption={t('title')}
      columns={columns}
      data={rows}
      total={total}
      totalExact={totalExact}
      page={filter.page}
      pageSize={filter.size}
      pageSizes={LEAD_PAGE_SIZES}
      sort={filter.sort}
      dir={filter.dir}
      hidden={hidden}
      getRowId={(r) => r.id}
      selectable={canAssign}
      emptyTitle={t('empty')}
      emptyDescription={t('emptyHint')}
      bulkActions={
        canAssign
          ? (ids, clear) => <BulkAssign ids={ids} clear={clear} owners={owners} onResult={setResult} />
          : undefined
      }
      notice={
        result ? (
          <span role="status" className={result.ok ? 'text-emerald-700' : 'text-red-700'}>
            {result.ok
              ? t('bulk.changed', { count: result.data?.count ?? 0 })
              : tm.has(result.message ?? '')
                ? tm(result.message!)
                : tm('fixFields')}
          </span>
        ) : null
      }
    />
  );
}

function BulkAssign({
  ids,
  clear,
  owners,
  onResult,
}: {
  ids: string[];
  clear: () => void;
  owners: { id: string; name: string }[];
  onResult: (r: ActionState<{ count: number }>) => void;
}) {
  const t = useTranslations('leads.bulk');
  const [ownerId, setOwnerId] = useState('');
  const [pending, setPending] = useState(false);
  return (
    <span className="flex items-center gap-1">
      <select
        aria-label={t('owner')}
        className="h-8 rounded-md border border-slate-300 bg-white px-2 text-sm"
        value={ownerId}
        onChange={(e) => setOwnerId(e.target.value)}
      >
        <option value="">{t('chooseOwner')}</option>
        {owners.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
      <Button
        size="sm"
        variant="secondary"
        disabled={!ownerId || pending}
        onClick={async () => {
          setPending(true);
          const r = await bulkAssignLeadsAction({ ids, ownerId });
          setPending(false);
          onResult(r);
          if (r.ok) clear();
        }}
      >
        {t('assign')}
      </Button>
    </span>
  );
}
