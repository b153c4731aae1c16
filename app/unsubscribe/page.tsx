import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { LanguageSwitcher } from '@/components/shell/language-switcher';
import { Button } from '@/components/ui/button';
import { UNSUBSCRIBE_POST_PATH } from '@/lib/marketing/campaigns/links';
import { unsubscribeTarget } from '@/lib/marketing/campaigns/tracking';
import { firstValues } from '@/lib/search-params';

// The token is in the address: 'same-origin' keeps it from other sites (and lets the form post with
// its Origin, which proxy.ts checks); search engines keep out.
export const metadata: Metadata = {
  title: 'Unsubscribe',
  robots: { index: false, follow: false },
  referrer: 'same-origin',
};

/**
 * The public unsubscribe page of a campaign email (no login): the address and one button. Opening
 * the page changes nothing (link scanners open it too); the button posts to the one-click endpoint.
 */
export default async function UnsubscribePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { t: token, done } = firstValues(await searchParams);
  const [t, target] = await Promise.all([getTranslations('unsubscribe'), token ? unsubscribeTarget(token) : null]);
  let body: React.ReactNode;
  if (!token) body = <Message title={t('testTitle')} text={t('testBody')} />;
  else if (!target) body = <Message title={t('invalidTitle')} text={t('invalidBody')} />;
  else if (target.unsubscribed || done)
    body = <Message title={t('doneTitle')} text={t('doneBody', { email: target.email })} />;
  else
    body = (
      <>
        <h1 className="text-2xl font-semibold tracking-tight">{t('title')}</h1>
        <p className="mt-2 text-slate-600">{t('question', { email: target.email })}</p>
        <form method="post" action={`${UNSUBSCRIBE_POST_PATH}?t=${encodeURIComponent(token)}`} className="mt-6">
          <Button type="submit" className="w-full sm:w-auto">
            {t('submit')}
          </Button>
        </form>
      </>
    );
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <div className="w-full max-w-md rounded-lg border border-slate-200 bg-white p-6 shadow-sm">{body}</div>
      <div className="mt-6">
        <LanguageSwitcher />
      </div>
    </main>
  );
}

function Message({ title, text }: { title: string; text: string }) {
  return (
    <div className="text-center">
      <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
      <p className="mt-3 text-slate-600">{text}</p>
    </div>
  );
}
