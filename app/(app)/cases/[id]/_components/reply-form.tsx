'use client';

import { useTranslations } from 'next-intl';
import { useActionState, useRef, useState } from 'react';
import { FormMessage } from '@/components/forms/form-message';
import { useFormFeedback } from '@/components/forms/use-form-feedback';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { cn } from '@/components/ui/cn';
import { FormField } from '@/components/ui/form-field';
import { Textarea } from '@/components/ui/input';
import { initialActionState } from '@/lib/action-state';
import { addCaseCommentAction } from '@/lib/service/case-actions';
import { ArticleLinkPicker, articleLinkText, useRegisterReplyInsert } from './article-links';

/**
 * Text at the textarea's cursor (replacing a selection), with a space before it when it would touch
 * the word before; the cursor ends after it. The textarea keeps its selection while focus is away.
 */
function insertAtCursor(el: HTMLTextAreaElement, text: string) {
  const start = el.selectionStart ?? el.value.length;
  const end = el.selectionEnd ?? start;
  const before = el.value.slice(0, start);
  el.setRangeText(before && !/\s$/.test(before) ? ` ${text}` : text, start, end, 'end');
  el.focus();
}

/**
 * The reply box: a public reply (the customer gets it) or an internal note (staff only), chosen by a
 * toggle. With `canLinkArticles`, a knowledge-base search inserts an article's public link at the cursor.
 */
export function ReplyForm({ caseId, canLinkArticles = false }: { caseId: string; canLinkArticles?: boolean }) {
  const t = useTranslations('cases.reply');
  const [state, action, pending] = useActionState(addCaseCommentAction, initialActionState);
  const form = useFormFeedback(state);
  // Controlled: React resets uncontrolled fields after a form action, and the kind must survive a refusal.
  const [kind, setKind] = useState<'reply' | 'note'>((state.values?.kind as 'reply' | 'note') ?? 'reply');
  const note = kind === 'note';
  const body = useRef<HTMLTextAreaElement>(null);
  const [inserted, setInserted] = useState('');
  const insert = (text: string) => {
    if (!body.current) return;
    insertAtCursor(body.current, text);
    setInserted(text);
  };
  useRegisterReplyInsert(insert);
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
          <Textarea
            ref={body}
            name="body"
            rows={5}
            defaultValue={state.values?.body ?? ''}
            maxLength={20000}
            required
          />
        </FormField>
        {canLinkArticles ? <ArticleLinkPicker onInsert={(a) => insert(articleLinkText(a))} /> : null}
        <p role="status" className="sr-only">
          {inserted ? t('linkInserted', { text: inserted }) : ''}
        </p>
        <Button type="submit" disabled={pending}>
          {note ? t('addNote') : t('send')}
        </Button>
      </form>
    </Card>
  );
}
