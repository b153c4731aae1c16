'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { FormMessage } from '@/components/forms/form-message';
import { useFormFeedback } from '@/components/forms/use-form-feedback';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Input, Select } from '@/components/ui/input';
import { initialActionState } from '@/lib/action-state';
import type { Settings } from '@/lib/settings/settings';
import { updateSettingsAction } from '@/lib/settings/settings-actions';

export function SettingsForm({ settings, readOnly }: { settings: Settings; readOnly: boolean }) {
  const t = useTranslations('settings');
  const [state, action, pending] = useActionState(updateSettingsAction, initialActionState);
  const form = useFormFeedback(state);
  const v = state.values ?? {};
  const months = Array.from({ length: 12 }, (_, i) => i + 1);
  return (
    <form ref={form} action={action} className="grid max-w-2xl gap-4 sm:grid-cols-2" noValidate key={settings.version}>
      <input type="hidden" name="version" value={settings.version} />
      <div className="sm:col-span-2">
        <FormMessage state={state} />
      </div>
      <FormField label={t('companyName')} errors={state.fieldErrors?.companyName} className="sm:col-span-2">
        <Input name="companyName" defaultValue={v.companyName ?? settings.companyName} disabled={readOnly} required />
      </FormField>
      <FormField label={t('currency')} errors={state.fieldErrors?.currency} hint={t('currencyHint')}>
        <Input
          name="currency"
          defaultValue={v.currency ?? settings.currency}
          disabled={readOnly}
          maxLength={3}
          className="uppercase"
        />
      </FormField>
      <FormField label={t('fiscalYearStart')} errors={state.fieldErrors?.fiscalYearStartMonth}>
        <Select
          name="fiscalYearStartMonth"
          defaultValue={v.fiscalYearStartMonth ?? String(settings.fiscalYearStartMonth)}
          disabled={readOnly}
        >
          {months.map((m) => (
            <option key={m} value={m}>
              {t(`months.${m}`)}
            </option>
          ))}
        </Select>
      </FormField>
      <FormField label={t('timeZone')} errors={state.fieldErrors?.timeZone} hint={t('timeZoneHint')}>
        <Input name="timeZone" defaultValue={v.timeZone ?? settings.timeZone} disabled={readOnly} />
      </FormField>
      <FormField label={t('clvMargin')} errors={state.fieldErrors?.clvMargin} hint={t('shareHint')}>
        <Input
          name="clvMargin"
          inputMode="decimal"
          defaultValue={v.clvMargin ?? settings.clvMargin}
          disabled={readOnly}
        />
      </FormField>
      <FormField label={t('clvDiscount')} errors={state.fieldErrors?.clvAnnualDiscountRate} hint={t('shareHint')}>
        <Input
          name="clvAnnualDiscountRate"
          inputMode="decimal"
          defaultValue={v.clvAnnualDiscountRate ?? settings.clvAnnualDiscountRate}
          disabled={readOnly}
        />
      </FormField>
      <FormField label={t('clvHorizon')} errors={state.fieldErrors?.clvHorizonMonths} hint={t('clvHorizonHint')}>
        <Input
          name="clvHorizonMonths"
          inputMode="numeric"
          defaultValue={v.clvHorizonMonths ?? String(settings.clvHorizonMonths)}
          disabled={readOnly}
        />
      </FormField>
      <FormField
        label={t('clvAcquisitionCost')}
        errors={state.fieldErrors?.clvAcquisitionCost}
        hint={t('clvAcquisitionCostHint', { currency: settings.currency })}
      >
        <Input
          name="clvAcquisitionCost"
          inputMode="decimal"
          defaultValue={v.clvAcquisitionCost ?? settings.clvAcquisitionCost}
          disabled={readOnly}
        />
      </FormField>
      <FormField
        label={t('analyticsTimeUnit')}
        errors={state.fieldErrors?.analyticsTimeUnit}
        hint={t('analyticsTimeUnitHint')}
      >
        <Select
          name="analyticsTimeUnit"
          defaultValue={v.analyticsTimeUnit ?? settings.analyticsTimeUnit}
          disabled={readOnly}
        >
          <option value="day">{t('unitDay')}</option>
          <option value="week">{t('unitWeek')}</option>
        </Select>
      </FormField>
      <FormField label={t('rfmWindow')} errors={state.fieldErrors?.rfmWindowMonths} hint={t('rfmWindowHint')}>
        <Input
          name="rfmWindowMonths"
          inputMode="numeric"
          defaultValue={
            v.rfmWindowMonths ?? (settings.rfmWindowMonths === null ? '' : String(settings.rfmWindowMonths))
          }
          disabled={readOnly}
        />
      </FormField>
      {readOnly ? null : (
        <div className="sm:col-span-2">
          <Button type="submit" disabled={pending}>
            {t('save')}
          </Button>
        </div>
      )}
    </form>
  );
}
