'use client';

import * as Dialog from '@radix-ui/react-dialog';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useActionState, useId, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { cn } from '@/components/ui/cn';
import { Table, Td, Th } from '@/components/ui/table';
import { initialActionState } from '@/lib/action-state';
import { mergeCustomersAction } from '@/lib/customers/duplicates/merge-actions';
import {
  defaultChoices,
  defaultSurvivor,
  MERGE_FIELDS,
  type MergeChoices,
  type MergeField,
  RELATED,
  type RelatedCounts,
  type Side,
  type SideFacts,
} from '@/lib/customers/duplicates/merge-rules';

/** One customer as the form shows it: display strings only, plus the facts the default rules need. */
export type MergeFormSide = {
  id: string;
  version: number;
  name: string;
  created: string;
  ownerName: string | null;
  tags: string[];
  counts: RelatedCounts;
  display: Record<MergeField, string | null>;
  facts: SideFacts;
};

const other = (s: Side): Side => (s === 'a' ? 'b' : 'a');

export function MergeForm({ a, b, sharedCampaigns }: { a: MergeFormSide; b: MergeFormSide; sharedCampaigns: number }) {
  const t = useTranslations('customerMerge');
  const tm = useTranslations('messages');
  const router = useRouter();
  const [state, action, pending] = useActionState(mergeCustomersAction, initialActionState);
  const [survivor, setSurvivor] = useState<Side>(() => defaultSurvivor(a.facts, b.facts));
  const [choices, setChoices] = useState<MergeChoices>(() =>
    defaultChoices(a.facts, b.facts, defaultSurvivor(a.facts, b.facts)),
  );
  // React resets the form after every submit, refused ones included, and a reset puts each radio
  // back to the first render's choice while the state (badges, warning) keeps the user's. The
  // radios are remounted after a reset, so what they show, and send, is the state again.
  const [generation, setGeneration] = useState(0);
  const formId = useId();

  const sides = { a, b };
  const record = (s: Side) => t(s === 'a' ? 'recordA' : 'recordB');
  // Picking the other survivor re-applies the defaults for it: its own values, unless empty.
  const chooseSurvivor = (s: Side) => {
    setSurvivor(s);
    setChoices(defaultChoices(a.facts, b.facts, s));
  };
  const message = state.message ? (tm.has(state.message) ? tm(state.message) : state.message) : null;
  const [confirming, setConfirming] = useState(false);
  const warning = t('warning', {
    loser: `${record(other(survivor))} (${sides[other(survivor)].name})`,
    survivor: `${record(survivor)} (${sides[survivor].name})`,
  });

  return (
    <form
      id={formId}
      action={action}
      onSubmit={() => setConfirming(false)}
      onReset={() => setGeneration((g) => g + 1)}
      className="space-y-6"
    >
      <input type="hidden" name="a" value={a.id} />
      <input type="hidden" name="b" value={b.id} />
      <input type="hidden" name="aVersion" value={a.version} />
      <input type="hidden" name="bVersion" value={b.version} />
      {message ? (
        <Alert tone={state.ok ? 'success' : 'error'} className="flex items-center justify-between gap-3">
          <span>{message}</span>
          {state.message === 'stale' ? (
            <Button type="button" size="sm" variant="secondary" onClick={() => router.refresh()}>
              {t('reload')}
            </Button>
          ) : null}
        </Alert>
      ) : null}

      <fieldset className="grid gap-3 md:grid-cols-2">
        <legend className="mb-2 text-sm font-semibold text-slate-900">{t('survivorLegend')}</legend>
        {(['a', 'b'] as const).map((s) => (
          <label
            key={s}
            className={cn(
              'flex cursor-pointer gap-3 rounded-lg border bg-white p-4',
              survivor === s ? 'border-brand-500 ring-2 ring-brand-100' : 'border-slate-200',
            )}
          >
            <input
              key={generation}
              type="radio"
              name="survivor"
              value={s}
              checked={survivor === s}
              onChange={() => chooseSurvivor(s)}
              className="mt-1"
            />
            <span className="space-y-1">
              <span className="block font-medium text-slate-900">
                {t('survivorOption', { record: record(s), name: sides[s].name })}
              </span>
              <span className="block text-xs text-slate-500">
                {t('survivorMeta', { date: sides[s].created, owner: sides[s].ownerName ?? t('noOwner') })}
              </span>
              <Badge tone={survivor === s ? 'green' : 'gray'}>
                {survivor === s ? t('survivorBadge') : t('loserBadge')}
              </Badge>
            </span>
          </label>
        ))}
      </fieldset>

      <Card>
        <CardHeader title={t('fieldsTitle')} description={t('fieldsHint')} />
        {/* On a phone each field is a row of its own: the field name, then record A and B side by side. */}
        <Table aria-label={t('fieldsTableLabel')}>
          <thead className="max-sm:hidden">
            <tr>
              <Th>{t('field')}</Th>
              <Th>{t('survivorOption', { record: record('a'), name: a.name })}</Th>
              <Th>{t('survivorOption', { record: record('b'), name: b.name })}</Th>
            </tr>
          </thead>
          <tbody>
            {MERGE_FIELDS.map((field) => (
              <tr key={field} className="max-sm:grid max-sm:grid-cols-2 max-sm:border-b max-sm:border-slate-200">
                <Th
                  scope="row"
                  className="w-40 bg-white normal-case max-sm:col-span-2 max-sm:w-auto max-sm:border-b-0 max-sm:pb-0"
                >
                  {t(`fields.${field}`)}
                </Th>
                {(['a', 'b'] as const).map((s) => (
                  <Td key={s} className={cn('max-sm:border-b-0', choices[field] === s && 'bg-brand-50/50')}>
                    <span className="mb-1 block text-xs text-slate-500 sm:hidden">{record(s)}</span>
                    <label className="flex cursor-pointer items-start gap-2">
                      <input
                        key={generation}
                        type="radio"
                        name={`choice.${field}`}
                        value={s}
                        checked={choices[field] === s}
                        onChange={() => setChoices((c) => ({ ...c, [field]: s }))}
                        aria-label={t('pickAria', { field: t(`fields.${field}`), record: record(s) })}
                        className="mt-0.5"
                      />
                      <span
                        className={cn(
                          'whitespace-pre-wrap wrap-anywhere',
                          sides[s].display[field] === null && 'text-slate-400',
                        )}
                      >
                        {sides[s].display[field] ?? t('empty')}
                      </span>
                    </label>
                  </Td>
                ))}
              </tr>
            ))}
            <tr className="max-sm:grid max-sm:grid-cols-2">
              <Th scope="row" className="bg-white normal-case max-sm:col-span-2 max-sm:border-b-0 max-sm:pb-0">
                {t('tags')}
              </Th>
              {(['a', 'b'] as const).map((s) => (
                <Td key={s}>
                  <span className="mb-1 block text-xs text-slate-500 sm:hidden">{record(s)}</span>
                  <span className="flex flex-wrap gap-1">
                    {sides[s].tags.length ? (
                      sides[s].tags.map((tag) => <Badge key={tag}>{tag}</Badge>)
                    ) : (
                      <span className="text-slate-400">{t('empty')}</span>
                    )}
                  </span>
                </Td>
              ))}
            </tr>
          </tbody>
        </Table>
        <CardBody className="space-y-1 text-xs text-slate-500">
          <p>{t('tagsUnion')}</p>
          <p>{t('consentRule')}</p>
        </CardBody>
      </Card>

      <Card>
        <CardHeader title={t('relatedTitle')} description={t('relatedHint')} />
        <Table label={t('relatedTitle')} aria-label={t('table')}>
          <thead>
            <tr>
              <Th>{t('relatedTitle')}</Th>
              <Th className="text-right">{record('a')}</Th>
              <Th className="text-right">{record('b')}</Th>
              <Th className="text-right">{t('afterMerge')}</Th>
            </tr>
          </thead>
          <tbody>
            {RELATED.map((r) => (
              <tr key={r}>
                <Th scope="row" className="bg-white normal-case">
                  {t(`related.${r}`)}
                </Th>
                <Td className="text-right tabular-nums">{a.counts[r]}</Td>
                <Td className="text-right tabular-nums">{b.counts[r]}</Td>
                {/* A campaign both were in keeps one membership. */}
                <Td className="text-right font-medium tabular-nums">
                  {a.counts[r] + b.counts[r] - (r === 'campaignMembers' ? sharedCampaigns : 0)}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>

      <Alert tone="warning">{warning}</Alert>
      {/* A merge cannot be undone: it asks once more. The confirm button submits this form by id
          (the dialog renders outside it). */}
      <Dialog.Root open={confirming} onOpenChange={setConfirming}>
        <Dialog.Trigger asChild>
          <Button type="button" variant="danger" disabled={pending}>
            {pending ? t('merging') : t('submit')}
          </Button>
        </Dialog.Trigger>
        <Dialog.Portal>
          <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
          <Dialog.Content className="fixed top-1/2 left-1/2 z-50 w-[92vw] max-w-md -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-6 shadow-xl">
            <Dialog.Title className="text-lg font-semibold">{t('confirmTitle')}</Dialog.Title>
            <Dialog.Description className="mt-2 text-sm text-slate-600">{warning}</Dialog.Description>
            <div className="mt-6 flex justify-end gap-2">
              <Dialog.Close asChild>
                <Button type="button" variant="secondary">
                  {t('cancel')}
                </Button>
              </Dialog.Close>
              <Button type="submit" form={formId} variant="danger">
                {t('submit')}
              </Button>
            </div>
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>
    </form>
  );
}
