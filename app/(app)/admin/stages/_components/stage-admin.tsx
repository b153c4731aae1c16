'use client';

import { ArrowDown, ArrowUp } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useActionState, useEffect, useState, useTransition } from 'react';
import { FormMessage } from '@/components/forms/form-message';
import { useFormFeedback } from '@/components/forms/use-form-feedback';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Input, Select } from '@/components/ui/input';
import { useToast } from '@/components/ui/toast';
import { type ActionState, initialActionState } from '@/lib/action-state';
import { STAGE_KINDS, type StageKind } from '@/lib/sales/stages/schemas';
import {
  createStageAction,
  moveStageAction,
  removeStageAction,
  updateStageAction,
} from '@/lib/sales/stages/stage-actions';

export type StageItem = {
  id: string;
  /** The default (English) name and the 简体中文 one ('' when none), as edited. */
  name: string;
  nameZh: string;
  /** The name in the viewer's locale. */
  displayName: string;
  probability: number;
  kind: StageKind;
  rottingDays: number | null;
  active: boolean;
  version: number;
  dealCount: number;
};

const KIND_TONE = { open: 'blue', won: 'green', lost: 'red' } as const;

/** The stages in board order, each with its facts and (for admins) up/down, edit and remove. */
export function StageList({
  stages,
  all,
  canWrite,
  label,
}: {
  stages: StageItem[];
  all: StageItem[];
  canWrite: boolean;
  label: string;
}) {
  return (
    <ol className="divide-y divide-slate-100" aria-label={label}>
      {stages.map((s, i) => (
        <StageRow key={s.id} stage={s} first={i === 0} last={i === stages.length - 1} all={all} canWrite={canWrite} />
      ))}
    </ol>
  );
}

function StageRow({
  stage,
  first,
  last,
  all,
  canWrite,
}: {
  stage: StageItem;
  first: boolean;
  last: boolean;
  all: StageItem[];
  canWrite: boolean;
}) {
  const t = useTranslations('stages');
  const tm = useTranslations('messages');
  const locale = useLocale();
  const router = useRouter();
  // The name in the other locale, when it differs from the one shown.
  const other = locale === 'zh-CN' ? { locale: 'en', name: stage.name } : { locale: 'zh-CN', name: stage.nameZh };
  const toast = useToast();
  const [panel, setPanel] = useState<'edit' | 'remove' | null>(null);
  const [pending, start] = useTransition();
  const move = (direction: 'up' | 'down') =>
    start(async () => {
      const r = await moveStageAction({ id: stage.id, direction });
      if (!r.ok) toast(tm.has(r.message ?? '') ? tm(r.message!) : tm('invalid'));
      router.refresh();
    });
  return (
    <li className="px-5 py-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="min-w-0">
          <p className="flex flex-wrap items-center gap-2 font-medium break-words text-slate-900">
            {stage.displayName}
            <Badge tone={KIND_TONE[stage.kind]}>{t(`kinds.${stage.kind}`)}</Badge>
          </p>
          {other.name && other.name !== stage.displayName ? (
            <p className="text-sm text-slate-600" lang={other.locale}>
              {t(`otherName.${other.locale as 'en' | 'zh-CN'}`, { name: other.name })}
            </p>
          ) : null}
          <p className="text-sm text-slate-600">
            {t('facts', {
              probability: stage.probability,
              deals: stage.dealCount,
              rotting: stage.rottingDays ?? 0,
            })}
          </p>
        </div>
        {canWrite ? (
          <div className="flex flex-wrap items-center gap-1">
            {stage.active ? (
              <>
                <Button
                  size="sm"
                  variant="secondary"
                  aria-label={t('moveUp', { name: stage.displayName })}
                  disabled={first || pending}
                  onClick={() => move('up')}
                >
                  <ArrowUp aria-hidden className="h-4 w-4" />
                </Button>
                <Button
                  size="sm"
                  variant="secondary"
                  aria-label={t('moveDown', { name: stage.displayName })}
                  disabled={last || pending}
                  onClick={() => move('down')}
                >
                  <ArrowDown aria-hidden className="h-4 w-4" />
                </Button>
              </>
            ) : null}
            <Button
              size="sm"
              variant="secondary"
              aria-expanded={panel === 'edit'}
              onClick={() => setPanel(panel === 'edit' ? null : 'edit')}
            >
              {t('edit')}
            </Button>
            {stage.active ? (
              <Button
                size="sm"
                variant="secondary"
                aria-expanded={panel === 'remove'}
                onClick={() => setPanel(panel === 'remove' ? null : 'remove')}
              >
                {t('remove')}
              </Button>
            ) : null}
          </div>
        ) : null}
      </div>
      {panel === 'edit' ? <EditStageForm stage={stage} onDone={() => setPanel(null)} /> : null}
      {panel === 'remove' ? (
        <RemoveStageForm
          stage={stage}
          targets={all.filter((s) => s.active && s.id !== stage.id && s.kind === stage.kind)}
          onDone={() => setPanel(null)}
        />
      ) : null}
    </li>
  );
}

