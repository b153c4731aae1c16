import type { SubtitlePart } from '@/lib/search/types';

/**
 * A result's subtitle as one line, "a · b · c". Pure, so the palette (useTranslations) and the
 * search page (getTranslations) render it the same way. `t` looks keys up in the "search"
 * namespace; `money` formats an exact decimal string in the viewer's locale.
 */
export function formatSubtitle(
  parts: SubtitlePart[],
  t: (key: string) => string,
  money: (amount: string, currency: string) => string,
): string {
  return parts
    .map((part) => ('text' in part ? part.text : 'key' in part ? t(part.key) : money(part.money, part.currency)))
    .filter(Boolean)
    .join(' · ');
}
