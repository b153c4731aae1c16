'use client';

import { useTranslations } from 'next-intl';
import { useActionState, useState } from 'react';
import { FormMessage } from '@/components/forms/form-message';
import { useFormFeedback } from '@/components/forms/use-form-feedback';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { initialActionState } from '@/lib/action-state';
import { convertLeadAction } from '@/lib/sales/leads/lead-actions';
import type { ConvertTarget } from '@/lib/sales/leads/leads';

type Props = {
  id: string;
  version: number;
  /** The name a new customer would get (the company, else the person). */
  newName: string;
  /** Existing customers found by the duplicate check. */
  targets: ConvertTarget[];
};

export function ConvertForm({ id, version, newName, targets }: Props) {
  const t = useTranslations('leads.convert');
  const tm = useTranslations('leads.detail.match');
  const tv = useTranslations('validation');
  const [state, action, pending] = useActionState(convertLeadAction, initialActionState);
  const form = useFormFeedback(state, {
    redirect: (s) => {
      const customerId = (s.data as { customerId?: string } | undefined)?.customerId;
      return customerId ? `/customers/${customerId}` : null;
    },
  });
  const v = state.values ?? {};
  const e = state.fieldErrors ?? {};
  const [createDeal, setCreateDeal] = useState(v.createDeal === 'on');
  const customerError = e.customerId?.[0];
  return (
    <form ref={form} action={action} className="space-y-4" noValidate>
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="version" value={version} />
      <FormMessage state={state} />
      <fieldset aria-describedby={customerError ? 'convert-customer-error' : undefined}>
        <legend className="mb-1 text-sm font-medium text-slate-700">{t('customer')}</legend>
        <div className="space-y-1 text-sm">
          <label className="flex items-start gap-2">
            <input
              type="radio"
              name="customerId"
              value="new"
              defaultChecked={!v.customerId || v.customerId === 'new'}
              className="mt-0.5"
            />
            <span>{t('newCustomer', { name: newName })}</span>
          </label>
          {targets.map((c) => (
            <label key={c.id} className={`flex items-start gap-2 ${c.editable ? '' : 'text-slate-500'}`}>
              <input
                type="radio"
                name="customerId"
                value={c.id}
                disabled={!c.editable}
                defaultChecked={v.customerId === c.id}
                className="mt-0.5"
              />
              <span>
                {c.editable ? t('existing', { name: c.name, match: tm(c.match) }) : t('notEditable', { name: c.name })}
              </span>
            </label>
          ))}
        </div>
        {customerError ? (
          <p id="convert-customer-error" className="mt-1 text-xs text-red-600">
            {tv.has(customerError) ? tv(customerError) : customerError}
          </p>
        ) : null}
      </fieldset>
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input
          type="checkbox"
          name="createDeal"
          // Uncontrolled, its default following the tick: React resets a form after its action, and
          // a controlled box would show unticked (and send nothing) while the deal fields stay shown.
          defaultChecked={createDeal}
          onChange={(ev) => setCreateDeal(ev.target.checked)}
          className="h-4 w-4 rounded border-slate-300"
        />
        {t('createDeal')}
      </label>
      {createDeal ? (
        <div className="space-y-3">
          <FormField label={t('dealName')} errors={e.dealName}>
            <Input name="dealName" defaultValue={v.dealName ?? newName} maxLength={200} />
          </FormField>
          <FormField label={t('dealAmount')} errors={e.dealAmount}>
            <Input name="dealAmount" inputMode="decimal" defaultValue={v.dealAmount ?? ''} maxLength={16} />
          </FormField>
          <FormField label={t('dealCloseDate')} errors={e.dealCloseDate}>
            <Input name="dealCloseDate" type="date" defaultValue={v.dealCloseDate ?? ''} />
          </FormField>
        </div>
      ) : null}
      <Button type="submit" disabled={pending}>
        {t('submit')}
      </Button>
    </form>
  );
}
