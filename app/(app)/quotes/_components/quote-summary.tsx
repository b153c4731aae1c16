import { getFormatter, getTranslations } from 'next-intl/server';
import { Table, Td, Th } from '@/components/ui/table';
import type { QuoteDetail } from '@/lib/sales/quotes/quotes';

/** The items table and totals of a quote: on its page and on its print. */
export async function QuoteItemsTable({ quote }: { quote: QuoteDetail }) {
  const [t, format] = await Promise.all([getTranslations('quotes'), getFormatter()]);
  const money = (v: string) => format.number(Number(v), { style: 'currency', currency: quote.currency });
  const num = (v: string) => format.number(Number(v), { maximumFractionDigits: 2 });
  return (
    <Table label={t('items')} className="quote-items">
      <thead>
        <tr>
          <Th>{t('itemDescription')}</Th>
          <Th className="text-right">{t('quantity')}</Th>
          <Th className="text-right">{t('unitPrice')}</Th>
          <Th className="text-right">{t('lineDiscount')}</Th>
          <Th className="text-right">{t('lineTotal')}</Th>
        </tr>
      </thead>
      <tbody>
        {quote.items.map((item) => (
          <tr key={item.id}>
            <Td className="min-w-48">
              {item.description}
              {item.sku ? <span className="block font-mono text-xs text-slate-500">{item.sku}</span> : null}
            </Td>
            <Td className="text-right tabular-nums">{num(item.quantity)}</Td>
            <Td className="text-right whitespace-nowrap tabular-nums">{money(item.unitPrice)}</Td>
            <Td className="text-right tabular-nums">{Number(item.discountPct) ? `${num(item.discountPct)}%` : '—'}</Td>
            <Td className="text-right whitespace-nowrap tabular-nums">{money(item.lineTotal)}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

export async function QuoteTotalsList({ quote }: { quote: QuoteDetail }) {
  const [t, format] = await Promise.all([getTranslations('quotes'), getFormatter()]);
  const money = (v: string) => format.number(Number(v), { style: 'currency', currency: quote.currency });
  const num = (v: string) => format.number(Number(v), { maximumFractionDigits: 3 });
  const row = 'flex justify-between gap-6 py-0.5';
  return (
    <dl className="ml-auto w-full max-w-xs text-sm" data-testid="quote-totals">
      <div className={row}>
        <dt>{t('subtotal')}</dt>
        <dd className="tabular-nums">{money(quote.subtotal)}</dd>
      </div>
      <div className={row}>
        <dt>{quote.discountPct !== null ? t('discountPct', { pct: num(quote.discountPct) }) : t('discount')}</dt>
        <dd className="tabular-nums">−{money(quote.discount)}</dd>
      </div>
      <div className={row}>
        <dt>{t('tax', { rate: num(quote.taxRate) })}</dt>
        <dd className="tabular-nums">{money(quote.tax)}</dd>
      </div>
      <div className={`${row} border-t border-slate-300 pt-1 text-base font-semibold`}>
        <dt>{t('total')}</dt>
        <dd className="tabular-nums">{money(quote.total)}</dd>
      </div>
    </dl>
  );
}
