import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { Card, CardBody } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/viewer';
import { getCustomer } from '@/lib/customers/customers';
import { pageLocale } from '@/lib/i18n/page-locale';
import { DEAL_OWNER_ROLES } from '@/lib/sales/deals/deal-write';
import { listCustomerContactOptions } from '@/lib/sales/deals/deals';
import { listActiveStages } from '@/lib/sales/stages/stages';
import { firstValues } from '@/lib/search-params';
import { listAssignableUsers } from '@/lib/users/users';
import { DealForm } from '../_components/deal-form';

export const metadata: Metadata = { title: 'New deal' };

/** /deals/new?customer=<id>: a deal for that customer, in the first open stage unless another is chosen. */
export default async function NewDealPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requirePermission('deals:write');
  const customerId = z.uuid().safeParse(firstValues(await searchParams).customer);
  const customer = customerId.success ? await getCustomer(viewer, customerId.data) : null;
  if (!customer) notFound();
  const canReassign = can(viewer, 'deals:reassign');
  const [t, contacts, owners, stages] = await Promise.all([
    getTranslations('deals.form'),
    listCustomerContactOptions(customer.id),
    canReassign ? listAssignableUsers(DEAL_OWNER_ROLES) : Promise.resolve(null),
    pageLocale().then(listActiveStages),
  ]);
  return (
    <>
      <PageHeader title={t('newTitle')} description={customer.name} />
      <Card className="max-w-3xl">
        <CardBody>
          <DealForm
            deal={{
              customerId: customer.id,
              name: '',
              amount: '',
              expectedCloseDate: null,
              contactId: null,
              ownerId: viewer.userId,
              forecastCategory: 'pipeline',
              stageId: null,
            }}
            contacts={contacts}
            owners={owners}
            stages={stages.filter((s) => s.kind === 'open')}
            cancelHref={`/customers/${customer.id}`}
          />
        </CardBody>
      </Card>
    </>
  );
}
