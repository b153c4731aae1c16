'use client';

import { Plus, Trash2 } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useFormatter, useTranslations } from 'next-intl';
import { useId, useState, useTransition } from 'react';
import { FormMessage } from '@/components/forms/form-message';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Input, Select, Textarea } from '@/components/ui/input';
import { useToast, withFlash } from '@/components/ui/toast';
import { type ActionState, initialActionState } from '@/lib/action-state';
import { createQuoteAction, updateQuoteAction } from '@/lib/sales/quotes/quote-actions';
import { type QuoteTotals, quoteTotals } from '@/lib/sales/quotes/totals';

export type EditorProduct = { id: string; sku: string; name: string; unitPrice: string; currency: string };
type Line = {
  key: string;
  productId: string | null;
  description: string;
  quantity: string;
  unitPrice: string;
  discountPct: string;
};
export type EditorQuote = {
  id: string;
  version: number;
  title: string | null;
  notes: string | null;
  validUntil: string | null;
  discountKind: 'percent' | 'amount';
  discountValue: string;
  taxRate: string;
  lines: Omit<Line, 'key'>[];
};

let nextKey = 0;
const newKey = () => `line-${++nextKey}`;

/** The live totals, with the same exact arithmetic the server stores; null while a number is not valid. */
function preview(lines: Line[], kind: 'percent' | 'amount', value: string, taxRate: string): QuoteTotals | null {
  try {
    return quoteTotals(lines, { kind, value: value || '0' }, taxRate || '0');
  } catch {
    return null;
  }
}

/**
 * The quote editor: lines from the price book (price defaulted from it, editable) or free text,
 * each with quantity and discount; an overall discount (percent or amount); a tax rate; the
 * valid-until date. Totals are previewed here and computed again on the server, which stores them.
 */
