import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { Button } from '@/components/ui/button';
import { Card, CardBody } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import Link from '@/components/ui/link';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/viewer';
import { getCustomer, listCustomers } from '@/lib/customers/customers';
import { CustomerFilterSchema } from '@/lib/customers/filters';
import { pageLocale } from '@/lib/i18n/page-locale';
import { DEAL_OWNER_ROLES } from '@/lib/sales/deals/deal-write';
import { listCustomerContactOptions } from '@/lib/sales/deals/deals';
import { listActiveStages } from '@/lib/sales/stages/stages';
import { firstValues } from '@/lib/search-params';
import { listAssignableUsers } from '@/lib/users/users';
import { DealForm } from '../_components/deal-form';

export const metadata: Metadata = { title: 'New deal' };

/**
 * /deals/new?customer=<id>: a deal for that customer, in the first open stage unless another is chosen.
 * Without a customer (the "New deal" button of /deals and /pipeline): find one by name first.
 */
export default async function NewDealPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requirePermission('deals:write');
  const params = firstValues(await searchParams);
  if (params.customer === undefined) return <PickCustomer q={params.q} />;
  const customerId = z.uuid().safeParse(params.customer);
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

/** A plain GET form (works without JavaScript): the customers whose name matches, newest first, a page at most. */
async function PickCustomer({ q }: { q: string | undefined }) {
  const viewer = await requirePermission('deals:write');
  const filter = CustomerFilterSchema.parse({ q, size: '25' });
  const [t, found] = await Promise.all([
    getTranslations('deals.form'),
    filter.q ? listCustomers(viewer, filter) : Promise.resolve(null),
  ]);
  return (
    <>
      <PageHeader title={t('newTitle')} description={t('pickCustomer')} />
      <Card className="max-w-3xl">
        <form
          role="search"
          aria-label={t('findCustomer')}
          className="flex flex-wrap items-end gap-3 border-b border-slate-100 p-3"
        >
          <label className="w-full text-sm sm:w-72">
            <span className="mb-1 block text-xs font-medium text-slate-600">{t('customerSearch')}</span>
            <Input type="search" name="q" defaultValue={filter.q} maxLength={100} autoComplete="off" />
          </label>
          <Button type="submit" variant="secondary">
            {t('search')}
          </Button>
        </form>
        {found ? (
          found.rows.length ? (
            <ul className="divide-y divide-slate-100">
              {found.rows.map((c) => (
                <li key={c.id} className="px-5 py-3 text-sm">
                  <Link href={`/deals/new?customer=${c.id}`} className="font-medium text-brand-700 hover:underline">
                    {c.name}
                  </Link>
                </li>
              ))}
            </ul>
          ) : (
            <p className="px-5 py-4 text-sm text-slate-500">{t('noCustomers')}</p>
          )
        ) : null}
      </Card>
    </>
  );
}
