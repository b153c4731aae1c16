import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { QuoteItemsTable, QuoteTotalsList } from '@/app/(app)/quotes/_components/quote-summary';
import Link from '@/components/ui/link';
import { requirePermission } from '@/lib/auth/viewer';
import { getQuote } from '@/lib/sales/quotes/quotes';
import { getSettings } from '@/lib/settings/settings';
import { PrintButton } from './print-button';

export const metadata: Metadata = { title: 'Quote' };

// A quote as a document: the browser's Print (to PDF) gives a clean A4 page (globals.css sets the
// page size and margins; the buttons are hidden on paper). Same access as the quote page.
export default async function QuotePrintPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePermission('quotes:read');
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const quote = await getQuote(viewer, id);
  if (!quote) notFound();
  const [t, format, settings] = await Promise.all([getTranslations('quotes'), getFormatter(), getSettings()]);
  const day = (d: string) => format.dateTime(new Date(`${d}T00:00:00Z`), { dateStyle: 'long', timeZone: 'UTC' });
  return (
    <article className="quote-print text-sm">
      <div className="mb-6 flex flex-wrap items-center justify-between gap-2 print:hidden">
        <Link href={`/quotes/${quote.id}`} className="text-brand-700 hover:underline">
          {t('printBack')}
        </Link>
        <PrintButton label={t('printNow')} />
      </div>
      <header className="mb-8 flex flex-col justify-between gap-6 border-b border-slate-300 pb-6 sm:flex-row print:flex-row">
        <div>
          <p className="text-xl font-semibold">{settings.companyName}</p>
        </div>
        <div className="sm:text-right print:text-right">
          <h1 className="text-2xl font-semibold tracking-tight">{t('printQuote')}</h1>
          <p className="font-mono">{quote.number}</p>
          <p className="text-slate-600">
            {t('printDate')}: {format.dateTime(quote.sentAt ?? quote.createdAt, { dateStyle: 'long' })}
          </p>
          {quote.validUntil ? (
            <p className="text-slate-600">
              {t('validUntil')}: {day(quote.validUntil)}
            </p>
          ) : null}
        </div>
      </header>
      <section className="mb-8">
        <h2 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">{t('printTo')}</h2>
        <p className="mt-1 font-medium">{quote.customerName}</p>
        {quote.customerAddress.map((line) => (
          <p key={line}>{line}</p>
        ))}
        {quote.customerEmail ? <p>{quote.customerEmail}</p> : null}
      </section>
      {quote.title ? <h2 className="mb-4 text-lg font-semibold">{quote.title}</h2> : null}
      <div className="mb-6 break-inside-auto">
        <QuoteItemsTable quote={quote} />
      </div>
      <div className="break-inside-avoid">
        <QuoteTotalsList quote={quote} />
      </div>
      {quote.notes ? <p className="mt-8 whitespace-pre-line text-slate-700">{quote.notes}</p> : null}
      {quote.validUntil ? (
        <footer className="mt-10 border-t border-slate-200 pt-4 text-xs text-slate-500">
          {t('printFooter', { currency: quote.currency, date: day(quote.validUntil) })}
        </footer>
      ) : null}
    </article>
  );
}
