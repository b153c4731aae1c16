'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useId, useState, useTransition } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Input, Select } from '@/components/ui/input';
import { useToast } from '@/components/ui/toast';
import { moveDealAction } from '@/lib/sales/deals/board-actions';

type Stage = { id: string; name: string; kind: 'open' | 'won' | 'lost' };

/**
 * Moves the deal to another stage through the board's own action (version-checked, recorded in the
 * stage history). A won or lost stage asks for the reason first.
 */
export function DealStageForm({
  dealId,
  version,
  stageId,
  stages,
}: {
  dealId: string;
  version: number;
  stageId: string;
  stages: Stage[];
}) {
  const t = useTranslations('deals.page');
  const tm = useTranslations('messages');
  const router = useRouter();
  const toast = useToast();
  const [target, setTarget] = useState(stageId);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const [pending, start] = useTransition();
  const id = useId();
  const chosen = stages.find((s) => s.id === target);
  const closing = chosen?.kind === 'won' || chosen?.kind === 'lost';
  return (
    <form
      className="space-y-3"
      noValidate
      aria-label={t('changeStage')}
      onSubmit={(e) => {
        e.preventDefault();
        if (target === stageId) return;
        start(async () => {
          const r = await moveDealAction({
            dealId,
            version,
            toStageId: target,
            afterId: null,
            ...(closing ? { reason } : {}),
          });
          if (r.ok) {
            setError(null);
            toast(tm.has(r.message ?? '') ? tm(r.message!) : t('stageChanged', { stage: chosen?.name ?? '' }));
            setReason('');
            router.refresh();
          } else {
            const field = r.fieldErrors?.reason ? 'reason' : undefined;
            setError({ message: tm.has(r.message ?? '') ? tm(r.message!) : tm('invalid'), field });
          }
        });
      }}
    >
      {error ? <Alert tone="error">{error.message}</Alert> : null}
      <FormField label={t('newStage')}>
        <Select id={`${id}-stage`} value={target} onChange={(e) => setTarget(e.target.value)}>
          {stages.map((s) => (
            <option key={s.id} value={s.id}>
              {s.kind === 'open' ? s.name : t(s.kind === 'won' ? 'closeWon' : 'closeLost', { stage: s.name })}
            </option>
          ))}
        </Select>
      </FormField>
      {closing ? (
        <FormField
          label={chosen?.kind === 'won' ? t('wonReason') : t('lostReason')}
          errors={error?.field === 'reason' ? ['reasonRequired'] : undefined}
        >
          <Input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} required />
        </FormField>
      ) : null}
      <Button type="submit" disabled={pending || target === stageId}>
        {t('moveStage')}
      </Button>
    </form>
  );
}
