import 'server-only';
import { getLocale } from 'next-intl/server';
import { isLocale, type Locale } from './config';

/**
 * The locale this request renders in (saved choice, cookie, Accept-Language: lib/i18n/request.ts);
 * undefined outside a rendered request (a server action called from a test or script), where data
 * functions fall back to the viewer's saved locale.
 */
export async function pageLocale(): Promise<Locale | undefined> {
  try {
    const locale = await getLocale();
    return isLocale(locale) ? locale : undefined;
  } catch {
    return undefined;
  }
}
