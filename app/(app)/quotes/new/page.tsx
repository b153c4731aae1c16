import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Button } from '@/components/ui/button';
import { Card, CardBody } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import Link from '@/components/ui/link';
import { PageHeader } from '@/components/ui/page-header';
import { requirePermission } from '@/lib/auth/viewer';
import { listQuotableProducts } from '@/lib/sales/products/products';
import { getDealForQuote, listQuotableDeals } from '@/lib/sales/quotes/quotes';
import { NewQuoteParamsSchema } from '@/lib/sales/quotes/schemas';
import { firstValues } from '@/lib/search-params';
import { QuoteEditor } from '../_components/quote-editor';

export const metadata: Metadata = { title: 'New quote' };

/** The default validity of a new quote: 30 days from today. */
function in30Days(): string {
  return new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
}

// /quotes/new?deal=<id>: a quote for a deal the viewer may change (the deal page links here).
// Without a usable deal, the viewer's open deals are offered instead.
export default async function NewQuotePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requirePermission('quotes:write');
  const { deal: dealId, q } = NewQuoteParamsSchema.parse(firstValues(await searchParams));
  const [t, deal] = await Promise.all([
    getTranslations('quotes'),
    dealId ? getDealForQuote(viewer, dealId) : Promise.resolve(null),
  ]);
  if (!deal) {
    const deals = await listQuotableDeals(viewer, { q });
    return (
      <>
        <PageHeader title={t('newTitle')} description={dealId ? t('noDeal') : t('pickDeal')} />
        <Card>
          {/* A plain GET form: works without JavaScript; the search runs in SQL over the deals the viewer may quote on. */}
          <form
            role="search"
            aria-label={t('findDeal')}
            className="flex flex-wrap items-end gap-3 border-b border-slate-100 p-3"
          >
            <label className="w-full text-sm sm:w-72">
              <span className="mb-1 block text-xs font-medium text-slate-600">{t('dealSearch')}</span>
              <Input
                type="search"
                name="q"
                defaultValue={q}
                maxLength={100}
                autoComplete="off"
                placeholder={t('dealSearchPlaceholder')}
              />
            </label>
            <Button type="submit" variant="secondary">
              {t('search')}
            </Button>
          </form>
          {deals.length === 0 ? <p className="px-5 py-4 text-sm text-slate-500">{t('noDeals')}</p> : null}
          <ul className="divide-y divide-slate-100">
            {deals.map((d) => (
              <li key={d.id} className="px-5 py-3 text-sm">
                <Link href={`/quotes/new?deal=${d.id}`} className="font-medium text-brand-700 hover:underline">
                  {d.name}
                </Link>
                <span className="block text-slate-500">{d.customerName}</span>
              </li>
            ))}
          </ul>
        </Card>
      </>
    );
  }
  const products = await listQuotableProducts(viewer);
  return (
    <>
      <PageHeader title={t('newTitle')} description={t('newFor', { deal: deal.name, customer: deal.customerName })} />
      <Card>
        <CardBody>
          <QuoteEditor
            dealId={deal.id}
            currency={deal.currency}
            defaultValidUntil={in30Days()}
            products={products
              .filter((p) => p.currency === deal.currency)
              .map(({ id, sku, name, unitPrice, currency }) => ({ id, sku, name, unitPrice, currency }))}
          />
        </CardBody>
      </Card>
    </>
  );
}
