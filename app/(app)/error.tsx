'use client';

import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';

// Unexpected failures land here; the message never includes internals.
export default function AppError({ reset, error }: { reset: () => void; error: Error & { digest?: string } }) {
  const t = useTranslations('common');
  return (
    <div role="alert" className="mx-auto max-w-md py-16 text-center">
      <h1 className="text-xl font-semibold">{t('errorTitle')}</h1>
      <p className="mt-2 text-sm text-slate-500">{t('errorBody')}</p>
      {error.digest ? <p className="mt-1 text-xs text-slate-400">{t('errorRef', { ref: error.digest })}</p> : null}
      <Button className="mt-4" onClick={reset}>
        {t('retry')}
      </Button>
    </div>
  );
}
