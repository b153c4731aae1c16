import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import Link from '@/components/ui/link';
import { PageHeader } from '@/components/ui/page-header';
import { Table, Td, Th } from '@/components/ui/table';
import { can } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/viewer';
import { type CampaignListRow, listCampaigns } from '@/lib/marketing/campaigns/campaigns';
import { CampaignStatusBadge } from './_components/status-badge';

export const metadata: Metadata = { title: 'Campaigns' };

// Marketers and admins write campaigns; managers read them; everyone else gets a 404. The counters
// come from each campaign's row (kept as sends happen): the list never reads members.
export default async function CampaignsPage() {
  const viewer = await requirePermission('marketing:read');
  const canWrite = can(viewer, 'marketing:write');
  const [t, format, list] = await Promise.all([getTranslations('campaigns'), getFormatter(), listCampaigns(viewer)]);
  const at = (d: Date) => format.dateTime(d, { dateStyle: 'medium', timeStyle: 'short' });
  const when = (c: CampaignListRow) =>
    c.sentAt
      ? t('when.sent', { at: at(c.sentAt) })
      : c.startedAt
        ? t('when.started', { at: at(c.startedAt) })
        : c.scheduledAt
          ? t('when.scheduled', { at: at(c.scheduledAt) })
          : t('when.notYet');
  /** A count with its rate of the sent ones beneath it. */
  const withRate = (n: number, sent: number) => (
    <>
      <span className="block">{format.number(n)}</span>
      {sent > 0 ? (
        <span className="block text-xs whitespace-nowrap text-slate-500">
          {t('rate', { rate: format.number(n / sent, { style: 'percent', maximumFractionDigits: 1 }) })}
        </span>
      ) : null}
    </>
  );
  const newButton = (
    <Button asChild>
      <Link href="/campaigns/new">{t('new')}</Link>
    </Button>
  );
  return (
    <>
      <PageHeader
        title={t('title')}
        description={canWrite ? t('description') : t('readOnly')}
        actions={canWrite ? newButton : null}
      />
      <Card>
        {list.length === 0 ? (
          <EmptyState
            title={t('empty')}
            description={canWrite ? t('emptyHint') : t('emptyReadOnly')}
            action={canWrite ? newButton : undefined}
          />
        ) : (
          <Table label={t('title')}>
            <thead>
              <tr>
                <Th>{t('columns.name')}</Th>
                <Th>{t('columns.status')}</Th>
                <Th>{t('columns.segment')}</Th>
                <Th>{t('columns.when')}</Th>
                <Th className="text-right">{t('columns.audience')}</Th>
                <Th className="text-right">{t('columns.sent')}</Th>
                <Th className="text-right">{t('columns.opened')}</Th>
                <Th className="text-right">{t('columns.clicked')}</Th>
              </tr>
            </thead>
            <tbody>
              {list.map((c) => (
                <tr key={c.id}>
                  <Td className="min-w-48">
                    <Link href={`/campaigns/${c.id}`} className="font-medium text-brand-700 hover:underline">
                      {c.name}
                    </Link>
                  </Td>
                  <Td>
                    <CampaignStatusBadge status={c.status} />
                  </Td>
                  <Td className="min-w-32">{c.segmentName ?? t('none')}</Td>
                  <Td className="whitespace-nowrap text-slate-600">{when(c)}</Td>
                  <Td className="text-right tabular-nums">{format.number(c.counters.audience)}</Td>
                  <Td className="text-right tabular-nums">{format.number(c.counters.sent)}</Td>
                  <Td className="text-right tabular-nums">{withRate(c.counters.opened, c.counters.sent)}</Td>
                  <Td className="text-right tabular-nums">{withRate(c.counters.clicked, c.counters.sent)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
