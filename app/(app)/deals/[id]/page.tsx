import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { z } from 'zod';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import Link from '@/components/ui/link';
import { PageHeader } from '@/components/ui/page-header';
import { SectionSkeleton } from '@/components/ui/skeleton';
import { requirePermission } from '@/lib/auth/viewer';
import { pageLocale } from '@/lib/i18n/page-locale';
import { getDeal } from '@/lib/sales/deals/deals';
import { cursorParam, firstValues } from '@/lib/search-params';
import { DealSections } from './_components/deal-sections';

export const metadata: Metadata = { title: 'Deal' };

const STATUS_TONE = { open: 'blue', won: 'green', lost: 'red' } as const;

// The access check (a missing deal, or one the viewer may not see, is a 404) runs before anything
// streams; history, quotes and the timeline load behind a Suspense boundary below the header.
export default async function DealPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requirePermission('deals:read');
  const id = z.uuid().safeParse((await params).id);
  const deal = id.success ? await getDeal(viewer, id.data, await pageLocale()) : null;
  if (!deal) notFound();
  const sp = firstValues(await searchParams);
  const [t, tc] = await Promise.all([getTranslations('deals'), getTranslations('common')]);
  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2 break-words">
            {deal.name}
            <Badge tone={STATUS_TONE[deal.status]}>{t(`filters.statuses.${deal.status}`)}</Badge>
          </span>
        }
        description={
          <span className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <Link href={`/customers/${deal.customerId}`} className="text-brand-700 hover:underline">
              {deal.customerName}
            </Link>
            <span>{t('page.ownedBy', { name: deal.ownerName ?? t('noOwner') })}</span>
          </span>
        }
        actions={
          deal.canEdit ? (
            <Button asChild variant="secondary">
              <Link href={`/deals/${deal.id}/edit`}>{t('page.edit')}</Link>
            </Button>
          ) : null
        }
      />
      <Suspense fallback={<SectionSkeleton label={tc('loading')} />}>
        <DealSections viewer={viewer} deal={deal} before={cursorParam.parse(sp.before)} paged={Boolean(sp.before)} />
      </Suspense>
    </>
  );
}