/** Name, probability, kind and rotting days: shared by the new and edit forms. */
function StageFields({ state, stage }: { state: ActionState; stage?: StageItem }) {
  const t = useTranslations('stages.form');
  const tk = useTranslations('stages.kinds');
  const v = state.values ?? {};
  const e = state.fieldErrors ?? {};
  return (
    <>
      <FormField label={t('name')} errors={e.name}>
        <Input name="name" defaultValue={v.name ?? stage?.name ?? ''} maxLength={60} required />
      </FormField>
      <FormField label={t('nameZh')} errors={e.nameZh} hint={t('nameZhHint')}>
        <Input name="nameZh" lang="zh-CN" defaultValue={v.nameZh ?? stage?.nameZh ?? ''} maxLength={60} />
      </FormField>
      <FormField label={t('probability')} errors={e.probability} hint={t('probabilityHint')}>
        <Input
          name="probability"
          type="number"
          min={0}
          max={100}
          inputMode="numeric"
          defaultValue={v.probability ?? String(stage?.probability ?? 10)}
          required
        />
      </FormField>
      <FormField label={t('kind')} errors={e.kind} hint={t('kindHint')}>
        <Select name="kind" defaultValue={v.kind ?? stage?.kind ?? 'open'}>
          {STAGE_KINDS.map((k) => (
            <option key={k} value={k}>
              {tk(k)}
            </option>
          ))}
        </Select>
      </FormField>
      <FormField label={t('rottingDays')} errors={e.rottingDays} hint={t('rottingHint')}>
        <Input
          name="rottingDays"
          type="number"
          min={1}
          max={3650}
          inputMode="numeric"
          defaultValue={v.rottingDays ?? (stage?.rottingDays === null || !stage ? '' : String(stage.rottingDays))}
        />
      </FormField>
    </>
  );
}

export function NewStageForm() {
  const t = useTranslations('stages.form');
  const [state, action, pending] = useActionState(createStageAction, initialActionState);
  const form = useFormFeedback(state);
  return (
    <form ref={form} action={action} className="grid gap-4 sm:grid-cols-2" noValidate aria-label={t('newLabel')}>
      <div className="sm:col-span-2">
        <FormMessage state={state} />
      </div>
      <StageFields state={state.ok ? initialActionState : state} />
      <div className="sm:col-span-2">
        <Button type="submit" disabled={pending}>
          {t('create')}
        </Button>
      </div>
    </form>
  );
}

function EditStageForm({ stage, onDone }: { stage: StageItem; onDone: () => void }) {
  const t = useTranslations('stages.form');
  const toast = useToast();
  const tm = useTranslations('messages');
  // The success toast is raised here, not by useFormFeedback: the refreshed list may move the stage
  // (active ↔ removed) and so unmount this form before its effects run.
  const [state, action, pending] = useActionState(async (prev: ActionState, form: FormData) => {
    const r = await updateStageAction(prev, form);
    if (!r.ok || !r.message) return r;
    toast(tm.has(r.message) ? tm(r.message) : r.message);
    return { ...r, message: undefined };
  }, initialActionState);
  const form = useFormFeedback(state);
  // After the feedback (its toast outlives this form): a saved form closes.
  useEffect(() => {
    if (state.ok) onDone();
  }, [state, onDone]);
  const v = state.values ?? {};
  return (
    <form
      ref={form}
      action={action}
      className="mt-3 grid gap-4 rounded-md border border-slate-200 bg-slate-50/60 p-3 sm:grid-cols-2"
      noValidate
      aria-label={t('editLabel', { name: stage.displayName })}
    >
      <input type="hidden" name="id" value={stage.id} />
      <input type="hidden" name="version" value={stage.version} />
      <div className="sm:col-span-2">
        <FormMessage state={state} />
      </div>
      <StageFields state={state} stage={stage} />
      <label className="flex items-center gap-2 text-sm text-slate-700 sm:col-span-2">
        <input
          type="checkbox"
          name="active"
          defaultChecked={v.active ? v.active === 'true' || v.active === 'on' : stage.active}
          className="h-4 w-4 rounded border-slate-300"
        />
        {t('active')}
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

function RemoveStageForm({ stage, targets, onDone }: { stage: StageItem; targets: StageItem[]; onDone: () => void }) {
  const t = useTranslations('stages.removeForm');
  const toast = useToast();
  const tm = useTranslations('messages');
  // The success toast is raised here, not by useFormFeedback: the refreshed list may move the stage
  // (active ↔ removed) and so unmount this form before its effects run.
  const [state, action, pending] = useActionState(async (prev: ActionState, form: FormData) => {
    const r = await removeStageAction(prev, form);
    if (!r.ok || !r.message) return r;
    toast(tm.has(r.message) ? tm(r.message) : r.message);
    return { ...r, message: undefined };
  }, initialActionState);
  const form = useFormFeedback(state);
  // After the feedback (its toast outlives this form): a saved form closes.
  useEffect(() => {
    if (state.ok) onDone();
  }, [state, onDone]);
  const e = state.fieldErrors ?? {};
  return (
    <form
      ref={form}
      action={action}
      className="mt-3 space-y-3 rounded-md border border-red-200 bg-red-50/40 p-3"
      noValidate
      aria-label={t('label', { name: stage.displayName })}
    >
      <input type="hidden" name="id" value={stage.id} />
      <input type="hidden" name="version" value={stage.version} />
      <p className="text-sm text-slate-700">{t('explain', { name: stage.displayName, deals: stage.dealCount })}</p>
      <FormMessage state={state} />
      {targets.length ? (
        <FormField label={t('target')} errors={e.targetId}>
          <Select name="targetId" defaultValue="">
            <option value="">{t('chooseTarget')}</option>
            {targets.map((s) => (
              <option key={s.id} value={s.id}>
                {s.displayName}
              </option>
            ))}
          </Select>
        </FormField>
      ) : (
        <p className="text-sm font-medium text-red-700">{t('noTarget')}</p>
      )}
      <div className="flex gap-2">
        <Button type="submit" variant="danger" disabled={pending || targets.length === 0}>
          {t('submit')}
        </Button>
        <Button type="button" variant="secondary" onClick={onDone}>
          {t('cancel')}
        </Button>
      </div>
    </form>
  );
}
