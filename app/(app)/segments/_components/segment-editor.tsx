'use client';

import { useRouter } from 'next/navigation';
import { useFormatter, useTranslations } from 'next-intl';
import { useEffect, useMemo, useState, useTransition } from 'react';
import { FormMessage } from '@/components/forms/form-message';
import { useFormFeedback } from '@/components/forms/use-form-feedback';
import { Button } from '@/components/ui/button';
import { Card, CardBody } from '@/components/ui/card';
import { FormField } from '@/components/ui/form-field';
import { Input, Textarea } from '@/components/ui/input';
import { useToast } from '@/components/ui/toast';
import { type ActionState, initialActionState } from '@/lib/action-state';
import { type Group, SegmentRuleSchema } from '@/lib/marketing/segments/rules';
import {
  createSegmentAction,
  deleteSegmentAction,
  freezeSegmentAction,
  previewSegmentAction,
  updateSegmentAction,
} from '@/lib/marketing/segments/segment-actions';
import type { SegmentDetail, SegmentPreview } from '@/lib/marketing/segments/segments';
import { type BuilderOptions, type EditGroup, GroupEditor, toRule, withKeys } from './rule-builder';

export type { BuilderOptions } from './rule-builder';

/** How long the builder waits after the last change before it asks for a new count. */
const PREVIEW_DELAY_MS = 400;

type Props = { segment?: SegmentDetail; options: BuilderOptions; canWrite: boolean };

/** Name, rule builder and live preview of a segment; save, freeze, export and delete on an existing one. */
export function SegmentEditor({ segment, options, canWrite }: Props) {
  const t = useTranslations('segments');
  const format = useFormatter();
  const [name, setName] = useState(segment?.name ?? '');
  const [description, setDescription] = useState(segment?.description ?? '');
  const [tree, setTree] = useState<EditGroup>(
    () => withKeys(segment?.rule ?? { type: 'group', match: 'all', children: [] }) as EditGroup,
  );
  const [state, setState] = useState<ActionState>(initialActionState);
  const [submitted, setSubmitted] = useState(false);
  const [saving, startSaving] = useTransition();
  const form = useFormFeedback(state, { redirect: (s) => (!segment && s.id ? `/segments/${s.id}` : null) });
  const router = useRouter();

  const rule = useMemo(() => toRule(tree), [tree]);
  const checked = useMemo(() => SegmentRuleSchema.safeParse(rule), [rule]);
  // Problems are shown once the user tried to save (or the server refused), not while typing.
  const errors = useMemo(() => {
    const map = new Map<string, string>();
    if (!checked.success && submitted)
      for (const issue of checked.error.issues) {
        const key = issue.path.join('.');
        if (!map.has(key)) map.set(key, issue.message);
      }
    return map;
  }, [checked, submitted]);
  const ruleError = state.fieldErrors?.rule?.[0];

  function save() {
    setSubmitted(true);
    if (!checked.success) {
      setState({ ok: false, message: 'fixFields', fieldErrors: { rule: [t('form.fixRules')] } });
      return;
    }
    startSaving(async () => {
      const input = { name, description, rule: checked.data };
      const result = segment
        ? await updateSegmentAction({ ...input, id: segment.id, version: segment.version })
        : await createSegmentAction(input);
      setState(result);
      if (result.ok && segment) router.refresh();
    });
  }

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
      <form
        ref={form}
        noValidate
        className="space-y-6"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <Card>
          <CardBody className="space-y-4">
            <FormMessage state={state} />
            <div className="grid gap-4 sm:grid-cols-2">
              <FormField label={t('form.name')} errors={state.fieldErrors?.name}>
                <Input
                  name="name"
                  value={name}
                  onChange={(e) => setName(e.target.value)}
                  maxLength={120}
                  required
                  disabled={!canWrite}
                />
              </FormField>
              <FormField label={t('form.description')} errors={state.fieldErrors?.description}>
                <Textarea
                  name="description"
                  value={description}
                  onChange={(e) => setDescription(e.target.value)}
                  maxLength={1000}
                  rows={1}
                  disabled={!canWrite}
                />
              </FormField>
            </div>
          </CardBody>
        </Card>
        <Card>
          <CardBody className="space-y-3">
            <div>
              <h2 className="text-base font-semibold text-slate-900">{t('form.rules')}</h2>
              <p className="text-sm text-slate-500">{t('form.rulesHint')}</p>
            </div>
            {segment?.kind === 'static' && segment.lastComputedAt ? (
              <p className="rounded-md bg-violet-50 p-2 text-sm text-violet-800">
                {t('detail.staticNote', {
                  at: format.dateTime(segment.lastComputedAt, { dateStyle: 'medium', timeStyle: 'short' }),
                })}
              </p>
            ) : null}
            {ruleError && ruleError !== t('form.fixRules') ? (
              <p className="text-sm text-red-600" role="alert">
                {ruleError}
              </p>
            ) : null}
            <GroupEditor
              group={tree}
              onChange={setTree}
              depth={1}
              path=""
              errors={errors}
              options={options}
              disabled={!canWrite}
            />
          </CardBody>
        </Card>
        {canWrite ? (
          <div className="flex flex-wrap gap-2">
            <Button type="submit" disabled={saving}>
              {saving ? t('form.saving') : t('form.save')}
            </Button>
          </div>
        ) : null}
      </form>
      <aside className="space-y-6">
        <PreviewPanel rule={checked.success ? checked.data : null} />
        {segment ? <SegmentActions segment={segment} canWrite={canWrite} /> : null}
      </aside>
    </div>
  );
}

