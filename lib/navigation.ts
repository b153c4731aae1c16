import { can, type Permission, type Viewer } from '@/lib/auth/permissions';

/** `icon` names an icon in components/shell/nav-icons.tsx (icons cannot cross to client components). */
export type NavItem = { href: string; key: string; icon: string; permission?: Permission; section: 'main' | 'admin' };

/** Every area that exists, in sidebar order. An area is listed here only once its pages are built. */
export const NAV_ITEMS: NavItem[] = [
  { href: '/', key: 'home', icon: 'home', section: 'main' },
  { href: '/customers', key: 'customers', icon: 'customers', permission: 'customers:read', section: 'main' },
  { href: '/contacts', key: 'contacts', icon: 'contacts', permission: 'customers:read', section: 'main' },
  { href: '/leads', key: 'leads', icon: 'leads', permission: 'leads:read', section: 'main' },
  { href: '/deals', key: 'deals', icon: 'deals', permission: 'deals:read', section: 'main' },
  { href: '/pipeline', key: 'pipeline', icon: 'pipeline', permission: 'deals:read', section: 'main' },
  { href: '/quotes', key: 'quotes', icon: 'quotes', permission: 'quotes:read', section: 'main' },
  { href: '/orders', key: 'orders', icon: 'orders', permission: 'orders:read', section: 'main' },
  { href: '/products', key: 'products', icon: 'products', permission: 'products:read', section: 'main' },
  { href: '/cases', key: 'cases', icon: 'cases', permission: 'cases:read', section: 'main' },
  { href: '/sales', key: 'sales', icon: 'sales', permission: 'dashboards:sales', section: 'main' },
  { href: '/outbox', key: 'outbox', icon: 'mail', permission: 'mail:read', section: 'main' },
  {
    href: '/service',
    key: 'serviceDashboard',
    icon: 'serviceDashboard',
    permission: 'dashboards:service',
    section: 'main',
  },
  { href: '/segments', key: 'segments', icon: 'marketing', permission: 'marketing:read', section: 'main' },
  { href: '/campaigns', key: 'campaigns', icon: 'campaigns', permission: 'marketing:read', section: 'main' },
  {
    href: '/marketing',
    key: 'marketing',
    icon: 'marketingDashboard',
    permission: 'marketing:read',
    section: 'main',
  },
  { href: '/analytics', key: 'analytics', icon: 'analytics', permission: 'analytics:read', section: 'main' },
  { href: '/kb', key: 'kb', icon: 'kb', permission: 'kb:read', section: 'main' },
  { href: '/search', key: 'search', icon: 'search', section: 'main' },
  { href: '/admin/users', key: 'users', icon: 'users', permission: 'users:read', section: 'admin' },
  { href: '/admin/stages', key: 'stages', icon: 'stages', permission: 'stages:read', section: 'admin' },
  { href: '/admin/sla', key: 'sla', icon: 'sla', permission: 'sla:read', section: 'admin' },
  { href: '/admin/audit', key: 'audit', icon: 'audit', permission: 'audit:read', section: 'admin' },
  { href: '/admin/lead-scoring', key: 'leadScoring', icon: 'scoring', permission: 'settings:read', section: 'admin' },
  { href: '/admin/settings', key: 'settings', icon: 'settings', permission: 'settings:read', section: 'admin' },
];

export function navFor(viewer: Viewer): NavItem[] {
  return NAV_ITEMS.filter((item) => !item.permission || can(viewer, item.permission));
}
