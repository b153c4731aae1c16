'use client';

import { Languages } from 'lucide-react';
import { useLocale, useTranslations } from 'next-intl';
import { useTransition } from 'react';
import { setLocaleAction } from '@/lib/auth/session-actions';
import { LOCALE_LABELS, LOCALES } from '@/lib/i18n/config';

export function LanguageSwitcher() {
  const t = useTranslations('shell');
  const locale = useLocale();
  const [pending, start] = useTransition();
  return (
    <label className="inline-flex items-center gap-2 text-sm text-slate-600">
      <Languages aria-hidden className="h-4 w-4" />
      <span className="sr-only">{t('language')}</span>
      <select
        aria-label={t('language')}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
        value={locale}
        disabled={pending}
        onChange={(e) => start(() => setLocaleAction(e.target.value))}
      >
        {LOCALES.map((l) => (
          <option key={l} value={l}>
            {LOCALE_LABELS[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
