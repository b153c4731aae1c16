'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { FormMessage } from '@/components/forms/form-message';
import { useFormFeedback } from '@/components/forms/use-form-feedback';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Input, Select, Textarea } from '@/components/ui/input';
import Link from '@/components/ui/link';
import { type ActionState, initialActionState } from '@/lib/action-state';
import { simulateInboundAction } from '@/lib/mail/mail-actions';

type Outcome = { outcome: string; caseNumber: number | null; caseId: string | null };
export type ReplyOption = { messageId: string; label: string };

/** The demo's "Simulate an inbound email": a message from a customer, new or answering a sent one. */
export function SimulateInboundForm({ replies }: { replies: ReplyOption[] }) {
  const t = useTranslations('outbox');
  const [state, action, pending] = useActionState(
    simulateInboundAction as (s: ActionState<Outcome>, f: FormData) => Promise<ActionState<Outcome>>,
    initialActionState as ActionState<Outcome>,
  );
  const form = useFormFeedback(state);
  const v = state.values ?? {};
  const result = state.ok ? state.data : undefined;
  return (
    <form ref={form} action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      {result ? <Outcome result={result} /> : null}
      <FormField label={t('simulate.fromName')} errors={state.fieldErrors?.fromName}>
        <Input name="fromName" defaultValue={v.fromName} maxLength={100} autoComplete="off" />
      </FormField>
      <FormField label={t('simulate.fromAddress')} errors={state.fieldErrors?.fromAddress}>
        <Input
          name="fromAddress"
          type="email"
          defaultValue={v.fromAddress}
          required
          maxLength={254}
          autoComplete="off"
        />
      </FormField>
      <FormField label={t('simulate.inReplyTo')} errors={state.fieldErrors?.inReplyTo}>
        <Select name="inReplyTo" defaultValue={v.inReplyTo ?? ''}>
          <option value="">{t('simulate.newConversation')}</option>
          {replies.map((r) => (
            <option key={r.messageId} value={r.messageId}>
              {r.label}
            </option>
          ))}
        </Select>
      </FormField>
      <FormField label={t('simulate.subject')} errors={state.fieldErrors?.subject}>
        <Input name="subject" defaultValue={v.subject} required maxLength={200} autoComplete="off" />
      </FormField>
      <FormField label={t('simulate.body')} errors={state.fieldErrors?.body}>
        <Textarea name="body" defaultValue={v.body} required rows={5} maxLength={20_000} />
      </FormField>
      <Button type="submit" disabled={pending}>
        {t('simulate.submit')}
      </Button>
    </form>
  );
}

function Outcome({ result }: { result: Outcome }) {
  const t = useTranslations('outbox');
  const number = String(result.caseNumber ?? '');
  const text = result.outcome.startsWith('ignored:')
    ? t('simulate.ignored', { reason: t(`reasons.${result.outcome.slice(8)}` as 'reasons.bounce') })
    : result.outcome === 'created'
      ? t('simulate.created', { number })
      : result.outcome === 'commented'
        ? t('simulate.commented', { number })
        : t('simulate.duplicate', { number });
  return (
    <Alert tone="success">
      <span>{text}</span>
      {result.caseId ? (
        <>
          {' '}
          <Link className="font-medium underline" href={`/cases/${result.caseId}`}>
            {t('simulate.openCase', { number })}
          </Link>
        </>
      ) : null}
    </Alert>
  );
}
