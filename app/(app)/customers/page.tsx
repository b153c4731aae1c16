import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import Link from '@/components/ui/link';
import { PageHeader } from '@/components/ui/page-header';
import { SectionSkeleton } from '@/components/ui/skeleton';
import { currentClusterCount } from '@/lib/analytics/dashboards/base';
import { can, type Viewer } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/viewer';
import { listCustomerFacets, listCustomers } from '@/lib/customers/customers';
import { type CustomerFilter, CustomerFilterSchema, withoutScores } from '@/lib/customers/filters';
import { CUSTOMER_OWNER_ROLES } from '@/lib/customers/visibility';
import { firstValues, hiddenColumns } from '@/lib/search-params';
import { listAssignableUsers } from '@/lib/users/users';
import { CustomerFilters } from './_components/customer-filters';
import { CustomersTable } from './_components/customers-table';
import { DeletedBanner } from './_components/deleted-banner';

export const metadata: Metadata = { title: 'Customers' };

export default async function CustomersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requirePermission('customers:read');
  const raw = firstValues(await searchParams);
  const parsed = CustomerFilterSchema.parse(raw);
  const filter = can(viewer, 'analytics:read') ? parsed : withoutScores(parsed);
  const [t, tc] = await Promise.all([getTranslations('customers'), getTranslations('common')]);
  const exportParams = new URLSearchParams(
    Object.entries(raw).filter(
      (e): e is [string, string] => Boolean(e[1]) && !['page', 'size', 'hide', 'deleted', 'ids'].includes(e[0]),
    ),
  );
  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('description')}
        actions={
          <>
            <Button asChild variant="secondary">
              <a href={`/customers/export?${exportParams.toString()}`} download>
                {t('exportFiltered')}
              </a>
            </Button>
            {can(viewer, 'customers:import') ? (
              <Button asChild variant="secondary">
                <Link href="/customers/import">{t('import')}</Link>
              </Button>
            ) : null}
            {can(viewer, 'customers:merge') ? (
              <Button asChild variant="secondary">
                <Link href="/customers/duplicates">{t('duplicates')}</Link>
              </Button>
            ) : null}
            {can(viewer, 'customers:write') ? (
              <Button asChild>
                <Link href="/customers/new">{t('new')}</Link>
              </Button>
            ) : null}
          </>
        }
      />
      {raw.deleted && can(viewer, 'customers:write') ? <DeletedBanner id={raw.deleted} /> : null}
      <Card>
        <Suspense fallback={<SectionSkeleton label={tc('loading')} />}>
          <CustomerList
            viewer={viewer}
            filter={filter}
            hidden={hiddenColumns(raw.hide, ['city', 'updatedAt', 'valueClass', 'cluster', 'churn'])}
          />
        </Suspense>
      </Card>
    </>
  );
}

/** The slow part: the page of rows and the filter choices, streamed after the header. */
async function CustomerList({ viewer, filter, hidden }: { viewer: Viewer; filter: CustomerFilter; hidden: string[] }) {
  const analytics = can(viewer, 'analytics:read');
  const [{ rows, total, totalExact, scores }, facets, owners, clusters] = await Promise.all([
    listCustomers(viewer, filter),
    listCustomerFacets(viewer),
    listAssignableUsers(CUSTOMER_OWNER_ROLES),
    analytics ? currentClusterCount() : Promise.resolve(0),
  ]);
  return (
    <>
      <CustomerFilters
        filter={filter}
        owners={owners}
        industries={facets.industries}
        countries={facets.countries}
        analytics={analytics ? { clusters } : null}
      />
      <CustomersTable
        scores={scores}
        rows={rows}
        total={total}
        totalExact={totalExact}
        filter={filter}
        hidden={hidden}
        owners={owners}
        canReassign={can(viewer, 'customers:reassign')}
        canTag={can(viewer, 'customers:write')}
      />
    </>
  );
}
