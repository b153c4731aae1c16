'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { ConsentField } from '@/components/customers/consent-field';
import { FormMessage } from '@/components/forms/form-message';
import { useFormFeedback } from '@/components/forms/use-form-feedback';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Input, Select, Textarea } from '@/components/ui/input';
import { initialActionState } from '@/lib/action-state';
import { createCustomerAction, updateCustomerAction } from '@/lib/customers/customer-actions';
import type { CustomerDetail } from '@/lib/customers/customers';
import { LOCALE_LABELS, LOCALES } from '@/lib/i18n/config';

type Props = {
  customer?: CustomerDetail;
  owners: { id: string; name: string }[];
  /** Managers and admins pick the owner; reps own what they create. */
  canChooseOwner: boolean;
};

export function CustomerForm({ customer, owners, canChooseOwner }: Props) {
  const t = useTranslations('customers.form');
  const router = useRouter();
  const [state, action, pending] = useActionState(
    customer ? updateCustomerAction : createCustomerAction,
    initialActionState,
  );
  const form = useFormFeedback(state, { redirect: (s) => (s.id ? `/customers/${s.id}` : null) });
  const v = state.values ?? {};
  const value = (key: keyof CustomerDetail & string, fallback = '') =>
    v[key] ?? (customer?.[key] as string | null | undefined) ?? fallback;
  const e = state.fieldErrors ?? {};
  return (
    <form ref={form} action={action} className="grid gap-4 sm:grid-cols-2" noValidate>
      {customer ? (
        <>
          <input type="hidden" name="id" value={customer.id} />
          <input type="hidden" name="version" value={customer.version} />
        </>
      ) : null}
      <div className="sm:col-span-2">
        <FormMessage state={state} />
      </div>
      <FormField label={t('kind')} errors={e.kind}>
        <Select name="kind" defaultValue={value('kind', 'company')}>
          <option value="company">{t('company')}</option>
          <option value="person">{t('person')}</option>
        </Select>
      </FormField>
      <FormField label={t('name')} errors={e.name}>
        <Input name="name" defaultValue={value('name')} required maxLength={200} />
      </FormField>
      <FormField label={t('email')} errors={e.email}>
        <Input name="email" type="email" defaultValue={value('email')} maxLength={254} />
      </FormField>
      <FormField label={t('phone')} errors={e.phone} hint={t('phoneHint')}>
        <Input name="phone" type="tel" defaultValue={value('phone')} maxLength={40} />
      </FormField>
      <FormField label={t('website')} errors={e.website}>
        <Input name="website" defaultValue={value('website')} maxLength={200} />
      </FormField>
      <FormField label={t('industry')} errors={e.industry}>
        <Input name="industry" defaultValue={value('industry')} maxLength={60} />
      </FormField>
      <FormField label={t('street')} errors={e.street} className="sm:col-span-2">
        <Input name="street" defaultValue={value('street')} maxLength={200} />
      </FormField>
      <FormField label={t('city')} errors={e.city}>
        <Input name="city" defaultValue={value('city')} maxLength={100} />
      </FormField>
      <FormField label={t('region')} errors={e.region}>
        <Input name="region" defaultValue={value('region')} maxLength={100} />
      </FormField>
      <FormField label={t('postalCode')} errors={e.postalCode}>
        <Input name="postalCode" defaultValue={value('postalCode')} maxLength={20} />
      </FormField>
      <FormField label={t('country')} errors={e.country} hint={t('countryHint')}>
        <Input name="country" defaultValue={value('country')} maxLength={2} className="uppercase" />
      </FormField>
      <FormField label={t('source')} errors={e.source}>
        <Input name="source" defaultValue={value('source')} maxLength={60} />
      </FormField>
      <FormField label={t('tags')} errors={e.tags} hint={t('tagsHint')}>
        <Input name="tags" defaultValue={v.tags ?? customer?.tags.join(', ') ?? ''} />
      </FormField>
      {canChooseOwner ? (
        <FormField label={t('owner')} errors={e.ownerId}>
          <Select name="ownerId" defaultValue={v.ownerId ?? customer?.ownerId ?? ''}>
            <option value="">{t('noOwner')}</option>
            {owners.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </Select>
        </FormField>
      ) : null}
      <FormField label={t('locale')} errors={e.locale} hint={t('localeHint')}>
        <Select name="locale" defaultValue={value('locale')}>
          <option value="">{t('localeUnknown')}</option>
          {LOCALES.map((l) => (
            <option key={l} value={l} lang={l}>
              {LOCALE_LABELS[l]}
            </option>
          ))}
        </Select>
      </FormField>
      <ConsentField
        stored={customer}
        submitted={state.values ? v.emailConsent === 'on' : null}
        errors={e.emailConsent}
      />
      <FormField label={t('notes')} errors={e.notes} className="sm:col-span-2">
        <Textarea name="notes" defaultValue={value('notes')} maxLength={5000} rows={4} />
      </FormField>
      <div className="flex gap-2 sm:col-span-2">
        <Button type="submit" disabled={pending}>
          {customer ? t('save') : t('create')}
        </Button>
        <Button type="button" variant="secondary" onClick={() => router.back()}>
          {t('cancel')}
        </Button>
      </div>
    </form>
  );
}
