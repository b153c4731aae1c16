'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { useToast, withFlash } from '@/components/ui/toast';
import type { ActionState } from '@/lib/action-state';
import { acceptQuoteAction, rejectQuoteAction, sendQuoteAction } from '@/lib/sales/quotes/quote-actions';
import type { QuoteStatus } from '@/lib/sales/quotes/schemas';

/** The status steps the viewer may take now: send a draft; accept or reject a sent quote (an expired one: reject). */
export function QuoteActions({ id, version, status }: { id: string; version: number; status: QuoteStatus }) {
  const t = useTranslations('quotes');
  const tm = useTranslations('messages');
  const router = useRouter();
  const toast = useToast();
  const [pending, start] = useTransition();
  const [failed, setFailed] = useState<ActionState | null>(null);
  const run = (action: typeof sendQuoteAction, leadsToOrder = false) =>
    start(async () => {
      const result = await action({ id, version });
      if (!result.ok) {
        setFailed(result);
        return;
      }
      setFailed(null);
      if (leadsToOrder && result.id) router.push(withFlash(`/orders/${result.id}`, result.message));
      else {
        if (result.message) toast(tm(result.message));
        router.refresh();
      }
    });
  return (
    <div className="space-y-2">
      {failed?.message ? (
        <Alert tone="error">{tm.has(failed.message) ? tm(failed.message, failed.messageParams) : failed.message}</Alert>
      ) : null}
      <div className="flex flex-wrap gap-2">
        {status === 'draft' ? (
          <Button type="button" disabled={pending} onClick={() => run(sendQuoteAction)}>
            {t('send')}
          </Button>
        ) : null}
        {status === 'sent' ? (
          <Button type="button" disabled={pending} onClick={() => run(acceptQuoteAction, true)}>
            {t('accept')}
          </Button>
        ) : null}
        {status === 'sent' || status === 'expired' ? (
          <Button type="button" variant="secondary" disabled={pending} onClick={() => run(rejectQuoteAction)}>
            {t('reject')}
          </Button>
        ) : null}
      </div>
      {status === 'sent' ? <p className="text-sm text-slate-500">{t('acceptHint')}</p> : null}
      {status === 'expired' ? <p className="text-sm text-amber-800">{t('expiredHint')}</p> : null}
    </div>
  );
}
