'use client';

import { useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { FormMessage } from '@/components/forms/form-message';
import { useFormFeedback } from '@/components/forms/use-form-feedback';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { type ActionState, initialActionState } from '@/lib/action-state';
import { testSendCampaignAction } from '@/lib/marketing/campaigns/campaign-actions';
import { asFormState } from './form-state';

/** The saved campaign, rendered for the recipient picked in the preview, to an address the user types. */
export function TestSend({
  campaignId,
  customerId,
  dirty,
}: {
  campaignId: string;
  customerId: string | null;
  dirty: boolean;
}) {
  const t = useTranslations('campaigns.testSend');
  const [to, setTo] = useState('');
  const [state, setState] = useState<ActionState>(initialActionState);
  const [pending, start] = useTransition();
  const form = useFormFeedback(state);
  const blocked = dirty ? t('needSaved') : !customerId ? t('needRecipient') : null;
  return (
    <Card>
      <CardHeader title={t('title')} description={t('hint')} />
      <CardBody>
        <form
          ref={form}
          noValidate
          aria-label={t('title')}
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            if (!customerId) return;
            start(async () => setState(asFormState(await testSendCampaignAction({ id: campaignId, customerId, to }))));
          }}
        >
          <FormMessage state={state} />
          <FormField label={t('to')} errors={state.fieldErrors?.to}>
            <Input type="email" value={to} onChange={(e) => setTo(e.target.value)} maxLength={254} required />
          </FormField>
          {blocked ? <p className="text-xs text-slate-500">{blocked}</p> : null}
          <Button type="submit" variant="secondary" disabled={pending || Boolean(blocked)}>
            {pending ? t('sending') : t('submit')}
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}
