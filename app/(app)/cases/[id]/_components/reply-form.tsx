'use client';

import { useTranslations } from 'next-intl';
import { useActionState, useState } from 'react';
import { FormMessage } from '@/components/forms/form-message';
import { useFormFeedback } from '@/components/forms/use-form-feedback';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { cn } from '@/components/ui/cn';
import { FormField } from '@/components/ui/form-field';
import { Textarea } from '@/components/ui/input';
import { initialActionState } from '@/lib/action-state';
import { addCaseCommentAction } from '@/lib/service/case-actions';

/** The reply box: a public reply (the customer gets it) or an internal note (staff only), chosen by a toggle. */
export function ReplyForm({ caseId }: { caseId: string }) {
  const t = useTranslations('cases.reply');
  const [state, action, pending] = useActionState(addCaseCommentAction, initialActionState);
  const form = useFormFeedback(state);
  // Controlled: React resets uncontrolled fields after a form action, and the kind must survive a refusal.
  const [kind, setKind] = useState<'reply' | 'note'>((state.values?.kind as 'reply' | 'note') ?? 'reply');
  const note = kind === 'note';
  return (
    <Card className={cn(note && 'border-2 border-dashed border-amber-300 bg-amber-50')}>
      <form ref={form} action={action} className="space-y-3 p-4" noValidate>
        <input type="hidden" name="caseId" value={caseId} />
        <FormMessage state={state} />
        <fieldset className="flex flex-wrap gap-2">
          <legend className="sr-only">{t('kind')}</legend>
          {(['reply', 'note'] as const).map((k) => (
            <label
              key={k}
              className={cn(
                'cursor-pointer rounded-md border px-3 py-1.5 text-sm has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-500',
                kind === k
                  ? k === 'note'
                    ? 'border-amber-400 bg-amber-100 font-semibold text-amber-900'
                    : 'border-brand-500 bg-brand-50 font-semibold text-brand-700'
                  : 'border-slate-300 bg-white text-slate-700',
              )}
            >
              <input
                type="radio"
                name="kind"
                value={k}
                checked={kind === k}
                onChange={() => setKind(k)}
                className="sr-only"
              />
              {t(k)}
            </label>
          ))}
        </fieldset>
        <FormField
          label={note ? t('noteLabel') : t('replyLabel')}
          errors={state.fieldErrors?.body}
          hint={note ? t('noteHint') : t('replyHint')}
        >
          <Textarea name="body" rows={5} defaultValue={state.values?.body ?? ''} maxLength={20000} required />
        </FormField>
        <Button type="submit" disabled={pending}>
          {note ? t('addNote') : t('send')}
        </Button>
      </form>
    </Card>
  );
}
