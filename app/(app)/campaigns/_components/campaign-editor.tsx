'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useMemo, useState, useTransition } from 'react';
import { FormMessage } from '@/components/forms/form-message';
import { useFormFeedback } from '@/components/forms/use-form-feedback';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { FormField } from '@/components/ui/form-field';
import { Input, Select, Textarea } from '@/components/ui/input';
import { type ActionState, initialActionState } from '@/lib/action-state';
import { createCampaignAction, updateCampaignAction } from '@/lib/marketing/campaigns/campaign-actions';
import { MERGE_FIELDS, unknownMergeFields } from '@/lib/marketing/campaigns/render';
import { CampaignControls, type ControlsCampaign } from './campaign-controls';
import { asFormState } from './form-state';
import { RecipientPreview } from './recipient-preview';
import { TestSend } from './test-send';

export type EditorCampaign = ControlsCampaign & {
  subject: string;
  fromName: string | null;
  fromAddress: string | null;
  bodyText: string;
  bodyHtml: string | null;
  cost: string;
  ratePerMinute: number;
  attributionDays: number;
};

export type SegmentOption = { id: string; name: string; memberCount: number | null };

type Values = {
  name: string;
  subject: string;
  fromName: string;
  fromAddress: string;
  bodyHtml: string;
  bodyText: string;
  segmentId: string;
  cost: string;
  holdoutPercent: string;
  ratePerMinute: string;
  attributionDays: string;
};

function initialValues(c?: EditorCampaign): Values {
  return {
    name: c?.name ?? '',
    subject: c?.subject ?? '',
    fromName: c?.fromName ?? '',
    fromAddress: c?.fromAddress ?? '',
    bodyHtml: c?.bodyHtml ?? '',
    bodyText: c?.bodyText ?? '',
    segmentId: c?.segmentId ?? '',
    cost: c?.cost ?? '0',
    holdoutPercent: String(c?.holdoutPercent ?? 0),
    ratePerMinute: String(c?.ratePerMinute ?? 600),
    attributionDays: String(c?.attributionDays ?? 7),
  };
}

/**
 * The campaign form (a draft or scheduled campaign; read-only for managers), with the merge fields
 * it may use, a preview for one customer of the chosen segment, a test send and the send controls.
 * Saving sends the version loaded: someone else's save in between is refused as stale.
 */
