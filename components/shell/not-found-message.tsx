import { getTranslations } from 'next-intl/server';
import Link from '@/components/ui/link';

/** "Page not found": for a missing or forbidden record (inside the app shell) and for unknown URLs. */
export async function NotFoundMessage() {
  const t = await getTranslations('common');
  return (
    <div className="flex min-h-[60vh] flex-col items-center justify-center gap-3 px-4 text-center">
      <p className="text-sm font-semibold text-brand-600">404</p>
      <h1 className="text-2xl font-semibold">{t('notFoundTitle')}</h1>
      <p className="text-sm text-slate-500">{t('notFoundBody')}</p>
      <Link href="/" className="text-sm font-medium text-brand-700 hover:underline">
        {t('goHome')}
      </Link>
    </div>
  );
}
