import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/page-header';
import { requirePermission } from '@/lib/auth/viewer';
import { listSegments } from '@/lib/marketing/segments/segments';
import { CampaignEditor } from '../_components/campaign-editor';

export const metadata: Metadata = { title: 'New campaign' };

export default async function NewCampaignPage() {
  const viewer = await requirePermission('marketing:write');
  const [t, segments] = await Promise.all([getTranslations('campaigns'), listSegments(viewer)]);
  return (
    <>
      <PageHeader title={t('newTitle')} />
      <CampaignEditor
        segments={segments.map((s) => ({ id: s.id, name: s.name, memberCount: s.memberCount }))}
        canWrite
      />
    </>
  );
}
