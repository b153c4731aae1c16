import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { Card, CardBody } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/viewer';
import { pageLocale } from '@/lib/i18n/page-locale';
import { DEAL_OWNER_ROLES } from '@/lib/sales/deals/deal-write';
import { getDeal, listCustomerContactOptions } from '@/lib/sales/deals/deals';
import { listAssignableUsers } from '@/lib/users/users';
import { DealForm } from '../../_components/deal-form';

export const metadata: Metadata = { title: 'Edit deal' };

export default async function EditDealPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePermission('deals:write');
  const id = z.uuid().safeParse((await params).id);
  const deal = id.success ? await getDeal(viewer, id.data, await pageLocale()) : null;
  if (!deal?.canEdit) notFound();
  const canReassign = can(viewer, 'deals:reassign');
  const [t, contacts, owners] = await Promise.all([
    getTranslations('deals.form'),
    listCustomerContactOptions(deal.customerId),
    canReassign ? listAssignableUsers(DEAL_OWNER_ROLES) : Promise.resolve(null),
  ]);
  return (
    <>
      <PageHeader title={t('editTitle', { name: deal.name })} description={deal.customerName} />
      <Card className="max-w-3xl">
        <CardBody>
          <DealForm
            deal={{
              id: deal.id,
              version: deal.version,
              customerId: deal.customerId,
              name: deal.name,
              amount: deal.amount,
              expectedCloseDate: deal.expectedCloseDate,
              contactId: deal.contactId,
              ownerId: deal.ownerId,
              forecastCategory: deal.forecastCategory,
            }}
            contacts={contacts}
            owners={owners}
            cancelHref={`/deals/${deal.id}`}
          />
        </CardBody>
      </Card>
    </>
  );
}
