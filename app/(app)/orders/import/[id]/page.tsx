import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { Button } from '@/components/ui/button';
import { Card, CardBody } from '@/components/ui/card';
import Link from '@/components/ui/link';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/viewer';
import { getOrderImport } from '@/lib/sales/order-import/imports';
import { toProgress } from '@/lib/sales/order-import/progress';
import { ImportProgress } from '../_components/import-progress';

export const metadata: Metadata = { title: 'Order import' };

// One import: its progress (polled while it runs), counts, report and actions. A missing import,
// or one the viewer may not follow, is a 404 before anything renders.
export default async function OrderImportJobPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePermission('orders:import');
  const id = z.uuid().safeParse((await params).id);
  const found = id.success ? await getOrderImport(viewer, id.data) : null;
  if (!found) notFound();
  const t = await getTranslations('orderImport');
  return (
    <>
      <PageHeader
        title={t('title')}
        description={<span className="break-all">{found.fileName}</span>}
        actions={
          <Button asChild variant="secondary">
            <Link href="/orders/import">{t('actions.another')}</Link>
          </Button>
        }
      />
      <Card>
        <CardBody>
          <ImportProgress initial={toProgress(found)} canSeeAnalytics={can(viewer, 'analytics:read')} />
        </CardBody>
      </Card>
    </>
  );
}
