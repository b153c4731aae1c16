'use client';

import { Pencil } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useActionState, useEffect, useId, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import type { ActionState } from '@/lib/action-state';
import { setQuotaAction } from '@/lib/sales/quota-actions';

/**
 * A rep's quota for a month, with an Edit button for managers: the amount (empty clears it), saved
 * with the version read, so a quota someone else changed meanwhile is not overwritten.
 */
export function QuotaCell({
  userId,
  userName,
  month,
  amount,
  display,
  version,
}: {
  userId: string;
  userName: string;
  month: string;
  amount: string | null;
  display: string;
  version: number | null;
}) {
  const t = useTranslations('sales.forecast.quota');
  const tm = useTranslations('messages');
  const tv = useTranslations('validation');
  const [editing, setEditing] = useState(false);
  const [state, action, pending] = useActionState<ActionState<{ version: number | null }> | null, FormData>(
    setQuotaAction,
    null,
  );
  const input = useRef<HTMLInputElement>(null);
  const errorId = useId();
  useEffect(() => {
    if (state?.ok) setEditing(false);
  }, [state]);
  useEffect(() => {
    if (editing) input.current?.focus();
  }, [editing]);
  const label = t('label', { name: userName, month });
  if (!editing)
    return (
      <span className="inline-flex items-center gap-1">
        <span>{display}</span>
        <button
          type="button"
          onClick={() => setEditing(true)}
          className="rounded p-1 text-slate-500 hover:bg-slate-100 hover:text-slate-800"
          aria-label={t('edit', { name: userName, month })}
        >
          <Pencil aria-hidden className="h-3.5 w-3.5" />
        </button>
        {state?.ok ? (
          <span role="status" className="sr-only">
            {tm('saved')}
          </span>
        ) : null}
      </span>
    );
  const fieldError = state && !state.ok ? (state.fieldErrors?.amount?.[0] ?? null) : null;
  const error =
    state && !state.ok
      ? fieldError
        ? tv.has(fieldError)
          ? tv(fieldError)
          : t('invalid')
        : tm.has(state.message ?? '')
          ? tm(state.message!)
          : tm('invalid')
      : null;
  return (
    <form action={action} className="flex min-w-56 flex-wrap items-center justify-end gap-1">
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="month" value={month} />
      <input type="hidden" name="version" value={version ?? 0} />
      <Input
        ref={input}
        name="amount"
        inputMode="decimal"
        defaultValue={amount === null ? '' : String(amount)}
        aria-label={label}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        className="h-8 w-28 text-right"
        onKeyDown={(e) => {
          if (e.key === 'Escape') setEditing(false);
        }}
      />
      <Button type="submit" size="sm" disabled={pending}>
        {t('save')}
      </Button>
      <Button type="button" size="sm" variant="ghost" onClick={() => setEditing(false)}>
        {t('cancel')}
      </Button>
      {error ? (
        <p id={errorId} role="alert" className="w-full text-right text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </form>
  );
}
