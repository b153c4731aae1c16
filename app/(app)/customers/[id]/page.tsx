import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { z } from 'zod';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import Link from '@/components/ui/link';
import { PageHeader } from '@/components/ui/page-header';
import { SectionSkeleton } from '@/components/ui/skeleton';
import { requirePermission } from '@/lib/auth/viewer';
import { getCustomer } from '@/lib/customers/customers';
import { cursorParam, firstValues, pageParam } from '@/lib/search-params';
import { ConvertedLeads } from './_components/converted-leads';
import { CustomerDetails } from './_components/customer-details';
import { DeleteCustomerButton } from './_components/delete-customer-button';

export const metadata: Metadata = { title: 'Customer' };

// The access check (a missing, deleted or invisible customer is a 404) runs before anything
// streams; the 360 view's many queries load behind a Suspense boundary below the header.
export default async function CustomerPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requirePermission('customers:read');
  const id = z.uuid().safeParse((await params).id);
  const customer = id.success ? await getCustomer(viewer, id.data) : null;
  if (!customer) notFound();
  const sp = firstValues(await searchParams);
  const [t, tc, tm] = await Promise.all([
    getTranslations('customer360'),
    getTranslations('common'),
    getTranslations('customerMerge'),
  ]);

  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            {customer.name}
            <Badge tone={customer.kind === 'company' ? 'violet' : 'blue'}>{t(`kind.${customer.kind}`)}</Badge>
          </span>
        }
        description={
          <span className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <span>{t('ownedBy', { name: customer.ownerName ?? t('nobody') })}</span>
            {customer.email ? (
              <a href={`mailto:${customer.email}`} className="text-brand-700 hover:underline">
                {customer.email}
              </a>
            ) : null}
            {customer.phone ? <span>{customer.phone}</span> : null}
            {customer.tags.map((tag) => (
              <Badge key={tag}>{tag}</Badge>
            ))}
          </span>
        }
        actions={
          customer.canEdit ? (
            <>
              <Button asChild variant="secondary">
                <Link href={`/customers/${customer.id}/edit`}>{t('edit')}</Link>
              </Button>
              <DeleteCustomerButton id={customer.id} name={customer.name} />
            </>
          ) : null
        }
      />
      {/* The merge action redirects here with ?merged=1. */}
      {sp.merged === '1' ? (
        <Alert tone="success" className="mb-4">
          {tm('mergedNotice')}
        </Alert>
      ) : null}
      <Suspense fallback={null}>
        <ConvertedLeads viewer={viewer} customerId={customer.id} />
      </Suspense>
      <Suspense fallback={<SectionSkeleton label={tc('loading')} />}>
        <CustomerDetails
          viewer={viewer}
          customer={customer}
          before={cursorParam.parse(sp.before)}
          paged={Boolean(sp.before)}
          ordersPage={pageParam.parse(sp.op ?? 1)}
        />
      </Suspense>
    </>
  );
}
