import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/viewer';
import { getSegment } from '@/lib/marketing/segments/segments';
import { builderOptions } from '../_components/options';
import { SegmentEditor } from '../_components/segment-editor';

export const metadata: Metadata = { title: 'Segment' };

export default async function SegmentPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePermission('marketing:read');
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const [t, segment, options] = await Promise.all([
    getTranslations('segments'),
    getSegment(viewer, id),
    builderOptions(viewer),
  ]);
  if (!segment) notFound();
  const canWrite = can(viewer, 'marketing:write');
  return (
    <>
      <PageHeader title={segment.name} description={canWrite ? segment.description : t('readOnly')} />
      <SegmentEditor key={segment.version} segment={segment} options={options} canWrite={canWrite} />
    </>
  );
}
