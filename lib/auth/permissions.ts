import type { Role } from '@/db/schema/enums';

/**
 * What each role may do, from shared/DESIGN.md. Ownership rules ("sales reps edit only their own")
 * are applied by each domain's visibility helpers in lib/<domain>; this map answers "may this role
 * do this kind of thing at all".
 */
export const PERMISSIONS = {
  'customers:read': ['admin', 'manager', 'sales_rep', 'service_agent', 'marketer'],
  'customers:write': ['admin', 'manager', 'sales_rep'],
  'customers:reassign': ['admin', 'manager'],
  'contacts:write': ['admin', 'manager', 'sales_rep', 'service_agent'],
  'customers:import': ['admin', 'manager', 'sales_rep'],
  'customers:merge': ['admin', 'manager'],
  /** Start a duplicate scan now (it also runs nightly): a whole-table job, so admins only. */
  'customers:scanDuplicates': ['admin'],
  /** Order history from a shop or ERP export; a rep's rows must name customers the rep owns. */
  'orders:import': ['admin', 'manager', 'sales_rep'],
  'activities:write': ['admin', 'manager', 'sales_rep', 'service_agent'],
  /** Leads: reps their own (lib/sales/visibility.ts visibleLeads), managers and admins all; agents and marketers none. */
  'leads:read': ['admin', 'manager', 'sales_rep'],
  'leads:write': ['admin', 'manager', 'sales_rep'],
  /** Give a lead to someone else (one or many at once). */
  'leads:assign': ['admin', 'manager'],
  'deals:read': ['admin', 'manager', 'sales_rep', 'service_agent'],
  'deals:write': ['admin', 'manager', 'sales_rep'],
  // Monthly sales quotas per rep, read by the forecast for attainment.
  'quotas:write': ['admin', 'manager'],
  /** The price book: reps read active products to quote them; admins and managers keep it. */
  'products:read': ['admin', 'manager', 'sales_rep'],
  'products:write': ['admin', 'manager'],
  /** Quotes follow their deal (lib/sales/visibility.ts visibleQuotes): agents read those of their queue's customers. */
  'quotes:read': ['admin', 'manager', 'sales_rep', 'service_agent'],
  'quotes:write': ['admin', 'manager', 'sales_rep'],
  /** The orders list and order pages (visibleOrders decides which). */
  'orders:read': ['admin', 'manager', 'sales_rep', 'service_agent'],
  /** Give deals to another owner (the deal form's owner field, the deal list's bulk reassign). */
  'deals:reassign': ['admin', 'manager'],
  /** The pipeline's stages (/admin/stages): managers read them, admins change them. */
  'stages:read': ['admin', 'manager'],
  'stages:write': ['admin'],
  /** SLA policies and business-hours calendars (/admin/sla): managers read them, admins change them. */
  'sla:read': ['admin', 'manager'],
  'sla:write': ['admin'],
  'cases:read': ['admin', 'manager', 'sales_rep', 'service_agent'],
  'cases:write': ['admin', 'manager', 'service_agent'],
  /** The service desk's mail (/outbox): agents only the mail of cases they may see (lib/mail/outbox.ts). */
  'mail:read': ['admin', 'manager', 'service_agent'],
  /** See every agent's cases (the "team" and "all" queues) and give cases to anyone; agents only take unassigned ones. */
  'cases:reassign': ['admin', 'manager'],
  /**
   * Knowledge base (lib/service/kb.ts): everyone reads published articles (reps and marketers
   * answer customers too); admins, managers and agents write, publish and archive them and see
   * drafts; admins and managers keep the categories.
   */
  'kb:read': ['admin', 'manager', 'sales_rep', 'service_agent', 'marketer'],
  'kb:write': ['admin', 'manager', 'service_agent'],
  'kb:categories': ['admin', 'manager'],
  'marketing:read': ['admin', 'manager', 'marketer'],
  'marketing:write': ['admin', 'marketer'],
  'dashboards:sales': ['admin', 'manager', 'sales_rep'],
  'dashboards:service': ['admin', 'manager', 'service_agent'],
  'dashboards:customers': ['admin', 'manager', 'marketer'],
  /** Customer analytics (scores, dashboards): reps see their own customers' (the data layer scopes it). */
  'analytics:read': ['admin', 'manager', 'marketer', 'sales_rep'],
  /** Start an analytics refresh ("Refresh now"). */
  'analytics:refresh': ['admin', 'manager'],
  'users:read': ['admin', 'manager'],
  'users:write': ['admin'],
  'settings:read': ['admin', 'manager'],
  'settings:write': ['admin'],
  'audit:read': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export type Viewer = {
  userId: string;
  role: Role;
  name: string;
  email: string;
  /** Null until the user picks a language. */
  locale: string | null;
};

export function can(viewer: Pick<Viewer, 'role'>, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(viewer.role);
}
