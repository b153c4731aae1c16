import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import Link from '@/components/ui/link';
import { PageHeader } from '@/components/ui/page-header';
import { Table, Td, Th } from '@/components/ui/table';
import { requirePermission } from '@/lib/auth/viewer';
import { getOrder } from '@/lib/sales/orders/orders';
import { STATUS_TONES } from '../_components/status-tones';

export const metadata: Metadata = { title: 'Order' };

// An order: its items, customer, and the deal and quote it came from (an accepted quote's order),
// or its source number (an imported one). Visible as the orders list is (visibleOrders): another
// rep's order is a 404, like a missing one.
export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePermission('orders:read');
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const order = await getOrder(viewer, id);
  if (!order) notFound();
  const [t, format] = await Promise.all([getTranslations('orders'), getFormatter()]);
  const money = (v: string) => format.number(Number(v), { style: 'currency', currency: order.currency });
  const num = (v: string) => format.number(Number(v), { maximumFractionDigits: 2 });
  const item = 'flex flex-col gap-0.5';
  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-3">
            <span className="font-mono">{order.number}</span>
            {order.kind === 'return' ? <Badge tone="amber">{t('return')}</Badge> : null}
            <Badge tone={STATUS_TONES[order.status as keyof typeof STATUS_TONES] ?? 'gray'}>
              {t(`statuses.${order.status}`)}
            </Badge>
          </span>
        }
      />
      <div className="space-y-6">
        {order.kind === 'return' ? <Alert tone="info">{t('returnNote')}</Alert> : null}
        <Card>
          <CardHeader title={t('details')} />
          <CardBody>
            <dl className="grid gap-4 text-sm sm:grid-cols-3">
              <div className={item}>
                <dt className="text-slate-500">{t('customer')}</dt>
                <dd>
                  {order.customerId ? (
                    <Link href={`/customers/${order.customerId}`} className="text-brand-700 hover:underline">
                      {order.customerName}
                    </Link>
                  ) : (
                    t('guest')
                  )}
                </dd>
              </div>
              <div className={item}>
                <dt className="text-slate-500">{t('orderedAt')}</dt>
                <dd>{format.dateTime(order.orderedAt, { dateStyle: 'medium', timeStyle: 'short' })}</dd>
              </div>
              <div className={item}>
                <dt className="text-slate-500">{t('owner')}</dt>
                <dd>{order.ownerName ?? '—'}</dd>
              </div>
              {order.dealId && order.dealName ? (
                <div className={item}>
                  <dt className="text-slate-500">{t('deal')}</dt>
                  <dd>
                    <Link href={`/deals/${order.dealId}`} className="text-brand-700 hover:underline">
                      {order.dealName}
                    </Link>
                  </dd>
                </div>
              ) : null}
              {order.quote ? (
                <div className={item}>
                  <dt className="text-slate-500">{t('quote')}</dt>
                  <dd>
                    {order.quote.visible ? (
                      <Link href={`/quotes/${order.quote.id}`} className="font-mono text-brand-700 hover:underline">
                        {order.quote.number}
                      </Link>
                    ) : (
                      <span className="font-mono">{order.quote.number}</span>
                    )}
                  </dd>
                </div>
              ) : null}
              {order.externalId ? (
                <div className={item}>
                  <dt className="text-slate-500">{t('externalId')}</dt>
                  <dd className="font-mono">{order.externalId}</dd>
                </div>
              ) : null}
            </dl>
          </CardBody>
        </Card>
        <Card>
          <CardHeader title={t('items')} />
          {order.items.length === 0 ? (
            <EmptyState title={t('noItems')} />
          ) : (
            <Table label={t('items')}>
              <thead>
                <tr>
                  <Th>{t('product')}</Th>
                  <Th className="text-right">{t('quantity')}</Th>
                  <Th className="text-right">{t('unitPrice')}</Th>
                  <Th className="text-right">{t('lineTotal')}</Th>
                </tr>
              </thead>
              <tbody>
                {order.items.map((i) => (
                  <tr key={i.id}>
                    <Td className="min-w-48">
                      {i.productName ?? '—'}
                      {i.sku ? <span className="block font-mono text-xs text-slate-500">{i.sku}</span> : null}
                    </Td>
                    <Td className="text-right tabular-nums">{num(i.quantity)}</Td>
                    <Td className="text-right whitespace-nowrap tabular-nums">{money(i.unitPrice)}</Td>
                    <Td className="text-right whitespace-nowrap tabular-nums">{money(i.lineTotal)}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
          <CardBody>
            <dl className="ml-auto w-full max-w-xs text-sm">
              {order.quote ? (
                <>
                  <div className="flex justify-between gap-6 py-0.5">
                    <dt>{t('subtotal')}</dt>
                    <dd className="tabular-nums">{money(order.quote.subtotal)}</dd>
                  </div>
                  <div className="flex justify-between gap-6 py-0.5">
                    <dt>{t('discount')}</dt>
                    <dd className="tabular-nums">−{money(order.quote.discount)}</dd>
                  </div>
                  <div className="flex justify-between gap-6 py-0.5">
                    <dt>{t('tax')}</dt>
                    <dd className="tabular-nums">{money(order.quote.tax)}</dd>
                  </div>
                </>
              ) : null}
              <div className="flex justify-between gap-6 border-t border-slate-300 pt-1 text-base font-semibold">
                <dt>{t('total')}</dt>
                <dd className="tabular-nums" data-testid="order-total">
                  {money(order.total)}
                </dd>
              </div>
            </dl>
          </CardBody>
        </Card>
        {order.kind === 'sale' ? (
          <Card>
            <CardHeader title={t('returns')} description={t('returnsHint')} />
            {order.returns.length === 0 ? (
              <CardBody className="text-sm text-slate-500">{t('noReturns')}</CardBody>
            ) : (
              <ul className="divide-y divide-slate-100 text-sm">
                {order.returns.map((r) => (
                  <li key={r.id} className="flex flex-wrap justify-between gap-3 px-5 py-2">
                    <Link href={`/orders/${r.id}`} className="font-mono text-brand-700 hover:underline">
                      {r.number}
                    </Link>
                    <span>{format.dateTime(r.orderedAt, { dateStyle: 'medium' })}</span>
                    <span className="tabular-nums">{money(r.total)}</span>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        ) : null}
      </div>
    </>
  );
}
