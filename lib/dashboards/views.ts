import 'server-only';
import { can, type Viewer } from '@/lib/auth/permissions';
import type { Locale } from '@/lib/i18n/config';
import { getSalesDashboard, type SalesDashboard, type SalesDashboardFilter, seesTeam } from '@/lib/sales/dashboard';
import { stageLocale } from '@/lib/sales/stages/names';
import {
  getServiceDashboard,
  type ServiceDashboard,
  type ServiceDashboardFilter,
  seesAllAgents,
} from '@/lib/service/dashboard';
import { readSnapshot } from './snapshots';

// The dashboards as pages show them: the whole team's from its snapshot (./snapshots.ts, with the
// time it was computed), one person's computed now (`computedAt` null).

export async function getServiceDashboardView(
  viewer: Viewer,
  filter: ServiceDashboardFilter,
): Promise<(ServiceDashboard & { computedAt: Date | null }) | null> {
  if (!can(viewer, 'dashboards:service')) return null;
  if (!seesAllAgents(viewer) || filter.agent) {
    const live = await getServiceDashboard(viewer, filter);
    return live && { ...live, computedAt: null };
  }
  const { value, computedAt } = await readSnapshot<ServiceDashboard | null>({
    kind: 'service',
    days: filter.days,
    by: filter.by,
  });
  return value && { ...value, computedAt };
}

export async function getSalesDashboardView(
  viewer: Viewer,
  filter: SalesDashboardFilter,
  locale?: Locale,
): Promise<(SalesDashboard & { computedAt: Date | null }) | null> {
  if (!can(viewer, 'dashboards:sales')) return null;
  if (!seesTeam(viewer) || filter.owner) {
    const live = await getSalesDashboard(viewer, filter, locale);
    return live && { ...live, computedAt: null };
  }
  const { value, computedAt } = await readSnapshot<SalesDashboard | null>({
    kind: 'sales',
    months: filter.months,
    locale: stageLocale(viewer, locale),
  });
  return value && { ...value, computedAt };
}
