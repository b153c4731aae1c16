import { getFormatter, getTranslations } from 'next-intl/server';
import { Badge } from '@/components/ui/badge';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import Link from '@/components/ui/link';
import { Table, Td, Th } from '@/components/ui/table';
import type { OrderLine } from '@/lib/customers/customer-360';

const PAGE = 10;

export async function OrdersSection({
  customerId,
  rows,
  total,
  page,
}: {
  customerId: string;
  rows: OrderLine[];
  total: number;
  page: number;
}) {
  const [t, format] = await Promise.all([getTranslations('customer360.orders'), getFormatter()]);
  const pages = Math.max(1, Math.ceil(total / PAGE));
  return (
    <Card id="orders">
      <CardHeader title={t('title')} description={t('count', { count: total })} />
      {rows.length === 0 ? (
        <EmptyState title={t('empty')} />
      ) : (
        <>
          <Table label={t('title')}>
            <thead>
              <tr>
                <Th>{t('number')}</Th>
                <Th>{t('date')}</Th>
                <Th>{t('status')}</Th>
                <Th>{t('items')}</Th>
                <Th className="text-right">{t('total')}</Th>
              </tr>
            </thead>
            <tbody>
              {rows.map((o) => (
                <tr key={o.id}>
                  <Td className="font-mono text-xs whitespace-nowrap">
                    <Link href={`/orders/${o.id}`} className="text-brand-700 hover:underline">
                      {o.number}
                    </Link>
                    {o.kind === 'return' ? (
                      <Badge tone="amber" className="ml-2 font-sans">
                        {t('return')}
                      </Badge>
                    ) : null}
                  </Td>
                  <Td className="whitespace-nowrap">{format.dateTime(o.orderedAt, { dateStyle: 'medium' })}</Td>
                  <Td>
                    <Badge
                      tone={
                        o.status === 'cancelled' || o.status === 'refunded'
                          ? 'red'
                          : o.status === 'paid'
                            ? 'blue'
                            : 'green'
                      }
                    >
                      {t(`statuses.${o.status}`)}
                    </Badge>
                  </Td>
                  <Td className="tabular-nums">{o.items}</Td>
                  <Td className="text-right whitespace-nowrap tabular-nums">
                    {format.number(Number(o.total), { style: 'currency', currency: o.currency })}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
          {pages > 1 ? (
            <nav aria-label={t('pagination')} className="flex items-center justify-end gap-3 px-3 py-2 text-sm">
              <span className="text-slate-500">{t('page', { page, pages })}</span>
              {page > 1 ? (
                <Link
                  scroll={false}
                  className="text-brand-700 hover:underline"
                  href={`/customers/${customerId}?op=${page - 1}#orders`}
                >
                  {t('newer')}
                </Link>
              ) : null}
              {page < pages ? (
                <Link
                  scroll={false}
                  className="text-brand-700 hover:underline"
                  href={`/customers/${customerId}?op=${page + 1}#orders`}
                >
                  {t('older')}
                </Link>
              ) : null}
            </nav>
          ) : null}
        </>
      )}
    </Card>
  );
}