export function CampaignEditor({
  campaign,
  segments,
  canWrite,
}: {
  campaign?: EditorCampaign;
  segments: SegmentOption[];
  canWrite: boolean;
}) {
  const t = useTranslations('campaigns.form');
  const router = useRouter();
  const initial = useMemo(() => initialValues(campaign), [campaign]);
  const [values, setValues] = useState<Values>(initial);
  const [state, setState] = useState<ActionState>(initialActionState);
  const [saving, startSaving] = useTransition();
  const [recipientId, setRecipientId] = useState<string | null>(null);
  const form = useFormFeedback(state, { redirect: (s) => (!campaign && s.id ? `/campaigns/${s.id}` : null) });
  const dirty = JSON.stringify(values) !== JSON.stringify(initial);
  const set = (key: keyof Values) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [key]: e.target.value }));

  /** The server's error for a field, else (for templates) the unknown merge fields found while typing. */
  const errorsFor = (key: keyof Values, template = false): string[] | undefined => {
    const server = state.fieldErrors?.[key];
    if (template) {
      const unknown = unknownMergeFields(values[key]);
      if (unknown.length)
        return [t('unknownFields', { count: unknown.length, names: unknown.map((n) => `{{${n}}}`).join(', ') })];
    }
    return server;
  };

  function save() {
    startSaving(async () => {
      const input = { ...values, bodyHtml: values.bodyHtml || null, segmentId: values.segmentId || null };
      const result = campaign
        ? await updateCampaignAction({ ...input, id: campaign.id, version: campaign.version })
        : await createCampaignAction(input);
      setState(asFormState(result));
      if (result.ok && campaign) router.refresh();
    });
  }

  const segment = segments.find((s) => s.id === values.segmentId);
  const disabled = !canWrite;
  return (
    <div className="space-y-6">
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <form
          ref={form}
          noValidate
          className="min-w-0 space-y-6"
          aria-label={t('details')}
          onSubmit={(e) => {
            e.preventDefault();
            save();
          }}
        >
          <Card>
            <CardHeader title={t('details')} />
            <CardBody className="space-y-4">
              <FormMessage state={state} />
              <FormField label={t('name')} errors={errorsFor('name')}>
                <Input value={values.name} onChange={set('name')} maxLength={120} required disabled={disabled} />
              </FormField>
              <FormField label={t('subject')} errors={errorsFor('subject', true)}>
                <Input value={values.subject} onChange={set('subject')} maxLength={200} required disabled={disabled} />
              </FormField>
              <div className="grid gap-4 sm:grid-cols-2">
                <FormField label={t('fromName')} errors={errorsFor('fromName')} hint={t('fromHint')}>
                  <Input value={values.fromName} onChange={set('fromName')} maxLength={120} disabled={disabled} />
                </FormField>
                <FormField label={t('fromAddress')} errors={errorsFor('fromAddress')}>
                  <Input
                    type="email"
                    value={values.fromAddress}
                    onChange={set('fromAddress')}
                    maxLength={254}
                    disabled={disabled}
                  />
                </FormField>
              </div>
            </CardBody>
          </Card>
          <Card>
            <CardHeader title={t('content')} />
            <CardBody className="space-y-4">
              <div className="rounded-md bg-slate-50 p-3">
                <h3 className="text-sm font-medium text-slate-700">{t('mergeFields')}</h3>
                <ul className="mt-2 flex flex-wrap gap-1.5" aria-label={t('mergeFields')}>
                  {MERGE_FIELDS.map((f) => (
                    <li key={f}>
                      <code className="rounded border border-slate-200 bg-white px-1.5 py-0.5 text-xs text-slate-800">{`{{${f}}}`}</code>
                    </li>
                  ))}
                </ul>
                <p className="mt-2 text-xs text-slate-500">
                  {t('mergeFieldsHint', { unsubscribe: '{{unsubscribe_url}}' })}
                </p>
              </div>
              <FormField label={t('bodyHtml')} errors={errorsFor('bodyHtml', true)} hint={t('bodyHtmlHint')}>
                <Textarea
                  value={values.bodyHtml}
                  onChange={set('bodyHtml')}
                  rows={10}
                  spellCheck={false}
                  className="font-mono text-xs"
                  disabled={disabled}
                />
              </FormField>
              <FormField label={t('bodyText')} errors={errorsFor('bodyText', true)} hint={t('bodyTextHint')}>
                <Textarea value={values.bodyText} onChange={set('bodyText')} rows={8} required disabled={disabled} />
              </FormField>
            </CardBody>
          </Card>
          <Card>
            <CardHeader title={t('audience')} />
            <CardBody className="grid gap-4 sm:grid-cols-2">
              <FormField
                label={t('segment')}
                errors={errorsFor('segmentId')}
                hint={segment?.memberCount != null ? t('segmentMembers', { count: segment.memberCount }) : undefined}
                className="sm:col-span-2"
              >
                <Select value={values.segmentId} onChange={set('segmentId')} disabled={disabled}>
                  <option value="">{t('noSegment')}</option>
                  {segments.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </Select>
              </FormField>
              <FormField label={t('cost')} errors={errorsFor('cost')} hint={t('costHint')}>
                <Input inputMode="decimal" value={values.cost} onChange={set('cost')} disabled={disabled} />
              </FormField>
              <FormField label={t('holdoutPercent')} errors={errorsFor('holdoutPercent')} hint={t('holdoutHint')}>
                <Input
                  type="number"
                  min={0}
                  max={50}
                  step={1}
                  value={values.holdoutPercent}
                  onChange={set('holdoutPercent')}
                  disabled={disabled}
                />
              </FormField>
              <FormField label={t('ratePerMinute')} errors={errorsFor('ratePerMinute')}>
                <Input
                  type="number"
                  min={1}
                  max={100000}
                  step={1}
                  value={values.ratePerMinute}
                  onChange={set('ratePerMinute')}
                  disabled={disabled}
                />
              </FormField>
              <FormField label={t('attributionDays')} errors={errorsFor('attributionDays')} hint={t('attributionHint')}>
                <Input
                  type="number"
                  min={1}
                  max={365}
                  step={1}
                  value={values.attributionDays}
                  onChange={set('attributionDays')}
                  disabled={disabled}
                />
              </FormField>
            </CardBody>
          </Card>
          {canWrite ? (
            <div className="flex flex-wrap gap-2">
              <Button type="submit" disabled={saving}>
                {saving ? t('saving') : t('save')}
              </Button>
            </div>
          ) : (
            <p className="text-sm text-slate-500">{t('readOnlyNote')}</p>
          )}
        </form>
        <aside className="min-w-0 space-y-6">
          {campaign && canWrite ? (
            <CampaignControls campaign={campaign} dirty={dirty} segmentName={segment?.name ?? null} />
          ) : null}
          {campaign && canWrite ? <TestSend campaignId={campaign.id} customerId={recipientId} dirty={dirty} /> : null}
        </aside>
      </div>
      <RecipientPreview
        segmentId={values.segmentId || null}
        template={{ subject: values.subject, bodyText: values.bodyText, bodyHtml: values.bodyHtml || null }}
        onRecipient={setRecipientId}
      />
    </div>
  );
}
