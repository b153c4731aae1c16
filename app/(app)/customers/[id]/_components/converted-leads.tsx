import { getFormatter, getTranslations } from 'next-intl/server';
import Link from '@/components/ui/link';
import type { Viewer } from '@/lib/auth/permissions';
import { listCustomerLeads } from '@/lib/sales/leads/leads';

/** The leads this customer was converted from (those the viewer may see), linked: nothing when none. */
export async function ConvertedLeads({ viewer, customerId }: { viewer: Viewer; customerId: string }) {
  const found = await listCustomerLeads(viewer, customerId);
  if (found.length === 0) return null;
  const [t, format] = await Promise.all([getTranslations('leads.customer360'), getFormatter()]);
  return (
    <section aria-label={t('title')} className="mb-4 rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm">
      <span className="font-medium text-slate-700">{t('title')}: </span>
      {found.map((l, i) => (
        <span key={l.id}>
          {i > 0 ? ', ' : null}
          <Link href={`/leads/${l.id}`} className="text-brand-700 underline">
            {l.name}
          </Link>{' '}
          {l.convertedAt ? (
            <span className="text-slate-500">
              ({t('convertedOn', { date: format.dateTime(l.convertedAt, { dateStyle: 'medium' }) })})
            </span>
          ) : null}
        </span>
      ))}
    </section>
  );
}
