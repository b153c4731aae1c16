'use client';

import type { ColumnDef } from '@tanstack/react-table';
import { useFormatter, useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { DataTable } from '@/components/data-table/data-table';
import { Badge } from '@/components/ui/badge';
import Link from '@/components/ui/link';
import type { ActionState } from '@/lib/action-state';
import { segmentKey } from '@/lib/analytics/labels';
import type { CustomerListRow } from '@/lib/customers/customers';
import type { CustomerFilter } from '@/lib/customers/filters';
import { CustomerBulkActions } from './bulk-actions';

type Props = {
  rows: CustomerListRow[];
  /** The viewer sees analytics: show the score columns (a rep's are filled for their own customers). */
  scores: boolean;
  total: number;
  totalExact: boolean;
  filter: CustomerFilter;
  hidden: string[];
  owners: { id: string; name: string }[];
  canReassign: boolean;
  canTag: boolean;
};

export function CustomersTable({
  rows,
  scores,
  total,
  totalExact,
  filter,
  hidden,
  owners,
  canReassign,
  canTag,
}: Props) {
  const t = useTranslations('customers');
  const ta = useTranslations('analytics');
  const tm = useTranslations('messages');
  const format = useFormatter();
  const [result, setResult] = useState<ActionState<{ count: number }> | null>(null);
  // The current analytics run's scores: sortable (the sort lists scored customers only), filtered above.
  const scoreColumns = useMemo<ColumnDef<CustomerListRow, unknown>[]>(() => {
    const pct = (v: number | null) =>
      v === null ? '—' : format.number(v, { style: 'percent', maximumFractionDigits: 0 });
    return [
      {
        id: 'segment',
        accessorKey: 'segment',
        header: ta('list.columns.segment'),
        cell: ({ row }) => {
          const key = segmentKey(row.original.segment);
          return key ? <span className="whitespace-nowrap">{ta(`segmentNames.${key}`)}</span> : '—';
        },
      },
      {
        id: 'valueClass',
        accessorKey: 'valueClass',
        header: ta('list.columns.valueClass'),
        cell: ({ row }) =>
          row.original.valueClass && ta.has(`valueClasses.${row.original.valueClass}`) ? (
            <span className="whitespace-nowrap">{ta(`valueClasses.${row.original.valueClass}`)}</span>
          ) : (
            '—'
          ),
      },
      {
        id: 'clv',
        accessorKey: 'predictedClv',
        header: ta('list.columns.clv'),
        cell: ({ row }) => (
          <span className="block text-right whitespace-nowrap tabular-nums">
            {row.original.predictedClv === null ? '—' : format.number(Number(row.original.predictedClv), 'money')}
          </span>
        ),
      },
      {
        id: 'alive',
        accessorKey: 'pAlive',
        header: ta('list.columns.alive'),
        cell: ({ row }) => <span className="block text-right tabular-nums">{pct(row.original.pAlive)}</span>,
      },
      {
        id: 'cluster',
        accessorKey: 'cluster',
        header: ta('list.columns.cluster'),
        cell: ({ row }) =>
          row.original.cluster === null ? (
            '—'
          ) : (
            <span className="whitespace-nowrap">
              {ta('segments.clusterName', { number: row.original.cluster + 1 })}
            </span>
          ),
      },
      {
        id: 'churn',
        accessorKey: 'churnRisk',
        header: ta('list.columns.churn'),
        cell: ({ row }) => <span className="block text-right tabular-nums">{pct(row.original.churnRisk)}</span>,
      },
    ];
  }, [ta, format]);
  const columns = useMemo<ColumnDef<CustomerListRow, unknown>[]>(
    () => [
      {
        id: 'name',
        accessorKey: 'name',
        header: t('columns.name'),
        enableHiding: false,
        cell: ({ row }) => (
          <span className="flex min-w-56 items-center gap-2">
            <Link href={`/customers/${row.original.id}`} className="font-medium text-brand-700 hover:underline">
              {row.original.name}
            </Link>
            {row.original.kind === 'company' ? <Badge tone="violet">{t('filters.company')}</Badge> : null}
          </span>
        ),
      },
      {
        id: 'email',
        accessorKey: 'email',
        header: t('columns.email'),
        cell: ({ row }) => <span className="whitespace-nowrap text-slate-600">{row.original.email ?? '—'}</span>,
      },
      {
        id: 'phone',
        header: t('columns.phone'),
        enableSorting: false,
        cell: ({ row }) => <span className="whitespace-nowrap text-slate-600">{row.original.phone ?? '—'}</span>,
      },
      { id: 'city', header: t('columns.city'), enableSorting: false, cell: ({ row }) => row.original.city ?? '—' },
      {
        id: 'country',
        accessorKey: 'country',
        header: t('columns.country'),
        cell: ({ row }) => row.original.country ?? '—',
      },
      {
        id: 'industry',
        accessorKey: 'industry',
        header: t('columns.industry'),
        cell: ({ row }) => row.original.industry ?? '—',
      },
      {
        id: 'tags',
        header: t('columns.tags'),
        enableSorting: false,
        cell: ({ row }) => (
          <span className="flex flex-wrap gap-1">
            {row.original.tags.map((tag) => (
              <Badge key={tag}>{tag}</Badge>
            ))}
          </span>
        ),
      },
      {
        id: 'owner',
        header: t('columns.owner'),
        enableSorting: false,
        cell: ({ row }) => (
          <span className="whitespace-nowrap">
            {row.original.ownerName ?? <span className="text-slate-400">{t('filters.noOwner')}</span>}
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
      {
        id: 'updatedAt',
        accessorKey: 'updatedAt',
        header: t('columns.updatedAt'),
        cell: ({ row }) => (
          <span className="whitespace-nowrap">{format.dateTime(row.original.updatedAt, { dateStyle: 'medium' })}</span>
        ),
      },
      ...(scores ? scoreColumns : []),
    ],
    [t, format, scores, scoreColumns],
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
      selectable
      emptyTitle={t('empty')}
      emptyDescription={t('emptyHint')}
      bulkActions={(ids, clear) => (
        <CustomerBulkActions
          ids={ids}
          clear={clear}
          onResult={setResult}
          owners={owners}
          canReassign={canReassign}
          canTag={canTag}
        />
      )}
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
