'use client';

import { useTranslations } from 'next-intl';
import { useActionState, useEffect, useRef } from 'react';
import { FormMessage } from '@/components/forms/form-message';
import { useFormFeedback } from '@/components/forms/use-form-feedback';
import { Button } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { FormField } from '@/components/ui/form-field';
import { Select } from '@/components/ui/input';
import { type ActionState, initialActionState } from '@/lib/action-state';
import { changeCaseAssigneeAction, changeCasePriorityAction, changeCaseStatusAction } from '@/lib/service/case-actions';
import { CASE_PRIORITIES, CASE_TRANSITIONS, type CasePriority, type CaseStatus } from '@/lib/service/case-schemas';
import { DueMark } from '../../_components/due-mark';

type Item = {
  id: string;
  version: number;
  status: CaseStatus;
  priority: CasePriority;
  assigneeId: string | null;
  assigneeName: string | null;
  firstResponseDueAt: string | null;
  resolutionDueAt: string | null;
  firstRespondedAt: string | null;
  channel: string;
  createdAt: string;
  reopenedCount: number;
};

type Props = {
  item: Item;
  now: string;
  canEdit: boolean;
  canTake: boolean;
  viewerId: string;
  /** Anyone to give the case to (managers and admins); null: no assignee control. */
  assignees: { id: string; name: string }[] | null;
};

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;

/**
 * One small version-checked form: a refused save (someone changed the case) says so and keeps the
 * choice. The forms are not keyed by the version: a saved change re-renders them in place, so the
 * button just pressed is still there to take the focus back. Each Select starts over by itself when
 * its default changes (components/ui/input.tsx).
 */
function useCaseForm(action: Action) {
  const [state, run, pending] = useActionState(action, initialActionState);
  const ref = useFormFeedback(state);
  // The submit button is disabled while saving, and a disabled button loses the focus to the page:
  // once saved, a keyboard user is put back on it (a refusal focuses its field instead).
  const wasPending = useRef(false);
  useEffect(() => {
    if (wasPending.current && !pending && (document.activeElement === document.body || !document.activeElement))
      ref.current?.querySelector<HTMLButtonElement>('button[type="submit"]')?.focus();
    wasPending.current = pending;
  }, [pending, ref]);
  return { state, run, pending, ref };
}

/** Status, priority and assignee of the case, and its SLA times. */
export function CaseControls({ item, now, canEdit, canTake, viewerId, assignees }: Props) {
  const t = useTranslations('cases');
  const status = useCaseForm(changeCaseStatusAction);
  const priority = useCaseForm(changeCasePriorityAction);
  const assignee = useCaseForm(changeCaseAssigneeAction);
  const take = useCaseForm(changeCaseAssigneeAction);
  const open = item.status === 'new' || item.status === 'open' || item.status === 'pending';
  // Pending stops the SLA clock (lib/service/sla.ts): no breach or due-soon mark while it waits.
  const running = item.status === 'new' || item.status === 'open';
  const due = (at: string | null, done: boolean) =>
    done ? (
      <span className="text-emerald-700">{t('sla.met')}</span>
    ) : (
      <DueMark
        dueAt={at}
        now={now}
        breached={running && at !== null && at < now}
        dueSoon={running && at !== null && at >= now && new Date(at).getTime() - new Date(now).getTime() <= 3_600_000}
      />
    );
  const hidden = (
    <>
      <input type="hidden" name="id" value={item.id} />
      <input type="hidden" name="version" value={item.version} />
    </>
  );
  return (
    <Card>
      <CardHeader title={t('page.details')} />
      <div className="space-y-4 px-4 pb-4">
        <dl className="space-y-1.5 text-sm">
          <div className="flex justify-between gap-3">
            <dt className="text-slate-600">{t('sla.firstResponse')}</dt>
            <dd>{due(item.firstResponseDueAt, item.firstRespondedAt !== null)}</dd>
          </div>
          <div className="flex justify-between gap-3">
            <dt className="text-slate-600">{t('sla.resolution')}</dt>
            <dd>{due(item.resolutionDueAt, !open)}</dd>
          </div>
          <div className="flex justify-between gap-3">
            <dt className="text-slate-600">{t('fields.channel')}</dt>
            <dd>{t(`channels.${item.channel}`)}</dd>
          </div>
          {item.reopenedCount ? (
            <div className="flex justify-between gap-3">
              <dt className="text-slate-600">{t('page.reopened')}</dt>
              <dd className="tabular-nums">{item.reopenedCount}</dd>
            </div>
          ) : null}
        </dl>
        {canTake ? (
          <form ref={take.ref} action={take.run} noValidate>
            {hidden}
            <input type="hidden" name="assigneeId" value={viewerId} />
            <FormMessage state={take.state} />
            <Button type="submit" className="w-full" disabled={take.pending}>
              {t('takeOne')}
            </Button>
          </form>
        ) : null}
        {canEdit ? (
          <>
            <form ref={status.ref} action={status.run} className="space-y-2" noValidate>
              {hidden}
              <FormMessage state={status.state} />
              <FormField label={t('page.statusTo')} errors={status.state.fieldErrors?.status}>
                <Select name="status" defaultValue={status.state.values?.status ?? CASE_TRANSITIONS[item.status][0]}>
                  {CASE_TRANSITIONS[item.status].map((s) => (
                    <option key={s} value={s}>
                      {item.status === 'resolved' || item.status === 'closed'
                        ? s === 'open'
                          ? t('reopen')
                          : t(`statuses.${s}`)
                        : t(`statuses.${s}`)}
                    </option>
                  ))}
                </Select>
              </FormField>
              <Button type="submit" variant="secondary" size="sm" disabled={status.pending}>
                {t('setStatus')}
              </Button>
            </form>
            <form ref={priority.ref} action={priority.run} className="space-y-2" noValidate>
              {hidden}
              <FormMessage state={priority.state} />
              <FormField label={t('fields.priority')} errors={priority.state.fieldErrors?.priority}>
                <Select name="priority" defaultValue={priority.state.values?.priority ?? item.priority}>
                  {CASE_PRIORITIES.map((p) => (
                    <option key={p} value={p}>
                      {t(`priorities.${p}`)}
                    </option>
                  ))}
                </Select>
              </FormField>
              <Button type="submit" variant="secondary" size="sm" disabled={priority.pending}>
                {t('setPriority')}
              </Button>
            </form>
          </>
        ) : null}
        {assignees ? (
          <form ref={assignee.ref} action={assignee.run} className="space-y-2" noValidate>
            {hidden}
            <FormMessage state={assignee.state} />
            <FormField label={t('fields.assignee')} errors={assignee.state.fieldErrors?.assigneeId}>
              <Select name="assigneeId" defaultValue={assignee.state.values?.assigneeId ?? item.assigneeId ?? ''}>
                <option value="">{t('unassigned')}</option>
                {assignees.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
              </Select>
            </FormField>
            <Button type="submit" variant="secondary" size="sm" disabled={assignee.pending}>
              {t('assign')}
            </Button>
          </form>
        ) : null}
      </div>
    </Card>
  );
}
