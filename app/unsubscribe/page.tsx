import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { PublicMessage, PublicPage } from '@/components/public/public-page';
import { Button } from '@/components/ui/button';
import { RESUBSCRIBE_POST_PATH, UNSUBSCRIBE_POST_PATH } from '@/lib/marketing/campaigns/links';
import { unsubscribeTarget } from '@/lib/marketing/campaigns/tracking';
import { firstValues } from '@/lib/search-params';

// The token is in the address: no referrer goes anywhere (next.config.mjs sends the header too), and
// search engines keep out. Under no-referrer the forms post with `Origin: null`: both targets take
// posts from anywhere (lib/auth/auth.config.ts acceptsCrossOriginPost), the signed token being the authority.
export const metadata: Metadata = {
  title: 'Unsubscribe',
  robots: { index: false, follow: false },
  referrer: 'no-referrer',
};

/**
 * The public unsubscribe page of a campaign email (no login): the address and one button. Opening
 * the page changes nothing (link scanners open it too); the button posts to the one-click endpoint.
 * What it says comes from the customer's record, never from the address: after unsubscribing, a
 * second button lets the person opt back in (never someone whose address bounced).
 */
export default async function UnsubscribePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { t: token } = firstValues(await searchParams);
  const [t, target] = await Promise.all([getTranslations('unsubscribe'), token ? unsubscribeTarget(token) : null]);
  const post = (path: string) => `${path}?t=${encodeURIComponent(token ?? '')}`;
  let body: React.ReactNode;
  if (!token) body = <PublicMessage title={t('testTitle')} text={t('testBody')} />;
  else if (!target) body = <PublicMessage title={t('invalidTitle')} text={t('invalidBody')} />;
  else if (target.unsubscribed)
    body = (
      <>
        <PublicMessage title={t('doneTitle')} text={t('doneBody', { email: target.email })} />
        {target.bounced ? (
          <p className="mt-4 text-center text-sm text-slate-600">{t('bounced')}</p>
        ) : (
          <form method="post" action={post(RESUBSCRIBE_POST_PATH)} className="mt-6 text-center">
            <Button type="submit" variant="secondary" className="w-full sm:w-auto">
              {t('resubscribe')}
            </Button>
          </form>
        )}
      </>
    );
  else
    body = (
      <>
        <h1 className="text-2xl font-semibold tracking-tight">
          {target.resubscribed ? t('resubscribedTitle') : t('title')}
        </h1>
        {target.resubscribed ? (
          <p className="mt-2 text-slate-600">{t('resubscribedBody', { email: target.email })}</p>
        ) : null}
        <p className="mt-2 text-slate-600">{t('question', { email: target.email })}</p>
        <form method="post" action={post(UNSUBSCRIBE_POST_PATH)} className="mt-6">
          <Button type="submit" className="w-full sm:w-auto">
            {t('submit')}
          </Button>
        </form>
      </>
    );
  return <PublicPage>{body}</PublicPage>;
}