export function QuoteEditor({
  dealId,
  quote,
  products,
  currency,
  defaultValidUntil,
}: {
  dealId?: string;
  quote?: EditorQuote;
  products: EditorProduct[];
  currency: string;
  defaultValidUntil: string;
}) {
  const t = useTranslations('quotes.editor');
  const tm = useTranslations('messages');
  const tv = useTranslations('validation');
  const format = useFormatter();
  const router = useRouter();
  const toast = useToast();
  const ids = useId();
  const [pending, start] = useTransition();
  const [state, setState] = useState<ActionState>(initialActionState);
  const [title, setTitle] = useState(quote?.title ?? '');
  const [notes, setNotes] = useState(quote?.notes ?? '');
  const [validUntil, setValidUntil] = useState(quote ? (quote.validUntil ?? '') : defaultValidUntil);
  const [discountKind, setDiscountKind] = useState<'percent' | 'amount'>(quote?.discountKind ?? 'percent');
  const [discountValue, setDiscountValue] = useState(quote?.discountValue ?? '0');
  const [taxRate, setTaxRate] = useState(quote?.taxRate ?? '0');
  const [lines, setLines] = useState<Line[]>(
    quote?.lines.map((l) => ({ ...l, key: newKey() })) ?? [
      { key: newKey(), productId: null, description: '', quantity: '1', unitPrice: '0.00', discountPct: '0' },
    ],
  );
  const totals = preview(lines, discountKind, discountValue, taxRate);
  const money = (v: string) => format.number(Number(v), { style: 'currency', currency });
  const e = state.fieldErrors ?? {};

  const change = (key: string, patch: Partial<Line>) =>
    setLines((ls) => ls.map((l) => (l.key === key ? { ...l, ...patch } : l)));
  const pick = (key: string, productId: string) => {
    const p = products.find((x) => x.id === productId);
    change(key, p ? { productId: p.id, description: p.name, unitPrice: p.unitPrice } : { productId: null });
  };

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const body = {
      title,
      notes,
      validUntil: validUntil || null,
      discountKind,
      discountValue: discountValue || '0',
      taxRate: taxRate || '0',
      lines: lines.map(({ key: _k, ...l }) => l),
    };
    start(async () => {
      const result = quote
        ? await updateQuoteAction({ ...body, id: quote.id, version: quote.version })
        : await createQuoteAction({ ...body, dealId });
      setState(result);
      if (!result.ok) {
        document.getElementById(`${ids}-message`)?.scrollIntoView({ block: 'nearest' });
        return;
      }
      if (quote) {
        if (result.message) toast(tm(result.message));
        router.refresh();
      } else if (result.id) router.push(withFlash(`/quotes/${result.id}`, result.message));
    });
  };

  return (
    <form onSubmit={submit} className="space-y-6" noValidate>
      <div id={`${ids}-message`}>
        <FormMessage state={state} />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label={t('title')} errors={e.title}>
          <Input
            value={title}
            onChange={(ev) => setTitle(ev.target.value)}
            maxLength={200}
            placeholder={t('titlePlaceholder')}
          />
        </FormField>
        <FormField label={t('validUntil')} errors={e.validUntil}>
          <Input type="date" value={validUntil} onChange={(ev) => setValidUntil(ev.target.value)} />
        </FormField>
      </div>

      <fieldset className="space-y-3">
        <legend className="mb-2 text-sm font-semibold text-slate-900">{t('lines')}</legend>
        {e.lines ? (
          <p role="alert" className="text-sm text-red-700">
            {e.lines.includes('amountTooLarge') ? tv('amountTooLarge') : tm('fixFields')}
          </p>
        ) : null}
        {lines.map((line, k) => {
          const lineTotal = totals?.lines[k];
          return (
            <div
              key={line.key}
              role="group"
              aria-labelledby={`${ids}-${line.key}`}
              className="rounded-md border border-slate-200 p-3"
            >
              <div className="mb-2 flex items-center justify-between">
                <h3 id={`${ids}-${line.key}`} className="text-sm font-medium text-slate-700">
                  {t('line', { n: k + 1 })}
                </h3>
                <Button
                  type="button"
                  variant="ghost"
                  size="icon"
                  aria-label={t('removeLine', { n: k + 1 })}
                  disabled={lines.length === 1}
                  onClick={() => setLines((ls) => ls.filter((l) => l.key !== line.key))}
                >
                  <Trash2 aria-hidden className="h-4 w-4" />
                </Button>
              </div>
              <div className="grid gap-3 sm:grid-cols-12">
                <FormField label={t('product')} className="sm:col-span-4">
                  <Select value={line.productId ?? ''} onChange={(ev) => pick(line.key, ev.target.value)}>
                    <option value="">{t('freeText')}</option>
                    {products.map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.sku} · {p.name}
                      </option>
                    ))}
                  </Select>
                </FormField>
                <FormField label={t('description')} className="sm:col-span-8">
                  <Input
                    value={line.description}
                    maxLength={200}
                    onChange={(ev) => change(line.key, { description: ev.target.value })}
                  />
                </FormField>
                <FormField label={t('quantity')} className="sm:col-span-3">
                  <Input
                    inputMode="decimal"
                    value={line.quantity}
                    onChange={(ev) => change(line.key, { quantity: ev.target.value })}
                  />
                </FormField>
                <FormField label={t('unitPrice')} className="sm:col-span-3">
                  <Input
                    inputMode="decimal"
                    value={line.unitPrice}
                    onChange={(ev) => change(line.key, { unitPrice: ev.target.value })}
                  />
                </FormField>
                <FormField label={t('discountPct')} className="sm:col-span-3">
                  <Input
                    inputMode="decimal"
                    value={line.discountPct}
                    onChange={(ev) => change(line.key, { discountPct: ev.target.value })}
                  />
                </FormField>
                <div className="sm:col-span-3">
                  <span className="block text-sm font-medium text-slate-700">{t('lineTotal')}</span>
                  <output className="mt-1 block h-9 py-2 text-right text-sm font-medium tabular-nums">
                    {lineTotal ? money(lineTotal) : '—'}
                  </output>
                </div>
              </div>
            </div>
          );
        })}
        <Button
          type="button"
          variant="secondary"
          onClick={() =>
            setLines((ls) => [
              ...ls,
              { key: newKey(), productId: null, description: '', quantity: '1', unitPrice: '0.00', discountPct: '0' },
            ])
          }
        >
          <Plus aria-hidden className="h-4 w-4" />
          {t('addLine')}
        </Button>
      </fieldset>

      <div className="grid gap-4 sm:grid-cols-3">
        <FormField label={t('discountKind')}>
          <Select value={discountKind} onChange={(ev) => setDiscountKind(ev.target.value as 'percent' | 'amount')}>
            <option value="percent">{t('percent')}</option>
            <option value="amount">{t('amount')}</option>
          </Select>
        </FormField>
        <FormField label={t('discountValue')} errors={e.discountValue}>
          <Input inputMode="decimal" value={discountValue} onChange={(ev) => setDiscountValue(ev.target.value)} />
        </FormField>
        <FormField label={t('taxRate')} errors={e.taxRate}>
          <Input inputMode="decimal" value={taxRate} onChange={(ev) => setTaxRate(ev.target.value)} />
        </FormField>
      </div>

      <section aria-labelledby={`${ids}-totals`} className="ml-auto max-w-sm rounded-md bg-slate-50 p-4 text-sm">
        <h3 id={`${ids}-totals`} className="mb-2 font-semibold text-slate-900">
          {t('totals')}
        </h3>
        {totals ? (
          <TotalsList totals={totals} money={money} />
        ) : (
          <p className="text-slate-600">{t('invalidNumbers')}</p>
        )}
      </section>

      <FormField label={t('notes')} errors={e.notes}>
        <Textarea value={notes} onChange={(ev) => setNotes(ev.target.value)} maxLength={5000} rows={3} />
      </FormField>

      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          {quote ? t('save') : t('create')}
        </Button>
        <Button type="button" variant="secondary" onClick={() => router.back()}>
          {t('cancel')}
        </Button>
      </div>
    </form>
  );
}

function TotalsList({ totals, money }: { totals: QuoteTotals; money: (v: string) => string }) {
  const t = useTranslations('quotes');
  const row = 'flex justify-between gap-4 py-0.5';
  return (
    <dl data-testid="quote-totals">
      <div className={row}>
        <dt>{t('subtotal')}</dt>
        <dd className="tabular-nums">{money(totals.subtotal)}</dd>
      </div>
      <div className={row}>
        <dt>{t('discount')}</dt>
        <dd className="tabular-nums">−{money(totals.discount)}</dd>
      </div>
      <div className={row}>
        <dt>{t('taxPlain')}</dt>
        <dd className="tabular-nums">{money(totals.tax)}</dd>
      </div>
      <div className={`${row} border-t border-slate-200 pt-1 font-semibold`}>
        <dt>{t('total')}</dt>
        <dd className="tabular-nums">{money(totals.total)}</dd>
      </div>
    </dl>
  );
}
