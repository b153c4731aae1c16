'use client';

import * as Dialog from '@radix-ui/react-dialog';
import { useRouter } from 'next/navigation';
import { useFormatter, useTimeZone, useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { FormMessage } from '@/components/forms/form-message';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { useToast } from '@/components/ui/toast';
import { type ActionState, initialActionState } from '@/lib/action-state';
import {
  cancelCampaignAction,
  estimateCampaignAudienceAction,
  pauseCampaignAction,
  resumeCampaignAction,
  scheduleCampaignAction,
  sendCampaignNowAction,
} from '@/lib/marketing/campaigns/campaign-actions';
import type { CampaignStatus } from '@/lib/marketing/campaigns/campaigns';
import type { AudienceEstimate } from '@/lib/marketing/campaigns/preview';
import { wallTimeToInstant } from '@/lib/zoned-time';
import { asFormState } from './form-state';

export type ControlsCampaign = {
  id: string;
  name: string;
  version: number;
  status: CampaignStatus;
  segmentId: string | null;
  holdoutPercent: number;
  scheduledAt: Date | null;
};

/** An instant as the `datetime-local` wall time (YYYY-MM-DDTHH:mm) in `timeZone`. */
function toWallTime(at: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** One action's outcome: a toast and a refresh on success, the translated reason otherwise. */
function useRun() {
  const tm = useTranslations('messages');
  const toast = useToast();
  const router = useRouter();
  const [pending, start] = useTransition();
  const [state, setState] = useState<ActionState>(initialActionState);
  const run = (action: () => Promise<ActionState>) =>
    start(async () => {
      const result = await action();
      setState(asFormState(result));
      if (result.ok) {
        if (result.message) toast(tm.has(result.message) ? tm(result.message) : result.message);
        router.refresh();
      }
    });
  return { pending, state, run };
}

/** Pause, resume and cancel of a campaign that is sending or paused (the stats page's header). */
export function RunningControls({ campaign }: { campaign: ControlsCampaign }) {
  const t = useTranslations('campaigns.send');
  const { pending, state, run } = useRun();
  const idVersion = { id: campaign.id, version: campaign.version };
  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap gap-2">
        {campaign.status === 'sending' ? (
          <Button variant="secondary" disabled={pending} onClick={() => run(() => pauseCampaignAction(idVersion))}>
            {t('pause')}
          </Button>
        ) : null}
        {campaign.status === 'paused' ? (
          <Button disabled={pending} onClick={() => run(() => resumeCampaignAction(idVersion))}>
            {t('resume')}
          </Button>
        ) : null}
        <Button
          variant="danger"
          disabled={pending}
          onClick={() => {
            if (window.confirm(t('confirmCancel'))) run(() => cancelCampaignAction(idVersion));
          }}
        >
          {t('cancel')}
        </Button>
      </div>
      <FormMessage state={state} />
    </div>
  );
}

/**
 * Schedule (a wall time in the company's time zone, the one every date is shown in), send now after
 * a confirmation with the audience's counts, and cancel: for a draft or scheduled campaign.
 */
export function CampaignControls({
  campaign,
  dirty,
  segmentName,
}: {
  campaign: ControlsCampaign;
  dirty: boolean;
  segmentName: string | null;
}) {
  const t = useTranslations('campaigns.send');
  const format = useFormatter();
  const timeZone = useTimeZone() ?? 'UTC';
  const { pending, state, run } = useRun();
  const [when, setWhen] = useState(campaign.scheduledAt ? toWallTime(campaign.scheduledAt, timeZone) : '');
  const idVersion = { id: campaign.id, version: campaign.version };
  const blocked = dirty ? t('saveFirst') : !campaign.segmentId ? t('needSegment') : null;

  return (
    <Card>
      <CardHeader title={t('title')} />
      <CardBody className="space-y-4">
        <FormMessage state={state} />
        {campaign.status === 'scheduled' && campaign.scheduledAt ? (
          <p className="rounded-md bg-violet-50 p-2 text-sm text-violet-800">
            {t('scheduledFor', {
              at: format.dateTime(campaign.scheduledAt, { dateStyle: 'medium', timeStyle: 'short' }),
              zone: timeZone,
            })}
          </p>
        ) : null}
        {blocked ? <p className="text-sm text-slate-600">{blocked}</p> : null}
        <form
          noValidate
          aria-label={t('schedule')}
          className="space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            const at = wallTimeToInstant(when, timeZone);
            run(() => scheduleCampaignAction({ ...idVersion, scheduledAt: at ? at.toISOString() : when }));
          }}
        >
          <FormField
            label={t('scheduleAt')}
            errors={state.fieldErrors?.scheduledAt}
            hint={t('timeZone', { zone: timeZone })}
          >
            <Input type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} required />
          </FormField>
          <Button type="submit" variant="secondary" disabled={pending || Boolean(blocked) || !when}>
            {campaign.status === 'scheduled' ? t('reschedule') : t('schedule')}
          </Button>
        </form>
        <div className="flex flex-wrap gap-2 border-t border-slate-100 pt-4">
          <SendNow
            campaign={campaign}
            segmentName={segmentName}
            disabled={pending || Boolean(blocked)}
            onConfirm={() => run(() => sendCampaignNowAction(idVersion))}
          />
          <Button
            variant="danger"
            disabled={pending}
            onClick={() => {
              if (window.confirm(t('confirmCancel'))) run(() => cancelCampaignAction(idVersion));
            }}
          >
            {t('cancel')}
          </Button>
        </div>
      </CardBody>
    </Card>
  );
}

