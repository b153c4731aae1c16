'use client';

import { useTimeZone, useTranslations } from 'next-intl';
import { useActionState, useEffect, useState } from 'react';
import { FormMessage } from '@/components/forms/form-message';
import { useFormFeedback } from '@/components/forms/use-form-feedback';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Input, Select, Textarea } from '@/components/ui/input';
import { initialActionState } from '@/lib/action-state';
import { logActivityAction } from '@/lib/customers/activity-actions';
import { wallTimeToInstant } from '@/lib/zoned-time';

const TYPES = ['call', 'email', 'meeting', 'note', 'task'] as const;

/**
 * `datetime-local` gives a wall time without a zone. It is read in the company's time zone, the one
 * every date is shown in, so a due time of 09:30 shows as 09:30 whatever the browser's own zone.
 * A malformed value is sent as is, for the server to refuse.
 */
function toIso(local: string, timeZone: string): string {
  return local ? (wallTimeToInstant(local, timeZone)?.toISOString() ?? local) : '';
}

export function ActivityForm({
  customerId,
  contacts,
  people,
}: {
  customerId: string;
  contacts: { id: string; name: string }[];
  people: { id: string; name: string }[] | null;
}) {
  const t = useTranslations('customer360.log');
  const [type, setType] = useState<(typeof TYPES)[number]>('call');
  const timeZone = useTimeZone() ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const [state, action, pending] = useActionState(async (prev: typeof initialActionState, form: FormData) => {
    for (const key of ['occurredAt', 'dueAt']) {
      const v = form.get(`${key}Local`);
      if (typeof v === 'string') form.set(key, toIso(v, timeZone));
    }
    return logActivityAction(prev, form);
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
      <input type="hidden" name="customerId" value={customerId} />
      <fieldset>
        <legend className="mb-2 text-sm font-medium text-slate-700">{t('title')}</legend>
        <div className="flex flex-wrap gap-1" role="radiogroup" aria-label={t('type')}>
          {TYPES.map((k) => (
            <label
              key={k}
              className={`cursor-pointer rounded-md border px-3 py-1 text-sm has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-brand-600 ${type === k ? 'border-brand-600 bg-brand-50 text-brand-700' : 'border-slate-300 bg-white text-slate-700'}`}
            >
              {/* Uncontrolled, with the default following the choice: React resets the form after
                  every submit, and a reset restores each radio's default. A controlled radio would
                  fall back to the first render's default (Call) while the buttons still show Task. */}
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
        <FormField label={t('contact')} errors={e.contactId}>
          <Select name="contactId" defaultValue={v.contactId ?? ''}>
            <option value="">{t('noContact')}</option>
            {contacts.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </Select>
        </FormField>
        {type === 'task' && people ? (
          <FormField label={t('owner')} errors={e.ownerId}>
            <Select name="ownerId" defaultValue={v.ownerId ?? ''}>
              <option value="">{t('me')}</option>
              {people.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </Select>
          </FormField>
        ) : null}
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
