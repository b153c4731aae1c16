import { getTranslations } from 'next-intl/server';
import { Skeleton } from '@/components/ui/skeleton';

const COLUMNS = ['a', 'b', 'c', 'd', 'e'];
const CARDS = ['1', '2', '3', '4'];

export async function BoardSkeleton() {
  const t = await getTranslations('common');
  return (
    <div role="status" aria-label={t('loading')} className="flex gap-3 overflow-hidden">
      {COLUMNS.map((column) => (
        <div key={column} className="w-72 shrink-0 space-y-3 rounded-lg bg-slate-100 p-3">
          <Skeleton className="h-5 w-32" />
          {CARDS.map((card) => (
            <Skeleton key={card} className="h-20 w-full" />
          ))}
        </div>
      ))}
    </div>
  );
}
