'use client';

import { RefreshCw } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { recalculateAttributionAction } from '@/lib/marketing/attribution/attribution-actions';

/** "Recalculate": queues the attribution job (one campaign, or every open window), then reloads the numbers shortly after. */
export function RecalculateButton({ campaignId }: { campaignId?: string }) {
  const t = useTranslations('marketingDashboard');
  const tm = useTranslations('messages');
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const recalculate = () =>
    start(async () => {
      const r = await recalculateAttributionAction(campaignId ? { campaignId } : {});
      setMessage(tm.has(r.message ?? '') ? tm(r.message!) : tm('invalid'));
      if (r.ok) setTimeout(() => router.refresh(), 3_000);
    });
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button type="button" variant="secondary" onClick={recalculate} disabled={pending}>
        <RefreshCw aria-hidden className="h-4 w-4" />
        {t('recalculate')}
      </Button>
      <p aria-live="polite" className="text-sm text-slate-600">
        {message}
      </p>
    </div>
  );
}
