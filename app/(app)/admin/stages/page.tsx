import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/viewer';
import { pageLocale } from '@/lib/i18n/page-locale';
import { listStageAdmin } from '@/lib/sales/stages/stages';
import { NewStageForm, StageList } from './_components/stage-admin';

export const metadata: Metadata = { title: 'Stages' };

// The pipeline's stages: admins change them, managers read them; everyone else gets a 404.
export default async function StagesPage() {
  const viewer = await requirePermission('stages:read');
  const [t, stages] = await Promise.all([
    getTranslations('stages'),
    pageLocale().then((locale) => listStageAdmin(viewer, locale)),
  ]);
  const canWrite = can(viewer, 'stages:write');
  const all = stages ?? [];
  const active = all.filter((s) => s.active);
  const inactive = all.filter((s) => !s.active);
  return (
    <>
      <PageHeader title={t('title')} description={canWrite ? t('description') : t('descriptionReadOnly')} />
      <div className="space-y-6">
        <Card>
          <CardHeader title={t('active')} description={t('activeHint')} />
          <StageList stages={active} all={all} canWrite={canWrite} label={t('active')} />
        </Card>
        {canWrite ? (
          <Card>
            <CardHeader title={t('new')} />
            <CardBody>
              <NewStageForm />
            </CardBody>
          </Card>
        ) : null}
        {inactive.length ? (
          <Card>
            <CardHeader title={t('inactive')} description={t('inactiveHint')} />
            <StageList stages={inactive} all={all} canWrite={canWrite} label={t('inactive')} />
          </Card>
        ) : null}
      </div>
    </>
  );
}
