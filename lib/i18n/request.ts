import { cookies, headers } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { getViewer } from '@/lib/auth/viewer';
import { getSettings } from '@/lib/settings/settings';
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE, negotiateLocale, type Locale } from './config';
import { loadMessages } from './messages';

/** The signed-in user's saved language wins; then the cookie; then the browser's Accept-Language. */
async function resolveLocale(): Promise<Locale> {
  const viewer = await getViewer().catch(() => null);
  if (viewer && isLocale(viewer.locale)) return viewer.locale;
  const fromCookie = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(fromCookie)) return fromCookie;
  return negotiateLocale((await headers()).get('accept-language')) ?? DEFAULT_LOCALE;
}

export default getRequestConfig(async () => {
  const locale = await resolveLocale();
  const settings = await getSettings().catch(() => null);
  const messages = await loadMessages(locale);
  return {
    locale,
    messages,
    timeZone: settings?.timeZone ?? 'UTC',
    formats: { number: { money: { style: 'currency', currency: settings?.currency ?? 'USD' } } },
  };
});
