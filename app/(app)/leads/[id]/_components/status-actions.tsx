'use client';

import { useTranslations } from 'next-intl';
import { useActionState, useState } from 'react';
import { FormMessage } from '@/components/forms/form-message';
import { useFormFeedback } from '@/components/forms/use-form-feedback';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { initialActionState } from '@/lib/action-state';
import { setLeadStatusAction } from '@/lib/sales/leads/lead-actions';
import type { LeadStatus } from '@/lib/sales/leads/schemas';

/** The next steps new → contacted → qualified, back to new, and unqualified with its reason. */
const NEXT: Record<LeadStatus, ('new' | 'contacted' | 'qualified')[]> = {
  new: ['contacted', 'qualified'],
  contacted: ['qualified', 'new'],
  qualified: ['contacted'],
  unqualified: ['new'],
  converted: [],
};

export function StatusActions({ id, version, status }: { id: string; version: number; status: LeadStatus }) {
  const t = useTranslations('leads.actions');
  const [state, action, pending] = useActionState(setLeadStatusAction, initialActionState);
  const form = useFormFeedback(state);
  const [unqualifying, setUnqualifying] = useState(false);
  const e = state.fieldErrors ?? {};
  const asking = unqualifying || Boolean(e.unqualifiedReason);
  return (
    <form ref={form} action={action} className="space-y-3" noValidate>
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="version" value={version} />
      <FormMessage state={state} />
      <div className="flex flex-wrap gap-2">
        {NEXT[status].map((next) => (
          <Button
            key={next}
            type="submit"
            name="status"
            value={next}
            variant={next === 'qualified' ? 'primary' : 'secondary'}
            disabled={pending}
          >
            {t(next)}
          </Button>
        ))}
        {status !== 'unqualified' && !asking ? (
          <Button type="button" variant="secondary" onClick={() => setUnqualifying(true)}>
            {t('unqualified')}
          </Button>
        ) : null}
      </div>
      {asking ? (
        <div className="space-y-2">
          <FormField label={t('reason')} errors={e.unqualifiedReason}>
            <Input name="unqualifiedReason" defaultValue={state.values?.unqualifiedReason ?? ''} maxLength={200} />
          </FormField>
          <Button type="submit" name="status" value="unqualified" variant="secondary" disabled={pending}>
            {t('confirmUnqualify')}
          </Button>
        </div>
      ) : null}
    </form>
  );
}
