import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Card, CardBody } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/viewer';
import { LEAD_OWNER_ROLES } from '@/lib/sales/visibility';
import { listAssignableUsers } from '@/lib/users/users';
import { LeadForm } from '../_components/lead-form';

export const metadata: Metadata = { title: 'New lead' };

export default async function NewLeadPage() {
  const viewer = await requirePermission('leads:write');
  const assigns = can(viewer, 'leads:assign');
  const [t, owners] = await Promise.all([
    getTranslations('leads.form'),
    assigns ? listAssignableUsers([...LEAD_OWNER_ROLES]) : Promise.resolve([]),
  ]);
  return (
    <>
      <PageHeader title={t('newTitle')} />
      <Card>
        <CardBody>
          <LeadForm owners={owners} canChooseOwner={assigns} />
        </CardBody>
      </Card>
    </>
  );
}
