import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { LanguageSwitcher } from '@/components/shell/language-switcher';
import { namedCaptureFields } from '@/lib/sales/leads/capture-fields';
import { firstValues } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Thank you' };

/** Where the public lead form sends a visitor (unless Settings names the company's own page). No session. */
export default async function LeadThanksPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const raw = firstValues(await searchParams);
  const t = await getTranslations('leads.thanks');
  const tf = await getTranslations('leads.form');
  const invalid = raw.status === 'invalid';
  const fields = namedCaptureFields(raw.fields)
    .map((f) => tf(f))
    .join(', ');
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <div className="w-full max-w-md rounded-lg border border-slate-200 bg-white p-6 text-center shadow-sm">
        <h1 className="text-2xl font-semibold tracking-tight">{invalid ? t('invalidTitle') : t('title')}</h1>
        <p className="mt-3 text-slate-600">{invalid ? t('invalidBody', { fields: fields || '—' }) : t('body')}</p>
      </div>
      <div className="mt-6">
        <LanguageSwitcher />
      </div>
    </main>
  );
}
