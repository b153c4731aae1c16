import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import Link from '@/components/ui/link';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/viewer';
import { listQuotableProducts } from '@/lib/sales/products/products';
import { getQuote } from '@/lib/sales/quotes/quotes';
import { QuoteActions } from '../_components/quote-actions';
import { QuoteEditor } from '../_components/quote-editor';
import { QuoteItemsTable, QuoteTotalsList } from '../_components/quote-summary';
import { QuoteStatusBadge } from '../_components/status-badge';

export const metadata: Metadata = { title: 'Quote' };

// A quote: its totals and lines, its status steps, and while a draft the editor. Whoever may read
// its deal reads it; a quote of someone else's deal is a 404, like a missing one.
export default async function QuotePage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePermission('quotes:read');
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const quote = await getQuote(viewer, id);
  if (!quote) notFound();
  const [t, format] = await Promise.all([getTranslations('quotes'), getFormatter()]);
  const editing = quote.canWrite && quote.status === 'draft';
  const products = editing ? await listQuotableProducts(viewer) : [];
  // A calendar date (valid until) is shown as that date in every time zone; times in the user's.
  const date = (d: Date | string | null) =>
    !d
      ? '—'
      : typeof d === 'string'
        ? format.dateTime(new Date(`${d}T00:00:00Z`), { dateStyle: 'medium', timeZone: 'UTC' })
        : format.dateTime(d, { dateStyle: 'medium' });
  const item = 'flex flex-col gap-0.5';
  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-3">
            <span>
              {quote.number}
              {quote.title ? <span className="font-normal text-slate-500"> · {quote.title}</span> : null}
            </span>
            <QuoteStatusBadge status={quote.status} />
          </span>
        }
        actions={
          <Button asChild variant="secondary">
            <Link href={`/quotes/${quote.id}/print`}>{t('print')}</Link>
          </Button>
        }
      />
      <div className="space-y-6">
        {quote.order ? (
          <Alert tone="success">
            <Link href={`/orders/${quote.order.id}`} className="font-medium underline">
              {t('orderCreated', { number: quote.order.number })}
            </Link>
          </Alert>
        ) : null}
        {quote.canWrite && ['draft', 'sent', 'expired'].includes(quote.status) ? (
          <Card>
            <CardBody>
              <QuoteActions id={quote.id} version={quote.version} status={quote.status} />
            </CardBody>
          </Card>
        ) : null}
        <Card>
          <CardHeader title={t('details')} />
          <CardBody>
            <dl className="grid gap-4 text-sm sm:grid-cols-3">
              <div className={item}>
                <dt className="text-slate-500">{t('customer')}</dt>
                <dd>
                  <Link href={`/customers/${quote.customerId}`} className="text-brand-700 hover:underline">
                    {quote.customerName}
                  </Link>
                </dd>
              </div>
              <div className={item}>
                <dt className="text-slate-500">{t('deal')}</dt>
                <dd>
                  {quote.dealId && quote.dealName && can(viewer, 'deals:read') ? (
                    <Link href={`/deals/${quote.dealId}`} className="text-brand-700 hover:underline">
                      {quote.dealName}
                    </Link>
                  ) : (
                    '—'
                  )}
                </dd>
              </div>
              <div className={item}>
                <dt className="text-slate-500">{t('owner')}</dt>
                <dd>{quote.ownerName ?? '—'}</dd>
              </div>
              <div className={item}>
                <dt className="text-slate-500">{t('validUntil')}</dt>
                <dd>{quote.validUntil ? date(quote.validUntil) : t('noDate')}</dd>
              </div>
              <div className={item}>
                <dt className="text-slate-500">{t('created')}</dt>
                <dd>{date(quote.createdAt)}</dd>
              </div>
              {quote.sentAt ? (
                <div className={item}>
                  <dt className="text-slate-500">{t('sentAt')}</dt>
                  <dd>{date(quote.sentAt)}</dd>
                </div>
              ) : null}
              {quote.decidedAt ? (
                <div className={item}>
                  <dt className="text-slate-500">{t('decidedAt')}</dt>
                  <dd>{date(quote.decidedAt)}</dd>
                </div>
              ) : null}
            </dl>
          </CardBody>
        </Card>
        {editing ? (
          <Card>
            <CardHeader title={t('edit')} />
            <CardBody>
              <QuoteEditor
                key={quote.version}
                currency={quote.currency}
                defaultValidUntil=""
                products={products
                  .filter((p) => p.currency === quote.currency)
                  .map(({ id, sku, name, unitPrice, currency }) => ({ id, sku, name, unitPrice, currency }))}
                quote={{
                  id: quote.id,
                  version: quote.version,
                  title: quote.title,
                  notes: quote.notes,
                  validUntil: quote.validUntil,
                  discountKind: quote.discountPct !== null ? 'percent' : 'amount',
                  discountValue: quote.discountPct ?? quote.discount,
                  taxRate: quote.taxRate,
                  lines: quote.items.map((i) => ({
                    productId: i.productId,
                    description: i.description,
                    quantity: i.quantity,
                    unitPrice: i.unitPrice,
                    discountPct: i.discountPct,
                  })),
                }}
              />
            </CardBody>
          </Card>
        ) : null}
        <Card>
          <CardHeader title={t('items')} />
          <QuoteItemsTable quote={quote} />
          <CardBody>
            <QuoteTotalsList quote={quote} />
          </CardBody>
        </Card>
        {quote.notes ? (
          <Card>
            <CardHeader title={t('notes')} />
            <CardBody className="text-sm whitespace-pre-line">{quote.notes}</CardBody>
          </Card>
        ) : null}
      </div>
    </>
  );
}
