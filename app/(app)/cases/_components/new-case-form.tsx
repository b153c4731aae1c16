'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { FormMessage } from '@/components/forms/form-message';
import { useFormFeedback } from '@/components/forms/use-form-feedback';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Input, Select, Textarea } from '@/components/ui/input';
import Link from '@/components/ui/link';
import { initialActionState } from '@/lib/action-state';
import { createCaseAction } from '@/lib/service/case-actions';
import { CASE_CHANNELS, CASE_PRIORITIES } from '@/lib/service/case-schemas';

type Props = {
  customerId: string;
  contacts: { id: string; name: string }[];
  /** Anyone to give it to (managers and admins); null: the viewer or the queue. */
  assignees: { id: string; name: string }[] | null;
  self: { id: string; name: string };
  cancelHref: string;
};

/** Open a case (a call, a chat, a web form, an email taken by hand). Blank assignee: the assignment rule decides. */
export function NewCaseForm({ customerId, contacts, assignees, self, cancelHref }: Props) {
  const t = useTranslations('cases');
  const [state, action, pending] = useActionState(createCaseAction, initialActionState);
  const form = useFormFeedback(state, { redirect: (s) => (s.id ? `/cases/${s.id}` : null) });
  const v = state.values ?? {};
  const e = state.fieldErrors ?? {};
  return (
    <form ref={form} action={action} className="grid gap-4 sm:grid-cols-2" noValidate>
      <input type="hidden" name="customerId" value={customerId} />
      <div className="sm:col-span-2">
        <FormMessage state={state} />
      </div>
      <FormField label={t('fields.subject')} errors={e.subject} className="sm:col-span-2">
        <Input name="subject" defaultValue={v.subject ?? ''} required maxLength={200} />
      </FormField>
      <FormField label={t('fields.description')} errors={e.description} className="sm:col-span-2">
        <Textarea name="description" defaultValue={v.description ?? ''} rows={5} maxLength={10000} />
      </FormField>
      <FormField label={t('fields.contact')} errors={e.contactId}>
        <Select name="contactId" defaultValue={v.contactId ?? ''}>
          <option value="">{t('form.noContact')}</option>
          {contacts.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </Select>
      </FormField>
      <FormField label={t('fields.channel')} errors={e.channel}>
        <Select name="channel" defaultValue={v.channel ?? 'phone'}>
          {CASE_CHANNELS.map((c) => (
            <option key={c} value={c}>
              {t(`channels.${c}`)}
            </option>
          ))}
        </Select>
      </FormField>
      <FormField label={t('fields.priority')} errors={e.priority}>
        <Select name="priority" defaultValue={v.priority ?? 'normal'}>
          {CASE_PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {t(`priorities.${p}`)}
            </option>
          ))}
        </Select>
      </FormField>
      <FormField label={t('fields.assignee')} errors={e.assigneeId} hint={t('form.assigneeHint')}>
        <Select name="assigneeId" defaultValue={v.assigneeId ?? (assignees ? '' : self.id)}>
          <option value="">{t('form.byRule')}</option>
          {(assignees ?? [self]).map((a) => (
            <option key={a.id} value={a.id}>
              {a.id === self.id ? t('form.me', { name: a.name }) : a.name}
            </option>
          ))}
        </Select>
      </FormField>
      <div className="flex items-center gap-3 sm:col-span-2">
        <Button type="submit" disabled={pending}>
          {t('form.create')}
        </Button>
        <Link href={cancelHref} className="text-sm text-brand-700 hover:underline">
          {t('form.cancel')}
        </Link>
      </div>
    </form>
  );
}
