import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import Link from '@/components/ui/link';
import { PageHeader } from '@/components/ui/page-header';
import { SectionSkeleton } from '@/components/ui/skeleton';
import { can } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/viewer';
import { getSettings } from '@/lib/settings/settings';
import { NewOrderImport } from './_components/new-import';
import { RecentImports } from './_components/recent-imports';

export const metadata: Metadata = { title: 'Import order history' };

// Only the head of the file is read in the browser (columns, preview); the file is uploaded in
// parts to the server, which imports it as a job (lib/sales/order-import).
export default async function OrderImportPage() {
  const viewer = await requirePermission('orders:import');
  const [t, company] = await Promise.all([getTranslations('orderImport'), getSettings()]);
  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('description')}
        actions={
          <Button asChild variant="secondary">
            <Link href="/customers">{t('back')}</Link>
          </Button>
        }
      />
      <div className="space-y-6">
        <Card>
          <CardBody>
            <NewOrderImport
              companyTimeZone={company.timeZone}
              mayImportGuests={can(viewer, 'customers:reassign')}
              ownCustomersOnly={viewer.role === 'sales_rep'}
            />
          </CardBody>
        </Card>
        <Card>
          <CardHeader title={t('list.title')} />
          <CardBody>
            <Suspense fallback={<SectionSkeleton label={t('list.title')} rows={3} />}>
              <RecentImports viewer={viewer} />
            </Suspense>
          </CardBody>
        </Card>
      </div>
    </>
  );
}
