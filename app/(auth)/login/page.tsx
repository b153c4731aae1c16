import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { LanguageSwitcher } from '@/components/shell/language-switcher';
import { getViewer } from '@/lib/auth/viewer';
import { firstValues } from '@/lib/search-params';
import { LoginForm } from './_components/login-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  if (await getViewer()) redirect('/');
  const t = await getTranslations('login');
  const callbackUrl = firstValues(await searchParams).callbackUrl ?? '/';
  const demo = process.env.LODESTAR_DEMO === '1';
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <div className="mx-auto mb-3 flex h-11 w-11 items-center justify-center rounded-xl bg-brand-600 text-lg font-bold text-white">
            L
          </div>
          <h1 className="text-2xl font-semibold tracking-tight">{t('title')}</h1>
          <p className="mt-1 text-sm text-slate-500">{t('subtitle')}</p>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <LoginForm callbackUrl={callbackUrl} />
        </div>
        {demo ? <p className="mt-4 text-center text-xs text-slate-500">{t('demoHint')}</p> : null}
        <div className="mt-6 flex justify-center">
          <LanguageSwitcher />
        </div>
      </div>
    </main>
  );
}
