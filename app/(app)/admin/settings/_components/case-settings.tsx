'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { FormMessage } from '@/components/forms/form-message';
import { useFormFeedback } from '@/components/forms/use-form-feedback';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Select } from '@/components/ui/input';
import { initialActionState } from '@/lib/action-state';
import type { CaseSettings } from '@/lib/service/assignment';
import { updateCaseSettingsAction } from '@/lib/service/case-actions';

/** The case assignment rule (admins change it; managers read it). */
export function CaseSettingsForm({ settings, readOnly }: { settings: CaseSettings; readOnly: boolean }) {
  const t = useTranslations('cases.settings');
  const [state, action, pending] = useActionState(updateCaseSettingsAction, initialActionState);
  const form = useFormFeedback(state);
  const v = state.values ?? {};
  return (
    <form ref={form} action={action} className="grid max-w-2xl gap-4" noValidate key={settings.version}>
      <input type="hidden" name="version" value={settings.version} />
      <FormMessage state={state} />
      <FormField label={t('rule')} errors={state.fieldErrors?.caseAssignment}>
        <Select name="caseAssignment" defaultValue={v.caseAssignment ?? settings.caseAssignment} disabled={readOnly}>
          <option value="manual">{t('manual')}</option>
          <option value="round_robin">{t('roundRobin')}</option>
          <option value="least_loaded">{t('leastLoaded')}</option>
        </Select>
      </FormField>
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          name="caseAssignmentByLanguage"
          defaultChecked={
            v.caseAssignmentByLanguage ? v.caseAssignmentByLanguage === 'on' : settings.caseAssignmentByLanguage
          }
          disabled={readOnly}
          className="size-4 rounded border-slate-300"
        />
        {t('byLanguage')}
      </label>
      {readOnly ? null : (
        <div>
          <Button type="submit" disabled={pending}>
            {t('save')}
          </Button>
        </div>
      )}
    </form>
  );
}
