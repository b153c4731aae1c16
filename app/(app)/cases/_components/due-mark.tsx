'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { Badge } from '@/components/ui/badge';

/**
 * An SLA due time as relative time ("in 40 minutes", "2 hours ago") with a visible mark when it is
 * past ("Breached") or within the hour ("Due soon"): text, not colour alone.
 */
export function DueMark({
  dueAt,
  now,
  breached,
  dueSoon,
}: {
  dueAt: string | null;
  now: string;
  breached: boolean;
  dueSoon: boolean;
}) {
  const t = useTranslations('cases');
  const format = useFormatter();
  if (!dueAt) return <span className="text-slate-500">—</span>;
  const due = new Date(dueAt);
  return (
    <span className="flex flex-wrap items-center gap-1.5 whitespace-nowrap">
      <time dateTime={dueAt} title={format.dateTime(due, { dateStyle: 'medium', timeStyle: 'short' })}>
        {format.relativeTime(due, new Date(now))}
      </time>
      {breached ? (
        <Badge tone="red">{t('breached')}</Badge>
      ) : dueSoon ? (
        <Badge tone="amber">{t('dueSoon')}</Badge>
      ) : null}
    </span>
  );
}
