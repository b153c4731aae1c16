'use client';

import { useTranslations } from 'next-intl';
import { useActionState, useState } from 'react';
import { FormMessage } from '@/components/forms/form-message';
import { useFormFeedback } from '@/components/forms/use-form-feedback';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Input, Select, Textarea } from '@/components/ui/input';
import { initialActionState } from '@/lib/action-state';
import { updateLeadSettingsAction } from '@/lib/sales/leads/lead-actions';
import type { LeadSettings } from '@/lib/sales/leads/lead-settings';

/** The assignment rule and thank-you address (admins), and the form snippet to copy. */
export function LeadSettingsForm({
  settings,
  readOnly,
  snippet,
  limit,
}: {
  settings: LeadSettings;
  readOnly: boolean;
  snippet: string;
  limit: { max: number; minutes: number };
}) {
  const t = useTranslations('leads.settings');
  const [state, action, pending] = useActionState(updateLeadSettingsAction, initialActionState);
  const form = useFormFeedback(state);
  const v = state.values ?? {};
  const [copied, setCopied] = useState(false);
  return (
    <div className="space-y-6">
      <form ref={form} action={action} className="grid max-w-2xl gap-4" noValidate key={settings.version}>
        <input type="hidden" name="version" value={settings.version} />
        <FormMessage state={state} />
        <FormField label={t('assignment')} errors={state.fieldErrors?.leadAssignment}>
          <Select name="leadAssignment" defaultValue={v.leadAssignment ?? settings.leadAssignment} disabled={readOnly}>
            <option value="round_robin">{t('roundRobin')}</option>
            <option value="least_loaded">{t('leastLoaded')}</option>
          </Select>
        </FormField>
        <FormField label={t('thanksUrl')} errors={state.fieldErrors?.leadThanksUrl} hint={t('thanksUrlHint')}>
          <Input
            name="leadThanksUrl"
            type="url"
            defaultValue={v.leadThanksUrl ?? settings.leadThanksUrl ?? ''}
            disabled={readOnly}
            maxLength={500}
            placeholder="https://www.example.com/thanks"
          />
        </FormField>
        {readOnly ? null : (
          <div>
            <Button type="submit" disabled={pending}>
              {t('save')}
            </Button>
          </div>
        )}
      </form>
      <div className="max-w-2xl space-y-2">
        <h3 className="text-sm font-semibold text-slate-900">{t('snippetTitle')}</h3>
        <p className="text-sm text-slate-600">{t('snippetHint', limit)}</p>
        <FormField label={t('snippetLabel')}>
          <Textarea readOnly value={snippet} rows={10} className="font-mono text-xs" />
        </FormField>
        <div className="flex items-center gap-3">
          <Button
            type="button"
            variant="secondary"
            onClick={async () => {
              await navigator.clipboard.writeText(snippet);
              setCopied(true);
            }}
          >
            {t('copy')}
          </Button>
          {copied ? (
            <span role="status" className="text-sm text-emerald-700">
              {t('copied')}
            </span>
          ) : null}
        </div>
      </div>
    </div>
  );
}
