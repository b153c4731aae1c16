import { Calendar, CheckSquare, type LucideIcon, Mail, Phone, StickyNote } from 'lucide-react';
import { getFormatter, getTranslations } from 'next-intl/server';
import { EmptyState } from '@/components/ui/empty-state';
import Link from '@/components/ui/link';
import type { DealActivityItem } from '@/lib/sales/deals/deals';

const ICONS: Record<DealActivityItem['type'], LucideIcon> = {
  call: Phone,
  email: Mail,
  meeting: Calendar,
  note: StickyNote,
  task: CheckSquare,
};

/** The deal's activities, newest first, paged like the customer timeline (`?before=`). */
export async function DealTimeline({
  items,
  next,
  dealId,
  paged,
}: {
  items: DealActivityItem[];
  next: string | null;
  dealId: string;
  paged: boolean;
}) {
  const [t, format] = await Promise.all([getTranslations('customer360.timeline'), getFormatter()]);
  if (items.length === 0) return <EmptyState title={t('empty')} />;
  return (
    <div>
      <ol className="relative ml-3 space-y-4 border-l border-slate-200 pl-6" aria-label={t('title')}>
        {items.map((item) => {
          const Icon = ICONS[item.type];
          return (
            <li key={item.id} className="relative">
              <span className="absolute top-0.5 -left-[33px] flex h-6 w-6 items-center justify-center rounded-full border border-slate-200 bg-white">
                <Icon aria-hidden className="h-3.5 w-3.5 text-slate-500" />
              </span>
              <p className="text-sm">
                <span className="font-medium break-words text-slate-900">{item.subject}</span>
                <span className="ml-2 text-xs text-slate-500">{t(`types.${item.type}`)}</span>
                {item.type === 'task' ? (
                  <span className="ml-2 text-xs text-slate-500">
                    {item.completedAt
                      ? t('done')
                      : t('due', { date: format.dateTime(item.dueAt!, { dateStyle: 'medium', timeStyle: 'short' }) })}
                  </span>
                ) : null}
              </p>
              <p className="text-xs text-slate-500">
                {format.dateTime(item.occurredAt, { dateStyle: 'medium', timeStyle: 'short' })}
                {item.ownerName ? ` · ${item.ownerName}` : ''}
              </p>
              {item.body ? (
                <p className="mt-1 text-sm break-words whitespace-pre-wrap text-slate-700">{item.body}</p>
              ) : null}
            </li>
          );
        })}
      </ol>
      <div className="mt-4 flex gap-3 text-sm">
        {paged ? (
          <Link href={`/deals/${dealId}`} className="text-brand-700 hover:underline">
            {t('newest')}
          </Link>
        ) : null}
        {next ? (
          <Link
            href={`/deals/${dealId}?before=${encodeURIComponent(next)}`}
            className="text-brand-700 hover:underline"
            scroll={false}
          >
            {t('older')}
          </Link>
        ) : null}
      </div>
    </div>
  );
}
