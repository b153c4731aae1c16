import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/page-header';
import { requirePermission } from '@/lib/auth/viewer';
import { builderOptions } from '../_components/options';
import { SegmentEditor } from '../_components/segment-editor';

export const metadata: Metadata = { title: 'New segment' };

export default async function NewSegmentPage() {
  const viewer = await requirePermission('marketing:write');
  const [t, options] = await Promise.all([getTranslations('segments'), builderOptions(viewer)]);
  return (
    <>
      <PageHeader title={t('newTitle')} />
      <SegmentEditor options={options} canWrite />
    </>
  );
}
