import { getFormatter, getTranslations } from 'next-intl/server';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import Link from '@/components/ui/link';
import { Table, Td, Th } from '@/components/ui/table';
import type { Viewer } from '@/lib/auth/permissions';
import {
  countCampaignMembers,
  listCampaignMembers,
  type MemberFilter,
  type MemberStatus,
} from '@/lib/marketing/campaigns/members';

export const PAGE_SIZE = 50;

const TONES: Record<MemberStatus, BadgeTone> = {
  queued: 'gray',
  sending: 'blue',
  sent: 'green',
  failed: 'red',
  bounced: 'red',
  skipped: 'amber',
  holdout: 'violet',
};

/**
 * One page of the campaign's recipients (keyset on the customer id: the 1,000th page costs what the
 * first does). The total is the audience counter without a filter, else a capped count.
 */
export async function MemberList({
  viewer,
  campaignId,
  audience,
  filter,
  after,
}: {
  viewer: Viewer;
  campaignId: string;
  audience: number;
  filter: MemberFilter;
  after?: string;
}) {
  const filtered = Boolean(filter.status || filter.email);
  const [t, ts, format, rows, total] = await Promise.all([
    getTranslations('campaigns.members'),
    getTranslations('campaigns.stats'),
    getFormatter(),
    listCampaignMembers(viewer, campaignId, { ...filter, after, limit: PAGE_SIZE + 1 }),
    filtered ? countCampaignMembers(viewer, campaignId, filter) : Promise.resolve({ value: audience, exact: true }),
  ]);
  const page = rows.slice(0, PAGE_SIZE);
  const more = rows.length > PAGE_SIZE;
  const params = new URLSearchParams();
  if (filter.status) params.set('status', filter.status);
  if (filter.email) params.set('email', filter.email);
  const href = (cursor?: string) => {
    const q = new URLSearchParams(params);
    if (cursor) q.set('after', cursor);
    const s = q.toString();
    return `/campaigns/${campaignId}${s ? `?${s}` : ''}#recipients`;
  };
  const at = (d: Date | null) => (d ? format.dateTime(d, { dateStyle: 'short', timeStyle: 'short' }) : '—');
  return (
    <>
      {page.length === 0 ? (
        <EmptyState title={t('empty')} />
      ) : (
        <Table label={t('title')}>
          <thead>
            <tr>
              <Th>{t('customer')}</Th>
              <Th>{t('address')}</Th>
              <Th>{t('status')}</Th>
              <Th>{t('sentAt')}</Th>
              <Th>{t('opened')}</Th>
              <Th>{t('clicked')}</Th>
            </tr>
          </thead>
          <tbody>
            {page.map((m) => (
              <tr key={m.id}>
                <Td className="min-w-40">
                  <Link href={`/customers/${m.customerId}`} className="text-brand-700 hover:underline">
                    {m.customerName}
                  </Link>
                </Td>
                <Td className="max-w-[16rem] truncate" title={m.email}>
                  {m.email || '—'}
                </Td>
                <Td className="whitespace-nowrap">
                  <Badge tone={TONES[m.status]}>{t(`statuses.${m.status}`)}</Badge>
                  {m.skipReason ? (
                    <span className="ml-1 text-xs text-slate-600">{ts(`skipReasons.${m.skipReason}`)}</span>
                  ) : null}
                  {m.unsubscribedAt ? <Badge className="ml-1">{t('unsubscribed')}</Badge> : null}
                  {m.error ? (
                    <span className="block max-w-[16rem] truncate text-xs text-red-700" title={m.error}>
                      {m.error}
                    </span>
                  ) : null}
                </Td>
                <Td className="whitespace-nowrap text-slate-600">{at(m.sentAt)}</Td>
                <Td className="whitespace-nowrap text-slate-600">{at(m.openedAt)}</Td>
                <Td className="whitespace-nowrap text-slate-600">{at(m.clickedAt)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <nav
        aria-label={t('title')}
        className="flex flex-wrap items-center justify-between gap-3 px-3 py-3 text-sm text-slate-600"
      >
        <span>{total?.exact ? t('total', { count: total.value }) : t('totalMore', { count: total?.value ?? 0 })}</span>
        <span className="flex gap-2">
          {after ? (
            <Button asChild variant="secondary" size="sm">
              <Link href={href()}>{t('first')}</Link>
            </Button>
          ) : null}
          {more ? (
            <Button asChild variant="secondary" size="sm">
              <Link href={href(page[page.length - 1].customerId)} rel="next">
                {t('next')}
              </Link>
            </Button>
          ) : null}
        </span>
      </nav>
    </>
  );
}
