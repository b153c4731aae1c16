import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { getTranslations } from 'next-intl/server';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { getAnalyticsStatus } from '@/lib/analytics/runs';
import { can } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/viewer';
import { CAPTURE_LIMIT } from '@/lib/sales/leads/capture';
import { getLeadSettings } from '@/lib/sales/leads/lead-settings';
import { leadFormSnippet } from '@/lib/sales/leads/snippet';
import { servedOverHttps } from '@/lib/security-headers';
import { getCaseSettings } from '@/lib/service/assignment';
import { getSettings } from '@/lib/settings/settings';
import { AnalyticsSummary } from './_components/analytics-summary';
import { CaseSettingsForm } from './_components/case-settings';
import { LeadSettingsForm } from './_components/lead-settings';
import { SettingsForm } from './_components/settings-form';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage() {
  const viewer = await requirePermission('settings:read');
  const [t, ta, tl, tcase, settings, analytics, leadSettings, caseSettings, requestHeaders] = await Promise.all([
    getTranslations('settings'),
    getTranslations('analyticsRefresh'),
    getTranslations('leads.settings'),
    getTranslations('cases.settings'),
    getSettings(),
    getAnalyticsStatus(viewer),
    getLeadSettings(viewer),
    getCaseSettings(viewer),
    headers(),
  ]);
  // The public endpoint's address as visitors' browsers reach this server.
  const host = requestHeaders.get('x-forwarded-host') ?? requestHeaders.get('host') ?? 'localhost';
  const endpoint = `${servedOverHttps(requestHeaders) ? 'https' : 'http'}://${host}/api/public/leads`;
  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <Card>
        <CardBody>
          <SettingsForm settings={settings} readOnly={!can(viewer, 'settings:write')} />
        </CardBody>
      </Card>
      {leadSettings ? (
        <Card className="mt-6">
          <CardHeader title={tl('title')} description={tl('description')} />
          <CardBody>
            <LeadSettingsForm
              settings={leadSettings}
              readOnly={!can(viewer, 'settings:write')}
              snippet={leadFormSnippet(endpoint)}
              limit={{ max: CAPTURE_LIMIT.max, minutes: CAPTURE_LIMIT.windowMinutes }}
            />
          </CardBody>
        </Card>
      ) : null}
      {caseSettings ? (
        <Card className="mt-6">
          <CardHeader title={tcase('title')} description={tcase('description')} />
          <CardBody>
            <CaseSettingsForm settings={caseSettings} readOnly={!can(viewer, 'settings:write')} />
          </CardBody>
        </Card>
      ) : null}
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
