'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useEffect, useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { scanDuplicatesAction } from '@/lib/customers/duplicates/scan-actions';

/** "Scan now" (admins): queues a scan and says so; the page then shows it running. */
export function ScanButton({ pending }: { pending: boolean }) {
  const t = useTranslations('duplicates');
  const tm = useTranslations('messages');
  const router = useRouter();
  const [busy, start] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
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
            setMessage({ ok: result.ok, text: tm.has(key) ? tm(key) : key });
            router.refresh();
          })
        }
      >
        {t('scanNow')}
      </Button>
      {/* Announced politely (errors assertively); the status line below then says a scan is running. */}
      <span role={message && !message.ok ? 'alert' : 'status'} className="text-sm text-slate-600">
        {message?.text}
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
