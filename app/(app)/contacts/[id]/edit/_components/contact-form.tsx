'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useActionState, useTransition } from 'react';
import { ConsentField } from '@/components/customers/consent-field';
import { FormMessage } from '@/components/forms/form-message';
import { useFormFeedback } from '@/components/forms/use-form-feedback';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { withFlash } from '@/components/ui/toast';
import { initialActionState } from '@/lib/action-state';
import { deleteContactAction, updateContactAction } from '@/lib/customers/contact-actions';
import type { ContactDetail } from '@/lib/customers/contacts';

export function ContactForm({ contact, canDelete }: { contact: ContactDetail; canDelete: boolean }) {
  const t = useTranslations('contacts.form');
  const router = useRouter();
  const [state, action, pending] = useActionState(updateContactAction, initialActionState);
  const [deleting, startDelete] = useTransition();
  const back = `/customers/${contact.customerId}#contacts`;
  const form = useFormFeedback(state, { redirect: () => back });
  const v = state.values ?? {};
  const e = state.fieldErrors ?? {};
  return (
    <form ref={form} action={action} className="grid max-w-2xl gap-4 sm:grid-cols-2" noValidate>
      <input type="hidden" name="id" value={contact.id} />
      <input type="hidden" name="version" value={contact.version} />
      <div className="sm:col-span-2">
        <FormMessage state={state} />
      </div>
      <FormField label={t('firstName')} errors={e.firstName}>
        <Input name="firstName" defaultValue={v.firstName ?? contact.firstName} required maxLength={100} />
      </FormField>
      <FormField label={t('lastName')} errors={e.lastName}>
        <Input name="lastName" defaultValue={v.lastName ?? contact.lastName ?? ''} maxLength={100} />
      </FormField>
      <FormField label={t('email')} errors={e.email}>
        <Input name="email" type="email" defaultValue={v.email ?? contact.email ?? ''} maxLength={254} />
      </FormField>
      <FormField label={t('phone')} errors={e.phone}>
        <Input name="phone" type="tel" defaultValue={v.phone ?? contact.phone ?? ''} maxLength={40} />
      </FormField>
      <FormField label={t('jobTitle')} errors={e.title}>
        <Input name="title" defaultValue={v.title ?? contact.title ?? ''} maxLength={100} />
      </FormField>
      <label className="flex items-center gap-2 self-end pb-2 text-sm">
        <input
          type="checkbox"
          name="isPrimary"
          defaultChecked={state.values ? v.isPrimary === 'on' : contact.isPrimary}
          className="h-4 w-4 rounded border-slate-300"
        />
        {t('primary')}
      </label>
      <ConsentField
        stored={contact}
        submitted={state.values ? v.emailConsent === 'on' : null}
        errors={e.emailConsent}
      />
      <div className="flex flex-wrap gap-2 sm:col-span-2">
        <Button type="submit" disabled={pending}>
          {t('save')}
        </Button>
        <Button type="button" variant="secondary" onClick={() => router.back()}>
          {t('cancel')}
        </Button>
        {canDelete ? (
          <Button
            type="button"
            variant="danger"
            className="ml-auto"
            disabled={deleting}
            onClick={() => {
              if (!window.confirm(t('confirmDelete'))) return;
              startDelete(async () => {
                const r = await deleteContactAction(contact.id);
                if (r.ok) router.push(withFlash(back, r.message));
              });
            }}
          >
            {t('delete')}
          </Button>
        ) : null}
      </div>
    </form>
  );
}
