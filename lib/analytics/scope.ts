import 'server-only';
import { and, eq, isNull, type SQL, sql } from 'drizzle-orm';
import { customers } from '@/db/schema';
import { can, type Viewer } from '@/lib/auth/permissions';
import { liveCustomer } from '@/lib/customers/visibility';
import type { AnalyticsFilter } from './filters';

// Whose analytics a viewer sees, in one place (shared/DESIGN.md: managers, admins and marketers
// see every customer's; a sales rep only the customers they own; anyone else none). Dashboards,
// the customer list's analytics columns and filters, the 360 badges and My day all read it.

/** Roles that see every customer's analytics (a rep sees their own customers' only). */
export function seesAllAnalytics(viewer: Viewer): boolean {
  return can(viewer, 'analytics:read') && viewer.role !== 'sales_rep';
}

/**
 * The customers whose analytics `viewer` may see, as a condition on `customers`: live customers,
 * a rep's own only, and `false` for a role without customer analytics. Never undefined.
 */
export function analyticsVisible(viewer: Viewer): SQL {
  if (!can(viewer, 'analytics:read')) return sql`false`;
  if (viewer.role === 'sales_rep') return and(liveCustomer(), eq(customers.ownerId, viewer.userId)) as SQL;
  return liveCustomer();
}

/** The same rule on a customer row already read. */
export function canSeeAnalyticsOf(viewer: Viewer, customer: { ownerId: string | null }): boolean {
  if (!can(viewer, 'analytics:read')) return false;
  return viewer.role !== 'sales_rep' || customer.ownerId === viewer.userId;
}

/**
 * The customers a dashboard counts: those the viewer may see, narrowed by the page's filters. A
 * rep's owner filter is ignored (they only ever see their own).
 */
export function scopeWhere(viewer: Viewer, filter: AnalyticsFilter): SQL {
  const conditions: SQL[] = [analyticsVisible(viewer)];
  if (viewer.role !== 'sales_rep') {
    if (filter.owner === 'me') conditions.push(eq(customers.ownerId, viewer.userId));
    else if (filter.owner === 'none') conditions.push(isNull(customers.ownerId));
    else if (filter.owner) conditions.push(eq(customers.ownerId, filter.owner));
  }
  if (filter.country) conditions.push(eq(customers.country, filter.country));
  if (filter.kind) conditions.push(eq(customers.kind, filter.kind));
  return and(...conditions) as SQL;
}

/**
 * Whether a dashboard shows every customer (a manager, admin or marketer without filters): then
 * its numbers are the same for all such viewers of a run and may be computed once per run.
 */
export function isWholeScope(viewer: Viewer, filter: AnalyticsFilter): boolean {
  return seesAllAnalytics(viewer) && !filter.owner && !filter.country && !filter.kind;
}