/** The live count and sample: asked for after the rule stops changing, for a valid rule only. */
function PreviewPanel({ rule }: { rule: Group | null }) {
  const t = useTranslations('segments.preview');
  const [preview, setPreview] = useState<SegmentPreview | null>(null);
  const [loading, setLoading] = useState(false);
  const key = rule ? JSON.stringify(rule) : null;

  useEffect(() => {
    if (!key) return;
    let current = true;
    setLoading(true);
    const timer = setTimeout(async () => {
      const result = await previewSegmentAction({ rule: JSON.parse(key) });
      if (!current) return;
      setLoading(false);
      if (result.ok && result.data) setPreview(result.data);
    }, PREVIEW_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [key]);

  const count = preview?.count;
  return (
    <Card>
      <CardBody className="space-y-3">
        <h2 className="text-base font-semibold text-slate-900">{t('title')}</h2>
        <p
          aria-live="polite"
          aria-busy={loading}
          className="text-lg font-semibold text-slate-900"
          data-testid="segment-count"
        >
          {!key
            ? t('invalid')
            : !count
              ? t('loading')
              : count.exact
                ? t('count', { count: count.value })
                : t('countMore', { count: count.value })}
        </p>
        {preview && key ? (
          preview.sample.length === 0 ? (
            <p className="text-sm text-slate-500">{t('none')}</p>
          ) : (
            <div>
              <h3 className="mb-2 text-sm font-medium text-slate-700">{t('sample')}</h3>
              <ul className="divide-y divide-slate-100 text-sm" aria-label={t('sample')}>
                {preview.sample.map((c) => (
                  <li key={c.id} className="flex items-baseline justify-between gap-2 py-1.5">
                    <a href={`/customers/${c.id}`} className="min-w-0 truncate text-brand-700 hover:underline">
                      {c.name}
                    </a>
                    <span className="shrink-0 text-xs text-slate-500">{c.country ?? ''}</span>
                  </li>
                ))}
              </ul>
            </div>
          )
        ) : null}
      </CardBody>
    </Card>
  );
}

/** Export, freeze and delete of a saved segment (freeze and delete for marketers and admins). */
function SegmentActions({ segment, canWrite }: { segment: SegmentDetail; canWrite: boolean }) {
  const t = useTranslations('segments.detail');
  const tm = useTranslations('messages');
  const format = useFormatter();
  const toast = useToast();
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const run = (action: () => Promise<ActionState>, after: (s: ActionState) => void) =>
    start(async () => {
      const result = await action();
      if (!result.ok) setError(result.message ? (tm.has(result.message) ? tm(result.message) : result.message) : null);
      else after(result);
    });
  return (
    <Card>
      <CardBody className="space-y-3">
        {segment.memberCount !== null ? (
          <p className="text-sm text-slate-700">
            {t('members', { count: segment.memberCount })}
            {segment.lastComputedAt
              ? ` · ${t('computed', { at: format.dateTime(segment.lastComputedAt, { dateStyle: 'medium', timeStyle: 'short' }) })}`
              : ''}
          </p>
        ) : null}
        {error ? (
          <p role="alert" className="text-sm text-red-600">
            {error}
          </p>
        ) : null}
        <div className="flex flex-col gap-2">
          <Button asChild variant="secondary">
            <a href={`/segments/${segment.id}/export`} download>
              {t('export')}
            </a>
          </Button>
          {canWrite ? (
            <>
              <Button
                type="button"
                variant="secondary"
                disabled={pending}
                onClick={() =>
                  run(
                    () => freezeSegmentAction({ id: segment.id, version: segment.version }),
                    (s) => {
                      if (s.message) toast(tm(s.message));
                      router.refresh();
                    },
                  )
                }
              >
                {segment.kind === 'static' ? t('refreeze') : t('freeze')}
              </Button>
              <p className="text-xs text-slate-500">{t('freezeHint')}</p>
              <Button
                type="button"
                variant="danger"
                disabled={pending}
                onClick={() => {
                  if (!window.confirm(t('confirmDelete'))) return;
                  run(
                    () => deleteSegmentAction({ id: segment.id, version: segment.version }),
                    (s) => {
                      if (s.message) toast(tm(s.message));
                      router.push('/segments');
                    },
                  );
                }}
              >
                {t('delete')}
              </Button>
            </>
          ) : null}
        </div>
      </CardBody>
    </Card>
  );
}
