import { cookies, headers } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { getViewer } from '@/lib/auth/viewer';
import { getSettings } from '@/lib/settings/settings';
import { LOCALE_COOKIE, type Locale, pickLocale } from './config';
import { loadMessages } from './messages';

async function resolveLocale(): Promise<Locale> {
  const viewer = await getViewer().catch(() => null);
  return pickLocale({
    saved: viewer?.locale,
    cookie: (await cookies()).get(LOCALE_COOKIE)?.value,
    acceptLanguage: (await headers()).get('accept-language'),
  });
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
