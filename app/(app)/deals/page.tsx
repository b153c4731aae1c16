import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import Link from '@/components/ui/link';
import { PageHeader } from '@/components/ui/page-header';
import { SectionSkeleton } from '@/components/ui/skeleton';
import { can, type Viewer } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/viewer';
import { pageLocale } from '@/lib/i18n/page-locale';
import { type DealFilter, DealFilterSchema } from '@/lib/sales/deals/deal-filters';
import { DEAL_OWNER_ROLES } from '@/lib/sales/deals/deal-write';
import { listDeals } from '@/lib/sales/deals/deals';
import { listActiveStages } from '@/lib/sales/stages/stages';
import { firstValues, hiddenColumns } from '@/lib/search-params';
import { listAssignableUsers } from '@/lib/users/users';
import { DealFilters } from './_components/deal-filters';
import { DealsTable } from './_components/deals-table';

export const metadata: Metadata = { title: 'Deals' };

// The deal list: every deal the viewer may see (reps their own, agents their queue's customers',
// managers and admins all), filtered, sorted and paged in SQL. Marketers get a 404.
export default async function DealsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requirePermission('deals:read');
  const raw = firstValues(await searchParams);
  const parsed = DealFilterSchema.parse(raw);
  // Only managers and admins have the owner filter (see lib/sales/deals/deals.ts dealWhere).
  const filter: DealFilter = can(viewer, 'deals:reassign') ? parsed : { ...parsed, owner: undefined };
  const [t, tc] = await Promise.all([getTranslations('deals'), getTranslations('common')]);
  const exportParams = new URLSearchParams(
    Object.entries(filter)
      .filter(([k, v]) => v !== undefined && !['page', 'size'].includes(k))
      .map(([k, v]) => [k, String(v)]),
  );
  return (
    <>
      <PageHeader
        title={t('title')}
        description={viewer.role === 'sales_rep' ? t('descriptionRep') : t('description')}
        actions={
          <>
            <Button asChild variant="secondary">
              <a href={`/deals/export?${exportParams.toString()}`} download>
                {t('export')}
              </a>
            </Button>
            <Button asChild variant="secondary">
              <Link href="/pipeline">{t('board')}</Link>
            </Button>
            {can(viewer, 'deals:write') ? (
              <Button asChild>
                <Link href="/deals/new">{t('newDeal')}</Link>
              </Button>
            ) : null}
          </>
        }
      />
      <Card>
        <Suspense key={JSON.stringify(filter)} fallback={<SectionSkeleton label={tc('loading')} />}>
          <DealList viewer={viewer} filter={filter} hidden={hiddenColumns(raw.hide, [])} />
        </Suspense>
      </Card>
    </>
  );
}

async function DealList({ viewer, filter, hidden }: { viewer: Viewer; filter: DealFilter; hidden: string[] }) {
  const canReassign = can(viewer, 'deals:reassign');
  const locale = await pageLocale();
  const [{ rows, total, totalExact }, stages, owners] = await Promise.all([
    listDeals(viewer, filter, locale),
    listActiveStages(locale),
    canReassign ? listAssignableUsers(DEAL_OWNER_ROLES) : Promise.resolve(null),
  ]);
  return (
    <>
      <DealFilters filter={filter} stages={stages} owners={owners} />
      <DealsTable
        rows={rows}
        total={total}
        totalExact={totalExact}
        filter={filter}
        hidden={hidden}
        owners={owners ?? []}
        canReassign={canReassign}
        showOwner={viewer.role !== 'sales_rep'}
      />
    </>
  );
}
