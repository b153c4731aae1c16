'use client';

import { Menu, X } from 'lucide-react';
import { usePathname } from 'next/navigation';
import { useEffect, useState } from 'react';
import { cn } from '@/components/ui/cn';
import Link from '@/components/ui/link';
import { NAV_ICONS } from './nav-icons';

export type SidebarItem = { href: string; label: string; icon: string; section: 'main' | 'admin' };

function isActive(pathname: string, href: string) {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}

export function Sidebar({
  items,
  adminLabel,
  menuLabel,
  brand,
}: {
  items: SidebarItem[];
  adminLabel: string;
  menuLabel: string;
  brand: React.ReactNode;
}) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: navigating closes the mobile menu
  useEffect(() => setOpen(false), [pathname]);

  const renderSection = (section: SidebarItem['section']) =>
    items
      .filter((i) => i.section === section)
      .map((item) => {
        const Icon = NAV_ICONS[item.icon];
        const active = isActive(pathname, item.href);
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={active ? 'page' : undefined}
              className={cn(
                'flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium',
                active ? 'bg-brand-50 text-brand-700' : 'text-slate-600 hover:bg-slate-100 hover:text-slate-900',
              )}
            >
              {Icon ? <Icon aria-hidden className="h-4 w-4" /> : null}
              {item.label}
            </Link>
          </li>
        );
      });
  const hasAdmin = items.some((i) => i.section === 'admin');

  return (
    <>
      <button
        type="button"
        className="fixed top-3 left-3 z-40 rounded-md border border-slate-200 bg-white p-2 shadow-sm lg:hidden"
        aria-label={menuLabel}
        aria-expanded={open}
        aria-controls="app-sidebar"
        onClick={() => setOpen((o) => !o)}
      >
        {open ? <X className="h-5 w-5" aria-hidden /> : <Menu className="h-5 w-5" aria-hidden />}
      </button>
      {/* On a phone a drawer fixed to the screen; from lg a full-height column of the page, its
          content sticky so the navigation stays in view however far the page scrolls. Closed, the
          drawer is also invisible, so the keyboard does not tab through links off screen. */}
      <aside
        id="app-sidebar"
        className={cn(
          'fixed inset-y-0 left-0 z-30 w-60 overflow-y-auto border-r border-slate-200 bg-white transition-[translate,visibility] lg:absolute lg:visible lg:translate-x-0 lg:overflow-visible',
          open ? 'translate-x-0 shadow-xl' : 'invisible -translate-x-full',
        )}
      >
        <div className="px-3 py-4 lg:sticky lg:top-0 lg:max-h-screen lg:overflow-y-auto">
          <div className="mb-6 px-3 pt-10 lg:pt-0">{brand}</div>
          <nav aria-label={menuLabel}>
            <ul className="space-y-1">{renderSection('main')}</ul>
            {hasAdmin ? (
              <>
                <p className="mt-6 mb-2 px-3 text-xs font-semibold tracking-wide text-slate-500 uppercase">
                  {adminLabel}
                </p>
                <ul className="space-y-1">{renderSection('admin')}</ul>
              </>
            ) : null}
          </nav>
        </div>
      </aside>
    </>
  );
}
