'use client';

import { useTranslations } from 'next-intl';
import { useActionState, useEffect, useState } from 'react';
import { ConsentField } from '@/components/customers/consent-field';
import { FormMessage } from '@/components/forms/form-message';
import { useFormFeedback } from '@/components/forms/use-form-feedback';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import Link from '@/components/ui/link';
import { initialActionState } from '@/lib/action-state';
import { createContactAction } from '@/lib/customers/contact-actions';
import type { ContactRow } from '@/lib/customers/contacts';
import { personName } from '@/lib/format';

export function ContactsSection({
  customerId,
  contacts,
  canAdd,
  canEdit,
}: {
  customerId: string;
  contacts: ContactRow[];
  canAdd: boolean;
  canEdit: boolean;
}) {
  const t = useTranslations('customer360.contacts');
  const [open, setOpen] = useState(false);
  const [state, action, pending] = useActionState(createContactAction, initialActionState);
  const formRef = useFormFeedback(state);
  useEffect(() => {
    if (state.ok) {
      formRef.current?.reset();
      setOpen(false);
    }
  }, [state, formRef]);
  const v = state.values ?? {};
  const e = state.fieldErrors ?? {};
  return (
    <Card id="contacts">
      <CardHeader
        title={t('title')}
        actions={
          canAdd && !open ? (
            <Button size="sm" variant="secondary" onClick={() => setOpen(true)}>
              {t('add')}
            </Button>
          ) : null
        }
      />
      <CardBody className="space-y-3">
        {open ? (
          <form
            ref={formRef}
            action={action}
            className="space-y-3 rounded-md border border-slate-200 bg-slate-50/60 p-3"
            noValidate
            aria-label={t('add')}
          >
            <input type="hidden" name="customerId" value={customerId} />
            <FormMessage state={state} />
            <div className="grid grid-cols-2 gap-3">
              <FormField label={t('firstName')} errors={e.firstName}>
                <Input name="firstName" defaultValue={v.firstName} maxLength={100} required />
              </FormField>
              <FormField label={t('lastName')} errors={e.lastName}>
                <Input name="lastName" defaultValue={v.lastName} maxLength={100} />
              </FormField>
              <FormField label={t('email')} errors={e.email} className="col-span-2">
                <Input name="email" type="email" defaultValue={v.email} maxLength={254} />
              </FormField>
              <FormField label={t('phone')} errors={e.phone}>
                <Input name="phone" type="tel" defaultValue={v.phone} maxLength={40} />
              </FormField>
              <FormField label={t('jobTitle')} errors={e.title}>
                <Input name="title" defaultValue={v.title} maxLength={100} />
              </FormField>
            </div>
            <label className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                name="isPrimary"
                defaultChecked={state.values ? v.isPrimary === 'on' : contacts.length === 0}
                className="h-4 w-4 rounded border-slate-300"
              />
              {t('primary')}
            </label>
            <ConsentField submitted={state.values ? v.emailConsent === 'on' : null} errors={e.emailConsent} />
            <div className="flex gap-2">
              <Button type="submit" size="sm" disabled={pending}>
                {t('save')}
              </Button>
              <Button type="button" size="sm" variant="ghost" onClick={() => setOpen(false)}>
                {t('cancel')}
              </Button>
            </div>
          </form>
        ) : null}
        {contacts.length === 0 ? (
          <EmptyState title={t('empty')} />
        ) : (
          <ul className="divide-y divide-slate-100">
            {contacts.map((c) => (
              <li key={c.id} className="py-2 text-sm">
                <p className="flex items-center gap-2 font-medium text-slate-900">
                  {personName(c.firstName, c.lastName)}
                  {c.isPrimary ? <Badge tone="blue">{t('primaryBadge')}</Badge> : null}
                  {canEdit ? (
                    <Link
                      href={`/contacts/${c.id}/edit`}
                      className="ml-auto text-xs font-normal text-brand-700 hover:underline"
                      aria-label={t('editNamed', { name: personName(c.firstName, c.lastName) })}
                    >
                      {t('edit')}
                    </Link>
                  ) : null}
                </p>
                {c.title ? <p className="text-xs text-slate-500">{c.title}</p> : null}
                {/* The email may break anywhere (a long address on a phone); a phone number never does. */}
                <p className="flex flex-wrap gap-x-1.5 text-xs text-slate-600">
                  {c.email ? <span className="break-all">{c.email}</span> : null}
                  {c.email && c.phone ? <span aria-hidden>·</span> : null}
                  {c.phone ? <span className="whitespace-nowrap">{c.phone}</span> : null}
                  {c.email || c.phone ? null : '—'}
                </p>
              </li>
            ))}
          </ul>
        )}
      </CardBody>
    </Card>
  );
}
