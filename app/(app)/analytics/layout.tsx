import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/page-header';
import { getAnalyticsStatus } from '@/lib/analytics/runs';
import { seesAllAnalytics } from '@/lib/analytics/scope';
import { requirePermission } from '@/lib/auth/viewer';
import { listCustomerFacets } from '@/lib/customers/customers';
import { CUSTOMER_OWNER_ROLES } from '@/lib/customers/visibility';
import { listAssignableUsers } from '@/lib/users/users';
import { AnalyticsFilters } from './_components/analytics-filters';
import { AnalyticsNav } from './_components/analytics-nav';
import { RefreshStatus } from './_components/refresh-status';

// The analytics area: who may enter (404 for anyone without customer analytics, checked before
// anything streams), the sub-navigation, the filters and the snapshot's status with "Refresh now".
// Each page checks the permission again and reads its own numbers.
export default async function AnalyticsLayout({ children }: { children: React.ReactNode }) {
  const viewer = await requirePermission('analytics:read');
  const all = seesAllAnalytics(viewer);
  const [t, status, owners, facets] = await Promise.all([
    getTranslations('analytics'),
    getAnalyticsStatus(viewer),
    all ? listAssignableUsers(CUSTOMER_OWNER_ROLES) : Promise.resolve([]),
    listCustomerFacets(viewer),
  ]);
  return (
    <>
      <PageHeader title={t('title')} description={all ? t('descriptionAll') : t('descriptionOwn')} />
      {/* A rep sees the date of the numbers, not how many customers the company has. */}
      {status ? <RefreshStatus initial={status} showCount={all} /> : null}
      <AnalyticsNav />
      <AnalyticsFilters
        owners={all ? owners.map((o) => ({ id: o.id, name: o.name })) : null}
        countries={facets.countries}
      />
      {children}
    </>
  );
}
