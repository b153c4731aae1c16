import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { PublicMessage, PublicPage } from '@/components/public/public-page';
import { Button } from '@/components/ui/button';
import { Textarea } from '@/components/ui/input';
import { firstValues } from '@/lib/search-params';
import { CSAT_COMMENT_MAX, getCsatLink } from '@/lib/service/csat';

// The token is in the address: no referrer goes anywhere (next.config.mjs sends the header too), and
// search engines keep out. Under no-referrer the form posts with `Origin: null`, which its target
// accepts (lib/auth/auth.config.ts acceptsCrossOriginPost: the token is the authority).
export const metadata: Metadata = { title: 'CSAT', robots: { index: false, follow: false }, referrer: 'no-referrer' };

const ERRORS = ['rating', 'comment', 'rateLimited'] as const;

/**
 * The public satisfaction survey (no login, outside the app shell): the case number and subject,
 * a 1–5 rating and an optional comment. It shows nothing else of the case, and an expired, invalid
 * or answered link gets a page that says so.
 */
export default async function CsatPage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { token } = await params;
  const { result } = firstValues(await searchParams);
  const [t, link] = await Promise.all([getTranslations('csat'), getCsatLink(token)]);
  let body: React.ReactNode;
  if (link.state === 'open') {
    const error = ERRORS.find((e) => e === result);
    body = (
      <>
        <h1 className="text-2xl font-semibold tracking-tight">{t('title')}</h1>
        <p className="mt-2 text-slate-600">{t('caseLine', { number: link.caseNumber, subject: link.subject })}</p>
        {error ? (
          <p role="alert" className="mt-4 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
            {t(`errors.${error}`)}
          </p>
        ) : null}
        <form method="post" action={`/api/public/csat/${encodeURIComponent(token)}`} className="mt-6 space-y-5">
          <fieldset>
            <legend className="font-medium text-slate-900">{t('question')}</legend>
            <div className="mt-3 grid gap-2">
              {(['5', '4', '3', '2', '1'] as const).map((r) => (
                <label
                  key={r}
                  className="flex min-h-11 cursor-pointer items-center gap-3 rounded-md border border-slate-300 px-3 py-2 has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50"
                >
                  <input type="radio" name="rating" value={r} required className="size-4" />
                  <span>{t(`ratings.${r}`)}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <div>
            <label htmlFor="csat-comment" className="block font-medium text-slate-900">
              {t('comment')}
            </label>
            <Textarea
              id="csat-comment"
              name="comment"
              rows={4}
              maxLength={CSAT_COMMENT_MAX}
              aria-describedby="csat-comment-hint"
              className="mt-2"
            />
            <p id="csat-comment-hint" className="mt-1 text-sm text-slate-500">
              {t('commentHint', { max: CSAT_COMMENT_MAX })}
            </p>
          </div>
          <Button type="submit" className="w-full sm:w-auto">
            {t('submit')}
          </Button>
        </form>
      </>
    );
  } else {
    const key =
      link.state === 'answered'
        ? result === 'saved'
          ? 'thanks'
          : 'answered'
        : link.state === 'expired'
          ? 'expired'
          : 'invalid';
    body = <PublicMessage title={t(`${key}Title`)} text={t(`${key}Body`)} />;
  }
  return <PublicPage>{body}</PublicPage>;
}
