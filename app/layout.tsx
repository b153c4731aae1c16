import type { Metadata } from 'next';
import { NextIntlClientProvider } from 'next-intl';
import { getLocale } from 'next-intl/server';
import { HydrationMark } from '@/components/shell/hydration-mark';
import './globals.css';

export const metadata: Metadata = { title: { default: 'Lodestar CRM', template: '%s · Lodestar CRM' } };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const locale = await getLocale();
  return (
    <html lang={locale}>
      <body className="min-h-screen font-sans">
        <NextIntlClientProvider>
          {children}
          <HydrationMark />
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
