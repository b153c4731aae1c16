'use client';

import { useTranslations } from 'next-intl';
import { useActionState, useState, useTransition } from 'react';
import { SCORE_RULE_KINDS, type ScoreRuleKind } from '@/analytics/lead-score';
import { FormMessage } from '@/components/forms/form-message';
import { useFormFeedback } from '@/components/forms/use-form-feedback';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Input, Select } from '@/components/ui/input';
import { useToast } from '@/components/ui/toast';
import { initialActionState } from '@/lib/action-state';
import { createScoreRuleAction, deleteScoreRuleAction, updateScoreRuleAction } from '@/lib/sales/leads/lead-actions';
import type { ScoreRuleRow } from '@/lib/sales/leads/score-rules';

/** One rule: its kind fixed, value / points / active editable by admins (version-locked). */
export function RuleRow({ rule, editable }: { rule: ScoreRuleRow; editable: boolean }) {
  const t = useTranslations('leads.scoring');
  const tm = useTranslations('messages');
  const toast = useToast();
  const [state, action, pending] = useActionState(updateScoreRuleAction, initialActionState);
  const form = useFormFeedback(state);
  const [deleting, startDelete] = useTransition();
  const v = state.values ?? {};
  const e = state.fieldErrors ?? {};
  const kind = t(`kinds.${rule.kind}`);
  return (
    <form
      ref={form}
      action={action}
      className="grid grid-cols-2 items-end gap-3 sm:grid-cols-[10rem_1fr_6rem_auto_auto]"
      noValidate
      key={rule.version}
    >
      <input type="hidden" name="id" value={rule.id} />
      <input type="hidden" name="version" value={rule.version} />
      <input type="hidden" name="kind" value={rule.kind} />
      <div className="col-span-2 sm:col-span-5">
        <FormMessage state={state} />
      </div>
      <p className="col-span-2 text-sm font-medium text-slate-700 sm:col-span-1 sm:pb-2">{kind}</p>
      <FormField label={t('value')} errors={e.value}>
        <Input name="value" defaultValue={v.value ?? rule.value} disabled={!editable} maxLength={100} />
      </FormField>
      <FormField label={t('points')} errors={e.points}>
        <Input
          name="points"
          type="number"
          min={-100}
          max={100}
          defaultValue={v.points ?? rule.points}
          disabled={!editable}
        />
      </FormField>
      <label className="flex items-center gap-2 pb-2 text-sm text-slate-700">
        <input
          type="checkbox"
          name="active"
          defaultChecked={state.values ? v.active === 'on' : rule.active}
          disabled={!editable}
          className="h-4 w-4 rounded border-slate-300"
        />
        {t('active')}
      </label>
      {editable ? (
        <div className="flex gap-2 pb-0.5">
          <Button type="submit" size="sm" disabled={pending}>
            {t('save')}
          </Button>
          <Button
            type="button"
            size="sm"
            variant="secondary"
            disabled={deleting}
            aria-label={t('deleteRule', { kind, value: rule.value })}
            onClick={() =>
              startDelete(async () => {
                const r = await deleteScoreRuleAction(rule.id);
                if (r.message) toast(tm.has(r.message) ? tm(r.message) : r.message);
              })
            }
          >
            {t('delete')}
          </Button>
        </div>
      ) : null}
    </form>
  );
}

export function NewRuleForm() {
  const t = useTranslations('leads.scoring');
  const [state, action, pending] = useActionState(createScoreRuleAction, initialActionState);
  const form = useFormFeedback(state);
  const v = state.values ?? {};
  const e = state.fieldErrors ?? {};
  const [kind, setKind] = useState<ScoreRuleKind>((v.kind as ScoreRuleKind) ?? 'source');
  return (
    <form ref={form} action={action} className="grid max-w-2xl gap-4 sm:grid-cols-3" noValidate>
      <div className="sm:col-span-3">
        <FormMessage state={state} />
      </div>
      <FormField label={t('kind')} errors={e.kind}>
        <Select name="kind" value={kind} onChange={(ev) => setKind(ev.target.value as ScoreRuleKind)}>
          {SCORE_RULE_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`kinds.${k}`)}
            </option>
          ))}
        </Select>
      </FormField>
      <FormField label={t('value')} errors={e.value} hint={t(`valueHints.${kind}`)}>
        <Input name="value" defaultValue={v.value ?? ''} maxLength={100} />
      </FormField>
      <FormField label={t('points')} errors={e.points}>
        <Input name="points" type="number" min={-100} max={100} defaultValue={v.points ?? ''} />
      </FormField>
      <input type="hidden" name="active" value="on" />
      <div className="sm:col-span-3">
        <Button type="submit" disabled={pending}>
          {t('add')}
        </Button>
      </div>
    </form>
  );
}
