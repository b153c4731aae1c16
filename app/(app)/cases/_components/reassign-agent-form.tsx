'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { FormMessage } from '@/components/forms/form-message';
import { useFormFeedback } from '@/components/forms/use-form-feedback';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Select } from '@/components/ui/input';
import { initialActionState } from '@/lib/action-state';
import { reassignAgentCasesAction } from '@/lib/service/case-actions';

/** Managers: hand the open cases of an absent (or deactivated) agent to the others by the assignment rule. */
export function ReassignAgentForm({
  agents,
}: {
  agents: { id: string; name: string; active: boolean; open: number }[];
}) {
  const t = useTranslations('cases.absent');
  const [state, action, pending] = useActionState(reassignAgentCasesAction, initialActionState);
  const form = useFormFeedback(state);
  return (
    <form ref={form} action={action} className="flex flex-wrap items-end gap-3" noValidate>
      <div className="w-full">
        <FormMessage state={state} />
      </div>
      <FormField label={t('agent')} errors={state.fieldErrors?.agentId} className="w-full sm:w-64">
        <Select name="agentId" defaultValue={state.values?.agentId ?? ''} required>
          <option value="">{t('chooseAgent')}</option>
          {agents.map((a) => (
            <option key={a.id} value={a.id}>
              {t('agentOption', { name: a.name, count: a.open, active: String(a.active) })}
            </option>
          ))}
        </Select>
      </FormField>
      <Button type="submit" variant="secondary" disabled={pending}>
        {t('submit')}
      </Button>
      {state.ok ? (
        <p role="status" className="w-full text-sm text-emerald-700">
          {t('done', { count: (state.data as { count?: number } | undefined)?.count ?? 0 })}
        </p>
      ) : null}
    </form>
  );
}
