import { getTranslations } from 'next-intl/server';
import { cn } from '@/components/ui/cn';
import Link from '@/components/ui/link';

type Props = {
  categories: { id: string; name: string; count: number }[];
  current?: string;
  tags: string[];
  currentTag?: string;
  q?: string;
};

function href(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `/kb?${s}` : '/kb';
}

/** Categories and popular tags as links (a row that scrolls sideways on a phone, a column on a wide screen). */
export async function CategoryNav({ categories, current, tags, currentTag, q }: Props) {
  const t = await getTranslations('kb');
  const item = (active: boolean) =>
    cn(
      'flex shrink-0 items-center justify-between gap-2 rounded-md px-3 py-1.5 text-sm whitespace-nowrap',
      active ? 'bg-brand-50 font-medium text-brand-700' : 'text-slate-700 hover:bg-slate-100',
    );
  return (
    <nav aria-label={t('categories.title')} className="min-w-0 space-y-4">
      <div>
        <h2 className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">{t('categories.title')}</h2>
        <ul className="flex gap-1 overflow-x-auto pb-1 lg:flex-col lg:overflow-visible">
          <li>
            <Link
              href={href({ q, tag: currentTag })}
              className={item(!current)}
              aria-current={!current ? 'page' : undefined}
            >
              {t('categories.all')}
            </Link>
          </li>
          {categories.map((c) => (
            <li key={c.id}>
              <Link
                href={href({ q, tag: currentTag, category: c.id })}
                className={item(current === c.id)}
                aria-current={current === c.id ? 'page' : undefined}
              >
                <span>{c.name}</span>
                <span className="text-xs text-slate-500 tabular-nums">{c.count}</span>
              </Link>
            </li>
          ))}
        </ul>
      </div>
      {tags.length ? (
        <div>
          <h2 className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">{t('tags')}</h2>
          <ul className="flex flex-wrap gap-1">
            {tags.slice(0, 16).map((tag) => (
              <li key={tag}>
                <Link
                  href={href({ q, category: current, tag: currentTag === tag ? undefined : tag })}
                  aria-current={currentTag === tag ? 'page' : undefined}
                  className={cn(
                    'inline-block rounded-full border px-2 py-0.5 text-xs',
                    currentTag === tag
                      ? 'border-brand-600 bg-brand-50 text-brand-700'
                      : 'border-slate-200 text-slate-700 hover:bg-slate-50',
                  )}
                >
                  {tag}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </nav>
  );
}
