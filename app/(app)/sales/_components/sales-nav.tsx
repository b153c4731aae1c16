'use client';

import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { cn } from '@/components/ui/cn';
import Link from '@/components/ui/link';

const TABS = [
  { href: '/sales', key: 'overview' },
  { href: '/sales/forecast', key: 'forecast' },
] as const;

/** The sales area's tabs: the dashboard and the forecast. */
export function SalesNav() {
  const t = useTranslations('sales.nav');
  const pathname = usePathname();
  return (
    <nav aria-label={t('label')} className="mb-4 border-b border-slate-200">
      <ul className="flex gap-1">
        {TABS.map((tab) => {
          const current = pathname === tab.href;
          return (
            <li key={tab.href}>
              <Link
                href={tab.href}
                aria-current={current ? 'page' : undefined}
                className={cn(
                  '-mb-px inline-block border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap',
                  current
                    ? 'border-brand-600 text-brand-700'
                    : 'border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900',
                )}
              >
                {t(tab.key)}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
