import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Card, CardBody } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/viewer';
import { CUSTOMER_OWNER_ROLES } from '@/lib/customers/visibility';
import { listAssignableUsers } from '@/lib/users/users';
import { CustomerForm } from '../_components/customer-form';

export const metadata: Metadata = { title: 'New customer' };

export default async function NewCustomerPage() {
  const viewer = await requirePermission('customers:write');
  const [t, owners] = await Promise.all([getTranslations('customers'), listAssignableUsers(CUSTOMER_OWNER_ROLES)]);
  return (
    <>
      <PageHeader title={t('new')} />
      <Card>
        <CardBody>
          <CustomerForm owners={owners} canChooseOwner={can(viewer, 'customers:reassign')} />
        </CardBody>
      </Card>
    </>
  );
}
