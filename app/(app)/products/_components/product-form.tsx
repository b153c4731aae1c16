'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useActionState, useState, useTransition } from 'react';
import { FormMessage } from '@/components/forms/form-message';
import { useFormFeedback } from '@/components/forms/use-form-feedback';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Input, Textarea } from '@/components/ui/input';
import { useToast } from '@/components/ui/toast';
import { type ActionState, initialActionState } from '@/lib/action-state';
import { createProductAction, setProductActiveAction, updateProductAction } from '@/lib/sales/products/product-actions';
import type { ProductRow } from '@/lib/sales/products/products';

export function ProductForm({ product, defaultCurrency }: { product?: ProductRow; defaultCurrency: string }) {
  const t = useTranslations('products.form');
  const router = useRouter();
  const [state, action, pending] = useActionState(
    product ? updateProductAction : createProductAction,
    initialActionState,
  );
  const form = useFormFeedback(state, { redirect: (s) => (product ? null : s.id ? '/products' : null) });
  const v = state.values ?? {};
  const value = (key: 'sku' | 'name' | 'description' | 'category' | 'unitPrice' | 'currency', fallback = '') =>
    v[key] ?? product?.[key] ?? fallback;
  const e = state.fieldErrors ?? {};
  return (
    <form ref={form} action={action} className="grid gap-4 sm:grid-cols-2" noValidate>
      {product ? (
        <>
          <input type="hidden" name="id" value={product.id} />
          <input type="hidden" name="version" value={product.version} />
        </>
      ) : null}
      <div className="sm:col-span-2">
        <FormMessage state={state} />
      </div>
      <FormField label={t('sku')} errors={e.sku} hint={t('skuHint')}>
        <Input name="sku" defaultValue={value('sku')} required maxLength={40} className="uppercase" />
      </FormField>
      <FormField label={t('name')} errors={e.name}>
        <Input name="name" defaultValue={value('name')} required maxLength={200} />
      </FormField>
      <FormField label={t('unitPrice')} errors={e.unitPrice}>
        <Input name="unitPrice" inputMode="decimal" defaultValue={value('unitPrice')} required />
      </FormField>
      <FormField label={t('currency')} errors={e.currency}>
        <Input name="currency" defaultValue={value('currency', defaultCurrency)} maxLength={3} className="uppercase" />
      </FormField>
      <FormField label={t('category')} errors={e.category}>
        <Input name="category" defaultValue={value('category')} maxLength={60} />
      </FormField>
      <label className="flex items-center gap-2 self-end pb-2 text-sm text-slate-700">
        <input
          type="checkbox"
          name="active"
          defaultChecked={state.values ? v.active === 'on' : (product?.active ?? true)}
          className="h-4 w-4 rounded border-slate-300"
        />
        {t('active')}
      </label>
      <FormField label={t('description')} errors={e.description} className="sm:col-span-2">
        <Textarea name="description" defaultValue={value('description')} maxLength={5000} rows={3} />
      </FormField>
      <div className="flex gap-2 sm:col-span-2">
        <Button type="submit" disabled={pending}>
          {product ? t('save') : t('create')}
        </Button>
        <Button type="button" variant="secondary" onClick={() => router.push('/products')}>
          {t('cancel')}
        </Button>
      </div>
    </form>
  );
}

/** Deactivate (or activate again): checked against the version shown. */
export function ProductActiveToggle({ product }: { product: ProductRow }) {
  const t = useTranslations('products');
  const tm = useTranslations('messages');
  const toast = useToast();
  const router = useRouter();
  const [pending, start] = useTransition();
  const [result, setResult] = useState<ActionState | null>(null);
  return (
    <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
      <Button
        type="button"
        variant={product.active ? 'danger' : 'secondary'}
        disabled={pending}
        onClick={() =>
          start(async () => {
            const r = await setProductActiveAction({
              id: product.id,
              version: product.version,
              active: !product.active,
            });
            setResult(r);
            if (r.ok) {
              if (r.message) toast(tm(r.message));
              router.refresh();
            }
          })
        }
      >
        {product.active ? t('deactivate') : t('activate')}
      </Button>
      <p className="text-sm text-slate-500">{t('deactivateHint')}</p>
      {result && !result.ok && result.message ? (
        <p role="alert" className="text-sm text-red-700">
          {tm.has(result.message) ? tm(result.message) : result.message}
        </p>
      ) : null}
    </div>
  );
}
