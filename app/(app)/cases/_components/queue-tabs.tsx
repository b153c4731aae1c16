import { getFormatter, getTranslations } from 'next-intl/server';
import { cn } from '@/components/ui/cn';
import Link from '@/components/ui/link';
import type { Total } from '@/lib/pagination';
import type { QueueFilter, QueueView } from '@/lib/service/queue-filters';

/** The view tabs with their counts; switching view keeps the filters and starts at page 1. */
export async function QueueTabs({
  filter,
  counts,
}: {
  filter: QueueFilter;
  counts: { view: QueueView; total: Total }[];
}) {
  const [t, format] = await Promise.all([getTranslations('cases.views'), getFormatter()]);
  const base = Object.entries(filter).filter(
    ([k, v]) =>
      v !== undefined &&
      !['view', 'page'].includes(k) &&
      !(k === 'sort' && v === 'due') &&
      !(k === 'dir' && v === 'asc') &&
      !(k === 'size' && v === 50),
  );
  return (
    <nav aria-label={t('label')} className="overflow-x-auto border-b border-slate-100">
      <ul className="flex min-w-max gap-1 px-3 pt-2">
        {counts.map(({ view, total }) => {
          const params = new URLSearchParams([...base.map(([k, v]) => [k, String(v)]), ['view', view]]);
          const active = view === filter.view;
          return (
            <li key={view}>
              <Link
                href={`/cases?${params.toString()}`}
                aria-current={active ? 'page' : undefined}
                className={cn(
                  'inline-flex items-center gap-2 rounded-t-md border-b-2 px-3 py-2 text-sm whitespace-nowrap',
                  active
                    ? 'border-brand-600 font-semibold text-brand-700'
                    : 'border-transparent text-slate-600 hover:text-slate-900',
                )}
              >
                {t(view)}
                <span
                  className={cn(
                    'rounded-full px-2 py-0.5 text-xs tabular-nums',
                    view === 'breaching' && total.value > 0 ? 'bg-red-50 text-red-700' : 'bg-slate-100 text-slate-700',
                  )}
                >
                  {total.exact ? format.number(total.value) : t('about', { count: total.value })}
                </span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
