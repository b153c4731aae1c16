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
import { listLeadSources, listLeads } from '@/lib/sales/leads/leads';
import { type LeadFilter, LeadFilterSchema } from '@/lib/sales/leads/schemas';
import { LEAD_OWNER_ROLES } from '@/lib/sales/visibility';
import { firstValues, hiddenColumns } from '@/lib/search-params';
import { listAssignableUsers } from '@/lib/users/users';
import { LeadFilters } from './_components/lead-filters';
import { LeadsTable } from './_components/leads-table';

export const metadata: Metadata = { title: 'Leads' };

export default async function LeadsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requirePermission('leads:read');
  const raw = firstValues(await searchParams);
  const filter = LeadFilterSchema.parse(raw);
  const [t, tc] = await Promise.all([getTranslations('leads'), getTranslations('common')]);
  return (
    <>
      <PageHeader
        title={t('title')}
        description={viewer.role === 'sales_rep' ? t('descriptionRep') : t('description')}
        actions={
          can(viewer, 'leads:write') ? (
            <Button asChild>
              <Link href="/leads/new">{t('new')}</Link>
            </Button>
          ) : null
        }
      />
      <Card>
        <Suspense fallback={<SectionSkeleton label={tc('loading')} />}>
          <LeadList viewer={viewer} filter={filter} hidden={hiddenColumns(raw.hide, [])} />
        </Suspense>
      </Card>
    </>
  );
}

/** The page of rows and the filter choices, streamed after the header. */
async function LeadList({ viewer, filter, hidden }: { viewer: Viewer; filter: LeadFilter; hidden: string[] }) {
  const assigns = can(viewer, 'leads:assign');
  const [{ rows, total, totalExact }, sources, owners] = await Promise.all([
    listLeads(viewer, filter),
    listLeadSources(viewer),
    assigns ? listAssignableUsers([...LEAD_OWNER_ROLES]) : Promise.resolve([]),
  ]);
  return (
    <>
      <LeadFilters filter={filter} sources={sources} owners={assigns ? owners : null} />
      <LeadsTable
        rows={rows}
        total={total}
        totalExact={totalExact}
        filter={filter}
        hidden={assigns ? hidden : [...hidden, 'owner']}
        owners={owners}
        canAssign={assigns}
      />
    </>
  );
}
