'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useActionState, useState } from 'react';
import { FormMessage } from '@/components/forms/form-message';
import { useFormFeedback } from '@/components/forms/use-form-feedback';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Input, Select, Textarea } from '@/components/ui/input';
import { initialActionState } from '@/lib/action-state';
import { createLeadAction, updateLeadAction } from '@/lib/sales/leads/lead-actions';
import type { LeadDetail } from '@/lib/sales/leads/leads';
import { WORK_STATUSES } from '@/lib/sales/leads/schemas';

type Props = {
  lead?: LeadDetail;
  owners: { id: string; name: string }[];
  /** Managers and admins pick the owner (or leave it to the assignment rule); a rep's leads are theirs. */
  canChooseOwner: boolean;
};

export function LeadForm({ lead, owners, canChooseOwner }: Props) {
  const t = useTranslations('leads');
  const router = useRouter();
  const [state, action, pending] = useActionState(lead ? updateLeadAction : createLeadAction, initialActionState);
  const form = useFormFeedback(state, { redirect: (s) => (!lead && s.id ? `/leads/${s.id}` : null) });
  const v = state.values ?? {};
  const value = (key: keyof LeadDetail & string) =>
    v[key] ?? (lead?.[key] as string | number | null | undefined)?.toString() ?? '';
  const e = state.fieldErrors ?? {};
  const [status, setStatus] = useState(value('status') || 'new');
  return (
    <form ref={form} action={action} className="grid gap-4 sm:grid-cols-2" noValidate>
      {lead ? (
        <>
          <input type="hidden" name="id" value={lead.id} />
          <input type="hidden" name="version" value={lead.version} />
        </>
      ) : null}
      <div className="sm:col-span-2">
        <FormMessage state={state} />
      </div>
      <FormField label={t('form.firstName')} errors={e.firstName}>
        <Input name="firstName" defaultValue={value('firstName')} required maxLength={100} autoComplete="off" />
      </FormField>
      <FormField label={t('form.lastName')} errors={e.lastName}>
        <Input name="lastName" defaultValue={value('lastName')} maxLength={100} autoComplete="off" />
      </FormField>
      <FormField label={t('form.company')} errors={e.company}>
        <Input name="company" defaultValue={value('company')} maxLength={200} />
      </FormField>
      <FormField label={t('form.title')} errors={e.title}>
        <Input name="title" defaultValue={value('title')} maxLength={100} />
      </FormField>
      <FormField label={t('form.email')} errors={e.email}>
        <Input name="email" type="email" defaultValue={value('email')} maxLength={254} autoComplete="off" />
      </FormField>
      <FormField label={t('form.phone')} errors={e.phone}>
        <Input name="phone" type="tel" defaultValue={value('phone')} maxLength={40} autoComplete="off" />
      </FormField>
      <FormField label={t('form.industry')} errors={e.industry}>
        <Input name="industry" defaultValue={value('industry')} maxLength={60} />
      </FormField>
      <FormField label={t('form.employees')} errors={e.employees}>
        <Input name="employees" inputMode="numeric" defaultValue={value('employees')} maxLength={12} />
      </FormField>
      <FormField label={t('form.source')} errors={e.source}>
        <Input name="source" defaultValue={value('source')} maxLength={60} />
      </FormField>
      <FormField label={t('form.status')} errors={e.status}>
        {/* Uncontrolled (Select is keyed by its default, the value sent): React resets the form after
            its action, and a controlled select would show the old status while the reason field stays. */}
        <Select name="status" defaultValue={value('status') || 'new'} onChange={(ev) => setStatus(ev.target.value)}>
          {WORK_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </Select>
      </FormField>
      {status === 'unqualified' || e.unqualifiedReason ? (
        <FormField label={t('form.unqualifiedReason')} errors={e.unqualifiedReason} className="sm:col-span-2">
          <Input name="unqualifiedReason" defaultValue={value('unqualifiedReason')} maxLength={200} />
        </FormField>
      ) : null}
      {canChooseOwner ? (
        <FormField label={t('form.owner')} errors={e.ownerId}>
          <Select name="ownerId" defaultValue={v.ownerId ?? lead?.ownerId ?? ''}>
            <option value="">{lead ? t('detail.noOwner') : t('form.autoAssign')}</option>
            {owners.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </Select>
        </FormField>
      ) : null}
      <FormField label={t('form.notes')} errors={e.notes} className="sm:col-span-2">
        <Textarea name="notes" defaultValue={value('notes')} maxLength={5000} rows={3} />
      </FormField>
      <div className="flex gap-2 sm:col-span-2">
        <Button type="submit" disabled={pending}>
          {lead ? t('form.save') : t('form.create')}
        </Button>
        {lead ? null : (
          <Button type="button" variant="secondary" onClick={() => router.back()}>
            {t('form.cancel')}
          </Button>
        )}
      </div>
    </form>
  );
}
