'use client';

import { useTranslations } from 'next-intl';
import { useActionState, useEffect, useState } from 'react';
import { FormMessage } from '@/components/forms/form-message';
import { useFormFeedback } from '@/components/forms/use-form-feedback';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Input, Select } from '@/components/ui/input';
import { type ActionState, initialActionState } from '@/lib/action-state';
import { saveSlaPolicyAction } from '@/lib/service/sla-actions';
import type { PolicyItem } from '@/lib/service/sla-admin';
import { PRIORITIES } from '@/lib/service/sla-schemas';
import { useDuration } from './duration';

type Priority = (typeof PRIORITIES)[number];
type CalendarOption = { id: string; name: string; timeZone: string };
type Assignee = { id: string; name: string };

const PRIORITY_TONE = { urgent: 'red', high: 'amber', normal: 'blue', low: 'gray' } as const;

/** One row per priority: its policy's targets, calendar and escalation, or that it has none. */
export function PolicyList({
  policies,
  calendars,
  assignees,
  canWrite,
}: {
  policies: PolicyItem[];
  calendars: CalendarOption[];
  assignees: Assignee[];
  canWrite: boolean;
}) {
  const t = useTranslations('sla.policies');
  return (
    <ol className="divide-y divide-slate-100" aria-label={t('title')}>
      {PRIORITIES.map((p) => (
        <PolicyRow
          key={p}
          priority={p}
          policy={policies.find((x) => x.priority === p) ?? null}
          calendars={calendars}
          assignees={assignees}
          canWrite={canWrite}
        />
      ))}
    </ol>
  );
}

