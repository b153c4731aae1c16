'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { FormMessage } from '@/components/forms/form-message';
import { useFormFeedback } from '@/components/forms/use-form-feedback';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Input, Select } from '@/components/ui/input';
import { initialActionState } from '@/lib/action-state';
import { createDealAction, updateDealAction } from '@/lib/sales/deals/deal-actions';
import { FORECAST_CATEGORIES } from '@/lib/sales/deals/deal-schemas';

export type DealFormValues = {
  id?: string;
  version?: number;
  customerId: string;
  name: string;
  amount: string;
  expectedCloseDate: string | null;
  contactId: string | null;
  ownerId: string | null;
  forecastCategory: string;
  stageId?: string | null;
};

type Props = {
  deal: DealFormValues;
  contacts: { id: string; name: string }[];
  /** The owner choices for managers and admins; null: the deal is the viewer's own. */
  owners: { id: string; name: string }[] | null;
  /** For a new deal: the open stages to start in (the first is the default). */
  stages?: { id: string; name: string }[];
  cancelHref: string;
};

/** Create or edit a deal; an edit sends the version it was read at (a later save by someone else is refused). */
export function DealForm({ deal, contacts, owners, stages, cancelHref }: Props) {
  const t = useTranslations('deals.form');
  const tf = useTranslations('deals.forecast');
  const editing = Boolean(deal.id);
  const [state, action, pending] = useActionState(editing ? updateDealAction : createDealAction, initialActionState);
  const form = useFormFeedback(state, { redirect: (s) => (s.id ? `/deals/${s.id}` : null) });
  const v = state.values ?? {};
  const value = (key: keyof DealFormValues & string) =>
    v[key] ?? (deal[key] === null || deal[key] === undefined ? '' : String(deal[key]));
  const e = state.fieldErrors ?? {};
  return (
    <form ref={form} action={action} className="grid gap-4 sm:grid-cols-2" noValidate>
      {editing ? (
        <>
          <input type="hidden" name="id" value={deal.id} />
          <input type="hidden" name="version" value={deal.version} />
        </>
      ) : (
        <input type="hidden" name="customerId" value={deal.customerId} />
      )}
      <div className="sm:col-span-2">
        <FormMessage state={state} />
      </div>
      <FormField label={t('name')} errors={e.name} className="sm:col-span-2">
        <Input name="name" defaultValue={value('name')} required maxLength={200} />
      </FormField>
      <FormField label={t('amount')} errors={e.amount} hint={t('amountHint')}>
        <Input name="amount" inputMode="decimal" defaultValue={value('amount')} required />
      </FormField>
      <FormField label={t('closeDate')} errors={e.expectedCloseDate}>
        <Input name="expectedCloseDate" type="date" defaultValue={value('expectedCloseDate')} />
      </FormField>
      <FormField label={t('contact')} errors={e.contactId}>
        <Select name="contactId" defaultValue={value('contactId')}>
          <option value="">{t('noContact')}</option>
          {contacts.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </Select>
      </FormField>
      <FormField label={t('forecastCategory')} errors={e.forecastCategory} hint={t('forecastHint')}>
        <Select name="forecastCategory" defaultValue={value('forecastCategory') || 'pipeline'}>
          {FORECAST_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {tf(c)}
            </option>
          ))}
        </Select>
      </FormField>
      {owners ? (
        <FormField label={t('owner')} errors={e.ownerId}>
          <Select name="ownerId" defaultValue={value('ownerId')}>
            <option value="">{t('noOwner')}</option>
            {owners.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </Select>
        </FormField>
      ) : null}
      {stages ? (
        <FormField label={t('stage')} errors={e.stageId}>
          <Select name="stageId" defaultValue={value('stageId') || stages[0]?.id}>
            {stages.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </Select>
        </FormField>
      ) : null}
      <div className="flex flex-wrap gap-3 sm:col-span-2">
        <Button type="submit" disabled={pending}>
          {editing ? t('save') : t('create')}
        </Button>
        <Button asChild variant="secondary">
          <a href={cancelHref}>{t('cancel')}</a>
        </Button>
      </div>
    </form>
  );
}
