'use client';

import type { ColumnDef } from '@tanstack/react-table';
import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { DataTable } from '@/components/data-table/data-table';
import { Badge } from '@/components/ui/badge';
import type { ActionState } from '@/lib/action-state';
import type { CustomerRow } from '@/lib/customers/customers';
import type { CustomerFilter } from '@/lib/customers/filters';
import { CustomerBulkActions } from './bulk-actions';

type Props = {
  rows: CustomerRow[];
  total: number;
  totalExact: boolean;
  filter: CustomerFilter;
  hidden: string[];
  owners: { id: string; name: string }[];
  canReassign: boolean;
  canTag: boolean;
};

export function CustomersTable({ rows, total, totalExact, filter, hidden, owners, canReassign, canTag }: Props) {
  const t = useTranslations('customers');
  const tm = useTranslations('messages');
  const format = useFormatter();
  const [result, setResult] = useState<ActionState<{ count: number }> | null>(null);
  const columns = useMemo<ColumnDef<CustomerRow, unknown>[]>(
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