function PolicyRow({
  priority,
  policy,
  calendars,
  assignees,
  canWrite,
}: {
  priority: Priority;
  policy: PolicyItem | null;
  calendars: CalendarOption[];
  assignees: Assignee[];
  canWrite: boolean;
}) {
  const t = useTranslations('sla.policies');
  const tp = useTranslations('sla.priorities');
  const duration = useDuration();
  const [open, setOpen] = useState(false);
  const calendar = policy?.calendarId ? calendars.find((c) => c.id === policy.calendarId) : null;
  const reassignTo = policy?.escalateReassignTo ? assignees.find((a) => a.id === policy.escalateReassignTo) : null;
  return (
    <li className="px-5 py-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="min-w-0">
          <p className="flex flex-wrap items-center gap-2 font-medium break-words text-slate-900">
            <Badge tone={PRIORITY_TONE[priority]}>{tp(priority)}</Badge>
            {policy ? policy.name : t('none')}
          </p>
          {policy ? (
            <>
              <p className="text-sm text-slate-600">
                {t('targets', {
                  first: duration(policy.firstResponseMinutes),
                  resolution: duration(policy.resolutionMinutes),
                })}
              </p>
              <p className="text-sm text-slate-600">
                {calendar ? t('inCalendar', { name: calendar.name, zone: calendar.timeZone }) : t('aroundTheClock')}
              </p>
              <p className="text-sm text-slate-600">
                {[
                  policy.escalateNotify ? t('notifies') : t('notifiesNot'),
                  reassignTo ? t('reassignsTo', { name: reassignTo.name }) : null,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </p>
            </>
          ) : (
            <p className="text-sm text-slate-600">{t('noneHint')}</p>
          )}
        </div>
        {canWrite ? (
          <Button size="sm" variant="secondary" aria-expanded={open} onClick={() => setOpen(!open)}>
            {policy ? t('edit', { priority: tp(priority) }) : t('add', { priority: tp(priority) })}
          </Button>
        ) : null}
      </div>
      {open ? (
        <PolicyForm
          priority={priority}
          policy={policy}
          calendars={calendars}
          assignees={assignees}
          onDone={() => setOpen(false)}
        />
      ) : null}
    </li>
  );
}

/** A target in minutes as the form shows it: whole hours in hours, anything else in minutes. */
function asFormTarget(minutes: number | undefined): { value: string; unit: 'hours' | 'minutes' } {
  if (minutes === undefined) return { value: '', unit: 'hours' };
  return minutes % 60 === 0
    ? { value: String(minutes / 60), unit: 'hours' }
    : { value: String(minutes), unit: 'minutes' };
}

function PolicyForm({
  priority,
  policy,
  calendars,
  assignees,
  onDone,
}: {
  priority: Priority;
  policy: PolicyItem | null;
  calendars: CalendarOption[];
  assignees: Assignee[];
  onDone: () => void;
}) {
  const t = useTranslations('sla.policyForm');
  const tp = useTranslations('sla.priorities');
  const [state, action, pending] = useActionState<ActionState, FormData>(saveSlaPolicyAction, initialActionState);
  const form = useFormFeedback(state);
  useEffect(() => {
    if (state.ok) onDone();
  }, [state, onDone]);
  const v = state.values ?? {};
  const e = state.fieldErrors ?? {};
  const first = asFormTarget(policy?.firstResponseMinutes);
  const resolution = asFormTarget(policy?.resolutionMinutes);
  return (
    <form
      ref={form}
      action={action}
      className="mt-3 grid gap-4 rounded-md border border-slate-200 bg-slate-50/60 p-3 sm:grid-cols-2"
      noValidate
      aria-label={t('label', { priority: tp(priority) })}
    >
      <input type="hidden" name="id" value={policy?.id ?? ''} />
      <input type="hidden" name="version" value={policy?.version ?? ''} />
      <input type="hidden" name="priority" value={priority} />
      <div className="sm:col-span-2">
        <FormMessage state={state} />
      </div>
      <FormField label={t('name')} errors={e.name} className="sm:col-span-2">
        <Input name="name" defaultValue={v.name ?? policy?.name ?? ''} maxLength={80} required />
      </FormField>
      <TargetField
        label={t('firstResponse')}
        name="firstResponse"
        errors={e.firstResponse ?? e.firstResponseUnit}
        value={v.firstResponse ?? first.value}
        unit={v.firstResponseUnit ?? first.unit}
      />
      <TargetField
        label={t('resolution')}
        name="resolution"
        errors={e.resolution ?? e.resolutionUnit}
        value={v.resolution ?? resolution.value}
        unit={v.resolutionUnit ?? resolution.unit}
      />
      <FormField label={t('calendar')} errors={e.calendarId} hint={t('calendarHint')}>
        <Select name="calendarId" defaultValue={v.calendarId ?? policy?.calendarId ?? ''}>
          <option value="">{t('aroundTheClock')}</option>
          {calendars.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} ({c.timeZone})
            </option>
          ))}
        </Select>
      </FormField>
      <FormField label={t('reassignTo')} errors={e.escalateReassignTo} hint={t('reassignHint')}>
        <Select name="escalateReassignTo" defaultValue={v.escalateReassignTo ?? policy?.escalateReassignTo ?? ''}>
          <option value="">{t('noReassign')}</option>
          {assignees.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </Select>
      </FormField>
      <label className="flex items-center gap-2 text-sm text-slate-700 sm:col-span-2">
        <input
          type="checkbox"
          name="escalateNotify"
          defaultChecked={
            v.escalateNotify
              ? v.escalateNotify === 'true' || v.escalateNotify === 'on'
              : (policy?.escalateNotify ?? true)
          }
          className="h-4 w-4 rounded border-slate-300"
        />
        {t('notify')}
      </label>
      <div className="flex gap-2 sm:col-span-2">
        <Button type="submit" disabled={pending}>
          {t('save')}
        </Button>
        <Button type="button" variant="secondary" onClick={onDone}>
          {t('cancel')}
        </Button>
      </div>
    </form>
  );
}

/** A target: a number and its unit (business hours or minutes), side by side even on a phone. */
function TargetField({
  label,
  name,
  errors,
  value,
  unit,
}: {
  label: string;
  name: string;
  errors?: string[];
  value: string;
  unit: string;
}) {
  const t = useTranslations('sla.policyForm');
  return (
    // Top-aligned, the unit select padded by the height of the (visually hidden) label: an error under
    // the number no longer pushes the row out of line; wide enough for "Business hours" (w-44).
    <div className="flex items-start gap-2">
      <FormField label={label} errors={errors} className="min-w-0 flex-1">
        <Input name={name} type="number" min={1} step="any" inputMode="decimal" defaultValue={value} required />
      </FormField>
      <FormField label={t('unit', { target: label })} className="w-44 shrink-0 pt-5 [&_label]:sr-only">
        <Select name={`${name}Unit`} defaultValue={unit}>
          <option value="hours">{t('hours')}</option>
          <option value="minutes">{t('minutes')}</option>
        </Select>
      </FormField>
    </div>
  );
}
