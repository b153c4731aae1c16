import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { PublicMessage, PublicPage } from '@/components/public/public-page';
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
    <PublicPage>
      <PublicMessage
        title={invalid ? t('invalidTitle') : t('title')}
        text={invalid ? t('invalidBody', { fields: fields || '—' }) : t('body')}
      />
    </PublicPage>
  );
}
