import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { z } from 'zod';
import { Button } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { Input, Select } from '@/components/ui/input';
import { PageHeader } from '@/components/ui/page-header';
import { SectionSkeleton } from '@/components/ui/skeleton';
import { can } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/viewer';
import { type CampaignDetail, getCampaign } from '@/lib/marketing/campaigns/campaigns';
import { listSegments } from '@/lib/marketing/segments/segments';
import { firstValues, optional } from '@/lib/search-params';
import { AutoRefresh } from '../_components/auto-refresh';
import { RunningControls } from '../_components/campaign-controls';
import { CampaignEditor } from '../_components/campaign-editor';
import { CampaignApart, CampaignFunnel } from '../_components/campaign-stats';
import { MemberList } from '../_components/member-list';
import { CampaignStatusBadge } from '../_components/status-badge';

export const metadata: Metadata = { title: 'Campaign' };

const MEMBER_STATUSES = ['queued', 'sending', 'sent', 'failed', 'skipped', 'holdout'] as const;

const MemberFilterSchema = z.object({
  status: optional(z.enum(MEMBER_STATUSES)),
  email: optional(z.string().trim().max(254)),
  after: optional(z.uuid()),
});

// A draft or scheduled campaign opens in its editor (read-only for managers); once it has started,
// the page shows its results: counters from the campaign row, recipients a page at a time. While it
// is sending, the page refreshes itself.
export default async function CampaignPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requirePermission('marketing:read');
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const campaign = await getCampaign(viewer, id);
  if (!campaign) notFound();
  const canWrite = can(viewer, 'marketing:write');
  const [t, format] = await Promise.all([getTranslations('campaigns'), getFormatter()]);
  const editable = campaign.status === 'draft' || campaign.status === 'scheduled';
  const running = campaign.status === 'sending' || campaign.status === 'paused';
  const description = (
    <span className="flex flex-wrap items-center gap-2">
      <CampaignStatusBadge status={campaign.status} />
      {campaign.segmentName ? <span>{campaign.segmentName}</span> : null}
      {!canWrite ? <span>· {t('readOnly')}</span> : null}
    </span>
  );
  const controls = {
    id: campaign.id,
    name: campaign.name,
    version: campaign.version,
    status: campaign.status,
    segmentId: campaign.segmentId,
    holdoutPercent: campaign.holdoutPercent,
    scheduledAt: campaign.scheduledAt,
  };

  if (editable) {
    const segments = await listSegments(viewer);
    return (
      <>
        <PageHeader title={campaign.name} description={description} />
        <CampaignEditor
          key={campaign.version}
          campaign={{ ...controls, ...editorFields(campaign) }}
          segments={segments.map((s) => ({ id: s.id, name: s.name, memberCount: s.memberCount }))}
          canWrite={canWrite}
        />
      </>
    );
  }

  const filter = MemberFilterSchema.parse(firstValues(await searchParams));
  const ts = await getTranslations('campaigns.stats');
  const tm = await getTranslations('campaigns.members');
  const tc = await getTranslations('common');
  const at = (d: Date | null) => (d ? format.dateTime(d, { dateStyle: 'medium', timeStyle: 'short' }) : t('none'));
  const facts: [string, string][] = [
    [ts('subject'), campaign.subject],
    [
      ts('from'),
      campaign.fromAddress
        ? `${campaign.fromName ? `${campaign.fromName} ` : ''}<${campaign.fromAddress}>`
        : (campaign.fromName ?? ts('defaultFrom')),
    ],
    [ts('segment'), campaign.segmentName ?? t('none')],
    [ts('owner'), campaign.ownerName ?? t('none')],
    ...(campaign.scheduledAt ? [[ts('scheduledAt'), at(campaign.scheduledAt)] as [string, string]] : []),
    [ts('startedAt'), at(campaign.startedAt)],
    [ts('sentAt'), at(campaign.sentAt)],
    [ts('cost'), format.number(Number(campaign.cost), 'money')],
    [ts('holdoutPercent'), `${campaign.holdoutPercent} %`],
    [ts('ratePerMinute'), format.number(campaign.ratePerMinute)],
    [ts('attributionDays'), ts('days', { count: campaign.attributionDays })],
  ];
  return (
    <>
      <AutoRefresh active={campaign.status === 'sending'} />
      <PageHeader
        title={campaign.name}
        description={description}
        actions={running && canWrite ? <RunningControls campaign={controls} /> : null}
      />
      {campaign.status === 'sending' ? (
        <p className="mb-4 text-sm text-slate-600" role="status">
          {ts('refreshing')}
        </p>
      ) : null}
      <div className="space-y-6">
        <Card>
          <CardHeader title={ts('overview')} />
          <dl className="grid gap-x-6 gap-y-3 px-5 py-4 text-sm sm:grid-cols-2 lg:grid-cols-3">
            {facts.map(([label, value]) => (
              <div key={label} className="min-w-0">
                <dt className="text-slate-500">{label}</dt>
                <dd className="font-medium [overflow-wrap:anywhere] text-slate-900">{value}</dd>
              </div>
            ))}
          </dl>
        </Card>
        {campaign.counters.audience > 0 ? (
          <div className="grid gap-6 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
            <CampaignFunnel counters={campaign.counters} />
            <Suspense fallback={<SectionSkeleton label={tc('loading')} />}>
              <CampaignApart viewer={viewer} campaignId={campaign.id} counters={campaign.counters} />
            </Suspense>
          </div>
        ) : (
          <p className="text-sm text-slate-500">{ts('notStarted')}</p>
        )}
        <Card id="recipients">
          <CardHeader title={tm('title')} />
          <form
            role="search"
            aria-label={tm('filterLabel')}
            className="flex flex-wrap items-end gap-3 border-b border-slate-100 p-3"
          >
            <label className="w-full text-sm sm:w-44">
              <span className="mb-1 block text-xs font-medium text-slate-600">{tm('status')}</span>
              <Select name="status" defaultValue={filter.status ?? ''}>
                <option value="">{tm('anyStatus')}</option>
                {MEMBER_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {tm(`statuses.${s}`)}
                  </option>
                ))}
              </Select>
            </label>
            <label className="w-full text-sm sm:w-64">
              <span className="mb-1 block text-xs font-medium text-slate-600">{tm('email')}</span>
              <Input type="search" name="email" defaultValue={filter.email ?? ''} maxLength={254} />
            </label>
            <Button type="submit" variant="secondary">
              {tm('apply')}
            </Button>
          </form>
          <Suspense key={JSON.stringify(filter)} fallback={<SectionSkeleton label={tc('loading')} />}>
            <MemberList
              viewer={viewer}
              campaignId={campaign.id}
              audience={campaign.counters.audience}
              filter={{ status: filter.status, email: filter.email }}
              after={filter.after}
            />
          </Suspense>
        </Card>
      </div>
    </>
  );
}

function editorFields(c: CampaignDetail) {
  return {
    subject: c.subject,
    fromName: c.fromName,
    fromAddress: c.fromAddress,
    bodyText: c.bodyText,
    bodyHtml: c.bodyHtml,
    cost: c.cost,
    ratePerMinute: c.ratePerMinute,
    attributionDays: c.attributionDays,
  };
}
