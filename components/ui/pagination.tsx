import { getTranslations } from 'next-intl/server';
import Link from '@/components/ui/link';

/** Previous/next links that keep the other search params. */
export async function Pagination({
  page,
  pageSize,
  total,
  params,
  basePath,
}: {
  page: number;
  pageSize: number;
  total: number;
  params: Record<string, string | undefined>;
  basePath: string;
}) {
  const t = await getTranslations('common');
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const href = (p: number) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
    q.set('page', String(p));
    return `${basePath}?${q.toString()}`;
  };
  const linkClass = 'rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50';
  return (
    <nav
      aria-label={t('pagination')}
      className="flex items-center justify-between gap-3 px-3 py-3 text-sm text-slate-600"
    >
      <span>{t('pageOf', { page, pages, total })}</span>
      <span className="flex gap-2">
        {page > 1 ? (
          <Link className={linkClass} href={href(page - 1)} rel="prev">
            {t('previous')}
          </Link>
        ) : null}
        {page < pages ? (
          <Link className={linkClass} href={href(page + 1)} rel="next">
            {t('next')}
          </Link>
        ) : null}
      </span>
    </nav>
  );
}
