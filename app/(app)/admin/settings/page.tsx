import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { getAnalyticsStatus } from '@/lib/analytics/runs';
import { can } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/viewer';
import { getSettings } from '@/lib/settings/settings';
import { AnalyticsSummary } from './_components/analytics-summary';
import { SettingsForm } from './_components/settings-form';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage() {
  const viewer = await requirePermission('settings:read');
  const [t, ta, settings, analytics] = await Promise.all([
    getTranslations('settings'),
    getTranslations('analyticsRefresh'),
    getSettings(),
    getAnalyticsStatus(viewer),
  ]);
  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <Card>
        <CardBody>
          <SettingsForm settings={settings} readOnly={!can(viewer, 'settings:write')} />
        </CardBody>
      </Card>
      {analytics ? (
        <Card className="mt-6">
          <CardHeader title={ta('title')} description={ta('description')} />
          <CardBody>
            <AnalyticsSummary status={analytics} />
          </CardBody>
        </Card>
      ) : null}
    </>
  );
}
