'use client';

import { useTimeZone, useTranslations } from 'next-intl';
import { useActionState, useEffect, useState } from 'react';
import { FormMessage } from '@/components/forms/form-message';
import { useFormFeedback } from '@/components/forms/use-form-feedback';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Input, Textarea } from '@/components/ui/input';
import { initialActionState } from '@/lib/action-state';
import { logDealActivityAction } from '@/lib/sales/deals/deal-actions';
import { wallTimeToInstant } from '@/lib/zoned-time';

const TYPES = ['call', 'email', 'meeting', 'note', 'task'] as const;

/** A `datetime-local` wall time read in the company's time zone (as the customer page's form does). */
function toIso(local: string, timeZone: string): string {
  return local ? (wallTimeToInstant(local, timeZone)?.toISOString() ?? local) : '';
}

/** Log a call, email, meeting, note or task on the deal (it also shows on the customer's timeline). */
export function DealActivityForm({ dealId }: { dealId: string }) {
  const t = useTranslations('customer360.log');
  const [type, setType] = useState<(typeof TYPES)[number]>('call');
  const timeZone = useTimeZone() ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const [state, action, pending] = useActionState(async (prev: typeof initialActionState, form: FormData) => {
    for (const key of ['occurredAt', 'dueAt']) {
      const v = form.get(`${key}Local`);
      if (typeof v === 'string') form.set(key, toIso(v, timeZone));
    }
    return logDealActivityAction(prev, form);
  }, initialActionState);
  const formRef = useFormFeedback(state);
  useEffect(() => {
    if (state.ok) formRef.current?.reset();
  }, [state, formRef]);
  const v = state.values ?? {};
  const e = state.fieldErrors ?? {};
  return (
    <form
      ref={formRef}
      action={action}
      className="space-y-3 rounded-md border border-slate-200 bg-slate-50/60 p-3"
      noValidate
      aria-label={t('title')}
    >
      <input type="hidden" name="dealId" value={dealId} />
      <fieldset>
        <legend className="mb-2 text-sm font-medium text-slate-700">{t('title')}</legend>
        <div className="flex flex-wrap gap-1" role="radiogroup" aria-label={t('type')}>
          {TYPES.map((k) => (
            <label
              key={k}
              className={`cursor-pointer rounded-md border px-3 py-1 text-sm has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-brand-600 ${type === k ? 'border-brand-600 bg-brand-50 text-brand-700' : 'border-slate-300 bg-white text-slate-700'}`}
            >
              <input
                type="radio"
                name="type"
                value={k}
                defaultChecked={type === k}
                onChange={() => setType(k)}
                className="sr-only"
              />
              {t(`types.${k}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <FormMessage state={state} />
      <div className="grid gap-3 sm:grid-cols-2">
        <FormField label={t('subject')} errors={e.subject} className="sm:col-span-2">
          <Input name="subject" defaultValue={v.subject} maxLength={200} required />
        </FormField>
        {type === 'task' ? (
          <FormField label={t('dueAt')} errors={e.dueAt}>
            <Input name="dueAtLocal" type="datetime-local" defaultValue={v.dueAtLocal} required />
          </FormField>
        ) : (
          <FormField label={t('occurredAt')} errors={e.occurredAt} hint={t('occurredHint')}>
            <Input name="occurredAtLocal" type="datetime-local" defaultValue={v.occurredAtLocal} />
          </FormField>
        )}
        <FormField label={t('body')} errors={e.body} className="sm:col-span-2">
          <Textarea name="body" defaultValue={v.body} rows={2} maxLength={5000} />
        </FormField>
      </div>
      <Button type="submit" disabled={pending}>
        {type === 'task' ? t('addTask') : t('submit')}
      </Button>
    </form>
  );
}
