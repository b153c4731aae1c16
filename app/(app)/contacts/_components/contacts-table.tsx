'use client';

import type { ColumnDef } from '@tanstack/react-table';
import { useTranslations } from 'next-intl';
import { useMemo } from 'react';
import { DataTable } from '@/components/data-table/data-table';
import { Badge } from '@/components/ui/badge';
import Link from '@/components/ui/link';
import type { ContactRow } from '@/lib/customers/contacts';
import { personName } from '@/lib/format';

type Props = {
  rows: ContactRow[];
  total: number;
  totalExact: boolean;
  page: number;
  size: number;
  sort: string;
  dir: 'asc' | 'desc';
  hidden: string[];
};

export function ContactsTable({ rows, total, totalExact, page, size, sort, dir, hidden }: Props) {
  const t = useTranslations('contacts');
  const columns = useMemo<ColumnDef<ContactRow, unknown>[]>(
    () => [
      {
        id: 'name',
        accessorKey: 'firstName',
        header: t('columns.name'),
        enableHiding: false,
        cell: ({ row }) => (
          <span className="flex min-w-44 items-center gap-2 font-medium">
            {personName(row.original.firstName, row.original.lastName)}
            {row.original.isPrimary ? <Badge tone="blue">{t('primary')}</Badge> : null}
          </span>
        ),
      },
      // An email address or a phone number broken over lines is hard to read and to copy: each stays
      // on one line, and the narrower columns (job title, customer) wrap instead.
      {
        id: 'email',
        accessorKey: 'email',
        header: t('columns.email'),
        cell: ({ row }) => <span className="whitespace-nowrap">{row.original.email ?? '—'}</span>,
      },
      {
        id: 'phone',
        header: t('columns.phone'),
        enableSorting: false,
        cell: ({ row }) => <span className="whitespace-nowrap tabular-nums">{row.original.phone ?? '—'}</span>,
      },
      { id: 'title', header: t('columns.title'), enableSorting: false, cell: ({ row }) => row.original.title ?? '—' },
      {
        id: 'customer',
        accessorKey: 'customerName',
        header: t('columns.customer'),
        cell: ({ row }) => (
          <Link href={`/customers/${row.original.customerId}`} className="text-brand-700 hover:underline">
            {row.original.customerName}
          </Link>
        ),
      },
    ],
    [t],
  );
  return (
    <DataTable
      caption={t('title')}
      columns={columns}
      data={rows}
      total={total}
      totalExact={totalExact}
      page={page}
      pageSize={size}
      sort={sort}
      dir={dir}
      hidden={hidden}
      getRowId={(r) => r.id}
      emptyTitle={t('empty')}
    />
  );
}
