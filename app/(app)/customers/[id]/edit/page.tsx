import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { Card, CardBody } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/viewer';
import { getCustomer } from '@/lib/customers/customers';
import { CUSTOMER_OWNER_ROLES } from '@/lib/customers/visibility';
import { listAssignableUsers } from '@/lib/users/users';
import { CustomerForm } from '../../_components/customer-form';

export const metadata: Metadata = { title: 'Edit customer' };

export default async function EditCustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePermission('customers:read');
  const id = z.uuid().safeParse((await params).id);
  const customer = id.success ? await getCustomer(viewer, id.data) : null;
  if (!customer?.canEdit) notFound();
  const [t, owners] = await Promise.all([getTranslations('customers'), listAssignableUsers(CUSTOMER_OWNER_ROLES)]);
  return (
    <>
      <PageHeader title={t('editTitle', { name: customer.name })} />
      <Card>
        <CardBody>
          <CustomerForm customer={customer} owners={owners} canChooseOwner={can(viewer, 'customers:reassign')} />
        </CardBody>
      </Card>
    </>
  );
}
