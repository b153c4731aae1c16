'use client';

import type { ColumnDef } from '@tanstack/react-table';
import { useFormatter, useTranslations } from 'next-intl';
import { useMemo, useState, useTransition } from 'react';
import { DataTable } from '@/components/data-table/data-table';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import Link from '@/components/ui/link';
import type { ActionState } from '@/lib/action-state';
import { bulkReassignDealsAction } from '@/lib/sales/deals/deal-actions';
import type { DealFilter } from '@/lib/sales/deals/deal-filters';
import type { DealListRow } from '@/lib/sales/deals/deals';

type Props = {
  rows: DealListRow[];
  total: number;
  totalExact: boolean;
  filter: DealFilter;
  hidden: string[];
  owners: { id: string; name: string }[];
  canReassign: boolean;
  showOwner: boolean;
};

const STATUS_TONE = { open: 'blue', won: 'green', lost: 'red' } as const;

export function DealsTable({ rows, total, totalExact, filter, hidden, owners, canReassign, showOwner }: Props) {
  const t = useTranslations('deals');
  const tm = useTranslations('messages');
  const format = useFormatter();
  const [result, setResult] = useState<ActionState<{ count: number }> | null>(null);
  const columns = useMemo<ColumnDef<DealListRow, unknown>[]>(
    () => [
      {
        id: 'name',
        accessorKey: 'name',
        header: t('columns.name'),
        enableHiding: false,
        cell: ({ row }) => (
          <Link
            href={`/deals/${row.original.id}`}
            className="block min-w-44 font-medium text-brand-700 hover:underline"
          >
            {row.original.name}
          </Link>
        ),
      },
      {
        id: 'customer',
        header: t('columns.customer'),
        enableSorting: false,
        cell: ({ row }) => (
          <Link
            href={`/customers/${row.original.customerId}`}
            className="block min-w-36 text-slate-700 hover:underline"
          >
            {row.original.customerName}
          </Link>
        ),
      },
      {
        id: 'stage',
        header: t('columns.stage'),
        enableSorting: false,
        cell: ({ row }) => <span className="whitespace-nowrap">{row.original.stageName}</span>,
      },
      {
        id: 'amount',
        accessorKey: 'amount',
        header: t('columns.amount'),
        cell: ({ row }) => (
          <span className="block text-right whitespace-nowrap tabular-nums">
            {format.number(Number(row.original.amount), { style: 'currency', currency: row.original.currency })}
          </span>
        ),
      },
      {
        id: 'closeDate',
        accessorKey: 'expectedCloseDate',
        header: t('columns.closeDate'),
        cell: ({ row }) => (
          <span className="whitespace-nowrap">
            {row.original.expectedCloseDate
              ? format.dateTime(new Date(`${row.original.expectedCloseDate}T00:00:00Z`), {
                  dateStyle: 'medium',
                  timeZone: 'UTC',
                })
              : '—'}
          </span>
        ),
      },
      ...(showOwner
        ? [
            {
              id: 'owner',
              header: t('columns.owner'),
              enableSorting: false,
              cell: ({ row }) => <span className="whitespace-nowrap">{row.original.ownerName ?? t('noOwner')}</span>,
            } satisfies ColumnDef<DealListRow, unknown>,
          ]
        : []),
      {
        id: 'status',
        header: t('columns.status'),
        enableSorting: false,
        cell: ({ row }) => (
          <Badge tone={STATUS_TONE[row.original.status]}>{t(`filters.statuses.${row.original.status}`)}</Badge>
        ),
      },
      {
        id: 'daysInStage',
        header: t('columns.daysInStage'),
        cell: ({ row }) =>
          row.original.daysInStage === null ? (
            '—'
          ) : (
            <span
              className={`block text-right tabular-nums ${row.original.rotting ? 'font-semibold text-amber-800' : ''}`}
            >
              {row.original.rotting
                ? t('rotting', { days: row.original.daysInStage })
                : t('days', { days: row.original.daysInStage })}
            </span>
          ),
      },
    ],
    [t, format, showOwner],
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
      sort={filter.sort}
      dir={filter.dir}
      hidden={hidden}
      getRowId={(r) => r.id}
      selectable={canReassign}
      emptyTitle={t('empty')}
      emptyDescription={t('emptyHint')}
      bulkActions={(ids, clear) => <BulkReassign ids={ids} clear={clear} owners={owners} onResult={setResult} />}
      notice={
        result ? (
          <span role="status" className={result.ok ? 'text-emerald-700' : 'text-red-700'}>
            {result.ok
              ? t('bulkChanged', { count: result.data?.count ?? 0 })
              : tm.has(result.message ?? '')
                ? tm(result.message!)
                : tm('fixFields')}
          </span>
        ) : null
      }
    />
  );
}

function BulkReassign({
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
  const t = useTranslations('deals');
  const [ownerId, setOwnerId] = useState('');
  const [pending, start] = useTransition();
  return (
    <span className="flex items-center gap-1">
      <select
        aria-label={t('bulkOwner')}
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
        onClick={() =>
          start(async () => {
            const r = await bulkReassignDealsAction({ ids, ownerId });
            onResult(r);
            if (r.ok) clear();
          })
        }
      >
        {t('reassign')}
      </Button>
    </span>
  );
}
