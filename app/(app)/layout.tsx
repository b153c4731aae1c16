import { getTranslations } from 'next-intl/server';
import { CommandPalette } from '@/components/search/command-palette';
import { LanguageSwitcher } from '@/components/shell/language-switcher';
import { Sidebar } from '@/components/shell/sidebar';
import { UserMenu } from '@/components/shell/user-menu';
import { Toaster } from '@/components/ui/toast';
import { requireViewer } from '@/lib/auth/viewer';
import { navFor } from '@/lib/navigation';
import { getSettings } from '@/lib/settings/settings';

// The shell. It is not the only auth check: every page, action and query checks the viewer again.
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const viewer = await requireViewer();
  const [t, tRoles, settings] = await Promise.all([getTranslations('nav'), getTranslations('roles'), getSettings()]);
  const items = navFor(viewer).map((i) => ({ href: i.href, icon: i.icon, section: i.section, label: t(i.key) }));
  // `relative`: on wide screens the sidebar is a column as tall as this wrapper, so its background
  // runs to the bottom of the longest page (a fixed sidebar stops at the first screen's height).
  // The Toaster shows confirmations of saves (components/ui/toast.tsx).
  return (
    <Toaster>
      <div className="relative min-h-screen">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
        >
          {t('skip')}
        </a>
        <Sidebar
          items={items}
          adminLabel={t('admin')}
          menuLabel={t('menu')}
          brand={
            <div className="flex items-center gap-2">
              <span className="flex h-8 w-8 items-center justify-center rounded-lg bg-brand-600 text-sm font-bold text-white">
                L
              </span>
              <span className="leading-tight">
                <span className="block text-sm font-semibold">Lodestar CRM</span>
                <span className="block max-w-40 truncate text-xs text-slate-500">{settings.companyName}</span>
              </span>
            </div>
          }
        />
        <div className="lg:pl-60">
          <header className="sticky top-0 z-20 flex h-14 items-center justify-end gap-3 border-b border-slate-200 bg-white/90 py-2 pr-4 pl-16 backdrop-blur sm:pr-6 lg:pl-6">
            <div className="mr-auto">
              <CommandPalette />
            </div>
            <LanguageSwitcher />
            <UserMenu name={viewer.name} email={viewer.email} roleLabel={tRoles(viewer.role)} />
          </header>
          <main id="main" className="mx-auto max-w-7xl px-4 py-6 sm:px-6 lg:px-8">
            {children}
          </main>
        </div>
      </div>
    </Toaster>
  );
}
