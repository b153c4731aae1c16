import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/viewer';
import { getSlaAdmin } from '@/lib/service/sla-admin';
import { CalendarForm, CalendarList } from './_components/calendar-admin';
import { PolicyList } from './_components/policy-admin';

export const metadata: Metadata = { title: 'SLA' };

// SLA policies per priority and the business-hours calendars they count in: admins change them,
// managers read them; everyone else gets a 404.
export default async function SlaPage() {
  const viewer = await requirePermission('sla:read');
  const [t, data] = await Promise.all([getTranslations('sla'), getSlaAdmin(viewer)]);
  const canWrite = can(viewer, 'sla:write');
  const { policies, calendars, assignees } = data ?? { policies: [], calendars: [], assignees: [] };
  const calendarOptions = calendars.map((c) => ({ id: c.id, name: c.name, timeZone: c.timeZone }));
  return (
    <>
      <PageHeader title={t('title')} description={canWrite ? t('description') : t('descriptionReadOnly')} />
      <div className="space-y-6">
        <Card>
          <CardHeader title={t('policies.title')} description={t('policies.hint')} />
          <PolicyList policies={policies} calendars={calendarOptions} assignees={assignees} canWrite={canWrite} />
        </Card>
        <Card>
          <CardHeader title={t('calendars.title')} description={t('calendars.hint')} />
          <CalendarList calendars={calendars} canWrite={canWrite} />
        </Card>
        {canWrite ? (
          <Card>
            <CardHeader title={t('calendars.new')} />
            <CardBody>
              <CalendarForm />
            </CardBody>
          </Card>
        ) : null}
      </div>
    </>
  );
}
