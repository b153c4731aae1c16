import { getFormatter, getTranslations } from 'next-intl/server';
import { EmptyState } from '@/components/ui/empty-state';
import Link from '@/components/ui/link';
import { Table, Td, Th } from '@/components/ui/table';
import type { Viewer } from '@/lib/auth/permissions';
import { listOrderImports } from '@/lib/sales/order-import/imports';
import { StatusBadge } from './status-badge';

/** The viewer's recent imports (everyone's for managers and admins), newest first. */
export async function RecentImports({ viewer }: { viewer: Viewer }) {
  const [imports, t, format] = await Promise.all([
    listOrderImports(viewer),
    getTranslations('orderImport'),
    getFormatter(),
  ]);
  if (imports.length === 0) return <EmptyState title={t('list.empty')} />;
  return (
    <Table label={t('list.title')}>
      <thead>
        <tr>
          <Th>{t('list.file')}</Th>
          <Th>{t('list.status')}</Th>
          <Th>{t('list.by')}</Th>
          <Th>{t('list.created')}</Th>
          <Th className="text-right">{t('list.rows')}</Th>
          <Th>{t('list.resultColumn')}</Th>
        </tr>
      </thead>
      <tbody>
        {imports.map((i) => (
          <tr key={i.id}>
            <Td className="max-w-60 truncate">
              <Link href={`/orders/import/${i.id}`} className="font-medium text-brand-700 hover:underline">
                {i.fileName}
              </Link>
            </Td>
            <Td>
              <StatusBadge status={i.status} label={t(`status.${i.status}`)} />
            </Td>
            <Td>{i.createdByName ?? '—'}</Td>
            <Td className="whitespace-nowrap">
              {format.dateTime(i.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}
            </Td>
            <Td className="text-right tabular-nums">{format.number(i.counts.rowsRead)}</Td>
            <Td className="whitespace-nowrap">
              {t('list.result', {
                orders: i.counts.ordersCreated + i.counts.returnsCreated,
                rejected: i.counts.rowsRejected,
              })}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
