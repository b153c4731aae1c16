'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { cn } from '@/components/ui/cn';
import Link from '@/components/ui/link';

export const DASHBOARDS = [
  { href: '/analytics', key: 'value' },
  { href: '/analytics/lifetime-value', key: 'lifetime' },
  { href: '/analytics/segments', key: 'segments' },
  { href: '/analytics/retention', key: 'retention' },
  { href: '/analytics/churn-risk', key: 'churn' },
] as const;

/** The dashboards' tabs; the filters (owner, country, type) go along from one to the next. */
export function AnalyticsNav() {
  const t = useTranslations('analytics.nav');
  const pathname = usePathname();
  const params = useSearchParams();
  const keep = new URLSearchParams();
  for (const key of ['owner', 'country', 'kind']) {
    const v = params.get(key);
    if (v) keep.set(key, v);
  }
  const query = keep.toString();
  return (
    <nav aria-label={t('label')} className="mb-4 overflow-x-auto border-b border-slate-200">
      <ul className="flex min-w-max gap-1">
        {DASHBOARDS.map((d) => {
          const current = pathname === d.href;
          return (
            <li key={d.href}>
              <Link
                href={query ? `${d.href}?${query}` : d.href}
                aria-current={current ? 'page' : undefined}
                className={cn(
                  '-mb-px inline-block border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap',
                  current
                    ? 'border-brand-600 text-brand-700'
                    : 'border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900',
                )}
              >
                {t(d.key)}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
