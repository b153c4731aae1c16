import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import Link from '@/components/ui/link';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/viewer';
import { firstValues, hiddenColumns } from '@/lib/search-params';
import { listAgentsWithOpenCases } from '@/lib/service/assignment';
import { CASE_ASSIGNEE_ROLES } from '@/lib/service/case-write';
import { countQueueViews, listQueue } from '@/lib/service/queue';
import { type QueueFilter, QueueFilterSchema } from '@/lib/service/queue-filters';
import { listAssignableUsers } from '@/lib/users/users';
import { QueueFilters } from './_components/queue-filters';
import { QueueTable } from './_components/queue-table';
import { QueueTabs } from './_components/queue-tabs';
import { ReassignAgentForm } from './_components/reassign-agent-form';

export const metadata: Metadata = { title: 'Cases' };

// The case queue: the viewer's views (agents: mine, unassigned, breaching; managers also team and
// all; reps their customers' cases), sorted by SLA due time, filtered and paged in SQL.
export default async function CasesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requirePermission('cases:read');
  const raw = firstValues(await searchParams);
  const parsed = QueueFilterSchema.parse(raw);
  const manages = can(viewer, 'cases:reassign');
  const filter: QueueFilter = manages ? parsed : { ...parsed, assignee: undefined };
  const [t, page, counts, people, holders] = await Promise.all([
    getTranslations('cases'),
    listQueue(viewer, filter, { count: false }),
    countQueueViews(viewer, filter),
    manages ? listAssignableUsers(CASE_ASSIGNEE_ROLES) : Promise.resolve(null),
    listAgentsWithOpenCases(viewer),
  ]);
  const current = { ...filter, view: page.view ?? undefined };
  // The list's total is its view's tab count (the same WHERE, counted once).
  const total = counts.find((c) => c.view === page.view)?.total ?? { value: 0, exact: true };
  return (
    <>
      <PageHeader
        title={t('title')}
        description={viewer.role === 'sales_rep' ? t('descriptionRep') : t('description')}
        actions={
          can(viewer, 'cases:write') ? (
            <Button asChild>
              <Link href="/cases/new">{t('newCase')}</Link>
            </Button>
          ) : null
        }
      />
      <Card>
        <QueueTabs filter={current} counts={counts} />
        <QueueFilters filter={current} assignees={people} />
        <QueueTable
          rows={page.rows}
          now={page.now.toISOString()}
          total={total.value}
          totalExact={total.exact}
          filter={current}
          hidden={hiddenColumns(raw.hide, [])}
          assignees={people ?? []}
          viewerId={viewer.userId}
          mode={manages ? 'manage' : viewer.role === 'service_agent' ? 'take' : 'read'}
        />
      </Card>
      {manages && holders.length ? (
        <Card className="mt-6">
          <CardHeader title={t('absent.title')} description={t('absent.description')} />
          <CardBody>
            <ReassignAgentForm agents={holders} />
          </CardBody>
        </Card>
      ) : null}
    </>
  );
}
