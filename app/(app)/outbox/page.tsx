import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { z } from 'zod';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Select } from '@/components/ui/input';
import Link from '@/components/ui/link';
import { PageHeader } from '@/components/ui/page-header';
import { SectionSkeleton } from '@/components/ui/skeleton';
import { Table, Td, Th } from '@/components/ui/table';
import type { Viewer } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/viewer';
import { mailConfig } from '@/lib/mail/config';
import { canSimulateInbound, listMail, recentOutbound } from '@/lib/mail/outbox';
import { firstValues, idParam, optional } from '@/lib/search-params';
import { SimulateInboundForm } from './_components/simulate-form';
import { STATUS_TONES } from './_components/status-tones';

export const metadata: Metadata = { title: 'Outbox' };

const FilterSchema = z.object({
  direction: optional(z.enum(['out', 'in'])),
  before: idParam,
});

export default async function OutboxPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requirePermission('mail:read');
  const f = FilterSchema.parse(firstValues(await searchParams));
  const [t, tc] = await Promise.all([getTranslations('outbox'), getTranslations('common')]);
  const simulate = canSimulateInbound(viewer);
  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      {mailConfig().smtpUrl ? null : <Alert className="mb-4">{t('catchAll')}</Alert>}
      <div className="grid min-w-0 grid-cols-1 gap-6 xl:grid-cols-3">
        <Card className="min-w-0 xl:col-span-2">
          <Suspense fallback={<SectionSkeleton label={tc('loading')} />}>
            <MailList viewer={viewer} f={f} />
          </Suspense>
        </Card>
        {simulate ? (
          <Card className="min-w-0">
            <CardHeader title={t('simulate.title')} description={t('simulate.hint')} />
            <CardBody>
              <Suspense fallback={<SectionSkeleton label={tc('loading')} />}>
                <Simulate viewer={viewer} />
              </Suspense>
            </CardBody>
          </Card>
        ) : null}
      </div>
    </>
  );
}

async function Simulate({ viewer }: { viewer: Viewer }) {
  const replies = await recentOutbound(viewer);
  return (
    <SimulateInboundForm replies={replies.map((r) => ({ messageId: r.messageId, label: `${r.subject} → ${r.to}` }))} />
  );
}

async function MailList({ viewer, f }: { viewer: Viewer; f: z.infer<typeof FilterSchema> }) {
  const [t, format, { rows, nextBefore }] = await Promise.all([
    getTranslations('outbox'),
    getFormatter(),
    listMail(viewer, { direction: f.direction, before: f.before }),
  ]);
  const keep = f.direction ? `direction=${f.direction}&` : '';
  return (
    <>
      <form
        className="flex flex-wrap items-end gap-3 border-b border-slate-100 p-3"
        role="search"
        aria-label={t('filterLabel')}
      >
        <label className="text-sm">
          <span className="mb-1 block text-slate-600">{t('direction')}</span>
          <Select name="direction" defaultValue={f.direction ?? ''}>
            <option value="">{t('all')}</option>
            <option value="out">{t('out')}</option>
            <option value="in">{t('in')}</option>
          </Select>
        </label>
        <Button type="submit" variant="secondary">
          {t('filter')}
        </Button>
      </form>
      {rows.length === 0 ? (
        <EmptyState title={t('empty')} />
      ) : (
        <Table label={t('title')}>
          <thead>
            <tr>
              <Th>{t('when')}</Th>
              <Th>{t('subject')}</Th>
              <Th>{t('from')}</Th>
              <Th>{t('to')}</Th>
              <Th>{t('case')}</Th>
              <Th>{t('status')}</Th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <Td className="whitespace-nowrap text-slate-600">
                  {format.dateTime(r.createdAt, { dateStyle: 'short', timeStyle: 'short' })}
                </Td>
                <Td className="max-w-xs">
                  <Link href={`/outbox/${r.id}`} className="font-medium text-brand-700 hover:underline">
                    {r.subject || t('noText')}
                  </Link>
                </Td>
                <Td className="max-w-[12rem] truncate" title={r.fromAddress}>
                  {r.fromAddress}
                </Td>
                <Td className="max-w-[12rem] truncate" title={r.toAddresses.join(', ')}>
                  {r.toAddresses.join(', ')}
                </Td>
                <Td className="whitespace-nowrap">{r.caseNumber ? `#${r.caseNumber}` : t('noCase')}</Td>
                <Td className="whitespace-nowrap">
                  <Badge tone={STATUS_TONES[r.status]}>{t(`statuses.${r.status}`)}</Badge>
                  {r.status === 'ignored' && r.error ? (
                    <span className="ml-1 text-xs text-slate-600">{t(`reasons.${r.error}` as 'reasons.bounce')}</span>
                  ) : null}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <div className="flex justify-end gap-2 p-3">
        {f.before ? (
          <Button asChild variant="secondary" size="sm">
            <Link href={`/outbox?${keep}`}>{t('newest')}</Link>
          </Button>
        ) : null}
        {nextBefore ? (
          <Button asChild variant="secondary" size="sm">
            <Link href={`/outbox?${keep}before=${nextBefore}`}>{t('older')}</Link>
          </Button>
        ) : null}
      </div>
    </>
  );
}
