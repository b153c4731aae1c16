import 'server-only';
import { getFormatter } from 'next-intl/server';
import { getSettings } from '@/lib/settings/settings';

/**
 * Money in the company currency, full ("$1,234.56") and compact for tiles and narrow tables ("$1.2M").
 * A decimal string ("1234.56", as SQL sums come) is formatted as it is: Intl.NumberFormat reads a
 * string as an exact decimal (ES2023), so no digit is lost to floating point on the way.
 */
export async function moneyFormats() {
  const [format, settings] = await Promise.all([getFormatter(), getSettings()]);
  const full = (v: string | number | null) => (v === null ? '—' : format.number(v as number, 'money'));
  const compact = (v: string | number | null) =>
    v === null
      ? '—'
      : format.number(Number(v), {
          style: 'currency',
          currency: settings.currency,
          notation: 'compact',
          // Currency style asks for two decimals by default: without a minimum of 0, 641 reads "$641.0".
          minimumFractionDigits: 0,
          maximumFractionDigits: 1,
        });
  return { full, compact };
}