/** The send-now button and its confirmation, which counts the audience when it opens. */
function SendNow({
  campaign,
  segmentName,
  disabled,
  onConfirm,
}: {
  campaign: ControlsCampaign;
  segmentName: string | null;
  disabled: boolean;
  onConfirm: () => void;
}) {
  const t = useTranslations('campaigns.send');
  const format = useFormatter();
  const [open, setOpen] = useState(false);
  const [counts, setCounts] = useState<AudienceEstimate | null>(null);
  const segmentId = campaign.segmentId;

  function openDialog(next: boolean) {
    setOpen(next);
    if (!next || !segmentId) return;
    setCounts(null);
    void estimateCampaignAudienceAction({ segmentId }).then((r) => {
      if (r.ok && r.data) setCounts(r.data);
    });
  }

  const holdout = counts ? Math.round((counts.sendable * campaign.holdoutPercent) / 100) : 0;
  const willSend = counts ? counts.sendable - holdout : 0;
  const row = (label: string, value: number, testId?: string) => (
    <div className="flex justify-between gap-4 py-1">
      <dt className="text-slate-600">{label}</dt>
      <dd className="font-medium tabular-nums text-slate-900" data-testid={testId}>
        {format.number(value)}
      </dd>
    </div>
  );
  return (
    <Dialog.Root open={open} onOpenChange={openDialog}>
      <Dialog.Trigger asChild>
        <Button disabled={disabled}>{t('sendNow')}</Button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <Dialog.Content className="fixed top-1/2 left-1/2 z-50 w-[92vw] max-w-md -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-6 shadow-xl">
          <Dialog.Title className="text-lg font-semibold [overflow-wrap:anywhere]">
            {t('confirmTitle', { name: campaign.name })}
          </Dialog.Title>
          <Dialog.Description className="mt-2 text-sm text-slate-600">
            {t('confirmBody', { segment: segmentName ?? '—' })}
          </Dialog.Description>
          <div className="mt-4" aria-live="polite">
            {counts ? (
              <>
                <dl className="divide-y divide-slate-100 text-sm">
                  {row(t('audience'), counts.audience)}
                  {row(t('sendable'), counts.sendable)}
                  {campaign.holdoutPercent > 0
                    ? row(t('holdout', { percent: String(campaign.holdoutPercent) }), holdout)
                    : null}
                  {row(t('willSend'), willSend, 'will-send')}
                </dl>
                <p className="mt-2 text-xs text-slate-500">{t('countNote')}</p>
              </>
            ) : (
              <p className="text-sm text-slate-500">{t('counting')}</p>
            )}
          </div>
          <div className="mt-6 flex flex-wrap justify-end gap-2">
            <Dialog.Close asChild>
              <Button variant="secondary">{t('cancelDialog')}</Button>
            </Dialog.Close>
            <Button
              disabled={!counts}
              onClick={() => {
                setOpen(false);
                onConfirm();
              }}
            >
              {t('confirm', { count: willSend })}
            </Button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
