import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Card, CardBody } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/viewer';
import { getSettings } from '@/lib/settings/settings';
import { SettingsForm } from './_components/settings-form';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage() {
  const viewer = await requirePermission('settings:read');
  const [t, settings] = await Promise.all([getTranslations('settings'), getSettings()]);
  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <Card>
        <CardBody>
          <SettingsForm settings={settings} readOnly={!can(viewer, 'settings:write')} />
        </CardBody>
      </Card>
    </>
  );
}
