'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useEffect, useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';
import { scanDuplicatesAction } from '@/lib/customers/duplicates/scan-actions';

/**
 * "Scan now" (admins): queues a scan. Its confirmation is a toast like every other one (it goes
 * away: the page's "Scanning…" line then says the scan is running, and the scan line when it has
 * finished); a refusal stays beside the button.
 */
export function ScanButton({ pending }: { pending: boolean }) {
  const t = useTranslations('duplicates');
  const tm = useTranslations('messages');
  const router = useRouter();
  const toast = useToast();
  const [busy, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="flex flex-wrap items-center gap-2">
      <Button
        type="button"
        variant="secondary"
        disabled={busy || pending}
        onClick={() =>
          start(async () => {
            const result = await scanDuplicatesAction({});
            const key = result.message ?? (result.ok ? 'duplicateScanQueued' : 'invalid');
            const text = tm.has(key) ? tm(key) : key;
            if (result.ok) toast(text);
            setError(result.ok ? null : text);
            router.refresh();
          })
        }
      >
        {t('scanNow')}
      </Button>
      <span role="alert" className="text-sm text-red-700">
        {error}
      </span>
    </span>
  );
}

/** While a scan is waiting or running, re-renders the page every few seconds until it is done. */
export function RefreshWhileScanning({ seconds = 4 }: { seconds?: number }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => router.refresh(), seconds * 1000);
    return () => clearInterval(timer);
  }, [router, seconds]);
  return null;
}
