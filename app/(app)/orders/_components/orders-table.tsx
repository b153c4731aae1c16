'use client';

import type { ColumnDef } from '@tanstack/react-table';
import { useFormatter, useTranslations } from 'next-intl';
import { useMemo } from 'react';
import { DataTable } from '@/components/data-table/data-table';
import { Badge } from '@/components/ui/badge';
import Link from '@/components/ui/link';
import type { OrderFilter } from '@/lib/sales/orders/filters';
import type { OrderListRow } from '@/lib/sales/orders/orders';
import { STATUS_TONES } from './status-tones';

export function OrdersTable({
  rows,
  total,
  totalExact,
  filter,
  showOwner,
}: {
  rows: OrderListRow[];
  total: number;
  totalExact: boolean;
  filter: OrderFilter;
  showOwner: boolean;
}) {
  const t = useTranslations('orders');
  const format = useFormatter();
  const columns = useMemo<ColumnDef<OrderListRow, unknown>[]>(
    () => [
      {
        id: 'number',
        accessorKey: 'number',
        header: t('columns.number'),
        enableHiding: false,
        cell: ({ row }) => (
          <span className="flex items-center gap-2 whitespace-nowrap">
            <Link
              href={`/orders/${row.original.id}`}
              className="font-mono text-xs font-medium text-brand-700 hover:underline"
            >
              {row.original.number}
            </Link>
            {row.original.fromQuote ? <Badge tone="violet">{t('fromQuote')}</Badge> : null}
          </span>
        ),
      },
      {
        id: 'orderedAt',
        accessorKey: 'orderedAt',
        header: t('columns.date'),
        cell: ({ row }) => (
          <span className="whitespace-nowrap">{format.dateTime(row.original.orderedAt, { dateStyle: 'medium' })}</span>
        ),
      },
      {
        id: 'customer',
        header: t('columns.customer'),
        enableSorting: false,
        cell: ({ row }) =>
          row.original.customerId ? (
            <Link href={`/customers/${row.original.customerId}`} className="hover:underline">
              {row.original.customerName}
            </Link>
          ) : (
            <span className="text-slate-500">{t('guest')}</span>
          ),
      },
      {
        id: 'kind',
        header: t('columns.kind'),
        enableSorting: false,
        cell: ({ row }) =>
          row.original.kind === 'return' ? <Badge tone="amber">{t('return')}</Badge> : <span>{t('sale')}</span>,
      },
      {
        id: 'status',
        header: t('columns.status'),
        enableSorting: false,
        cell: ({ row }) => (
          <Badge tone={STATUS_TONES[row.original.status as keyof typeof STATUS_TONES] ?? 'gray'}>
            {t(`statuses.${row.original.status}`)}
          </Badge>
        ),
      },
      ...(showOwner
        ? [
            {
              id: 'owner',
              header: t('columns.owner'),
              enableSorting: false,
              cell: ({ row }) => <span className="whitespace-nowrap">{row.original.ownerName ?? '—'}</span>,
            } satisfies ColumnDef<OrderListRow, unknown>,
          ]
        : []),
      {
        id: 'total',
        accessorKey: 'total',
        header: t('columns.total'),
        cell: ({ row }) => (
          <span className="block text-right whitespace-nowrap tabular-nums">
            {format.number(Number(row.original.total), { style: 'currency', currency: row.original.currency })}
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
      getRowId={(r) => r.id}
      emptyTitle={t('empty')}
      emptyDescription={t('emptyHint')}
    />
  );
}
