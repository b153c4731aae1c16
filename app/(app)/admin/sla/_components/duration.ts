'use client';

import { useTranslations } from 'next-intl';

/** Minutes as "2 h 30 min" in the viewer's language (business time: a day is not 24 h here). */
export function useDuration(): (minutes: number) => string {
  const t = useTranslations('sla.duration');
  return (minutes) => {
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    if (h && m) return t('hoursMinutes', { h, m });
    return h ? t('hours', { h }) : t('minutes', { m });
  };
}
