import { getFormatter, getTranslations } from 'next-intl/server';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import Link from '@/components/ui/link';
import { Table, Td, Th } from '@/components/ui/table';
import type { Viewer } from '@/lib/auth/permissions';
import { pageLocale } from '@/lib/i18n/page-locale';
import { type DealDetail, listDealActivities, listDealHistory, listDealQuotes } from '@/lib/sales/deals/deals';
import { listActiveStages } from '@/lib/sales/stages/stages';
import { DealActivityForm } from './deal-activity-form';
import { DealStageForm } from './deal-stage-form';
import { DealTimeline } from './deal-timeline';

const QUOTE_TONE = { draft: 'gray', sent: 'blue', accepted: 'green', rejected: 'red', expired: 'amber' } as const;

/** "3 d 4 h" style: days and hours spent in a stage. */
function duration(ms: number, t: (key: string, values: Record<string, number>) => string): string {
  const hours = Math.floor(ms / 3_600_000);
  const days = Math.floor(hours / 24);
  if (days > 0) return t('page.durationDays', { days, hours: hours % 24 });
  return t('page.durationHours', { hours });
}

export async function DealSections({
  viewer,
  deal,
  before,
  paged,
}: {
  viewer: Viewer;
  deal: DealDetail;
  before: { at: Date; id: string } | undefined;
  paged: boolean;
}) {
  const locale = await pageLocale();
  const [t, format, history, timeline, quotes, stages] = await Promise.all([
    getTranslations('deals'),
    getFormatter(),
    listDealHistory(viewer, deal.id, locale),
    listDealActivities(viewer, deal.id, { before }),
    listDealQuotes(viewer, deal.id),
    deal.canEdit && deal.status === 'open' ? listActiveStages(locale) : Promise.resolve([]),
  ]);
  const money = (v: string, currency: string) => format.number(Number(v), { style: 'currency', currency });
  const day = (d: string) => format.dateTime(new Date(`${d}T00:00:00Z`), { dateStyle: 'medium', timeZone: 'UTC' });
  const next = timeline.next ? `${timeline.next.at.toISOString()}_${timeline.next.id}` : null;
  const facts: [string, React.ReactNode][] = [
    [
      t('page.customer'),
      <Link key="c" href={`/customers/${deal.customerId}`} className="text-brand-700 hover:underline">
        {deal.customerName}
      </Link>,
    ],
    [t('page.contact'), deal.contactName ?? '—'],
    [
      t('page.amount'),
      <span key="a" className="tabular-nums">
        {money(deal.amount, deal.currency)}
      </span>,
    ],
    [t('page.currency'), deal.currency],
    [t('page.closeDate'), deal.expectedCloseDate ? day(deal.expectedCloseDate) : '—'],
    [t('page.stage'), `${deal.stageName} · ${t('page.probability', { value: deal.probability })}`],
    [t('page.status'), t(`filters.statuses.${deal.status}`)],
    ...(deal.status === 'lost' ? [[t('page.lostReason'), deal.lostReason ?? '—'] as [string, React.ReactNode]] : []),
    ...(deal.status === 'won' ? [[t('page.wonReason'), deal.wonReason ?? '—'] as [string, React.ReactNode]] : []),
    ...(deal.closedAt
      ? [[t('page.closedAt'), format.dateTime(deal.closedAt, { dateStyle: 'medium' })] as [string, React.ReactNode]]
      : []),
    [t('page.owner'), deal.ownerName ?? t('noOwner')],
    [t('page.forecastCategory'), t(`forecast.${deal.forecastCategory}`)],
  ];
  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
      <div className="min-w-0 space-y-6 lg:col-span-1">
        <Card>
          <CardHeader title={t('page.details')} />
          <CardBody>
            <dl className="grid grid-cols-[minmax(0,auto)_minmax(0,1fr)] gap-x-4 gap-y-2 text-sm">
              {facts.map(([label, value]) => (
                <div key={label} className="contents">
                  <dt className="text-slate-500">{label}</dt>
                  <dd className="break-words text-slate-900">{value}</dd>
                </div>
              ))}
            </dl>
          </CardBody>
        </Card>
        {deal.canEdit && deal.status === 'open' ? (
          <Card>
            <CardHeader title={t('page.changeStage')} />
            <CardBody>
              <DealStageForm
                dealId={deal.id}
                version={deal.version}
                stageId={deal.stageId}
                stages={stages.map((s) => ({ id: s.id, name: s.name, kind: s.kind }))}
              />
            </CardBody>
          </Card>
        ) : null}
        <Card>
          <CardHeader title={t('page.history')} />
          {history.length === 0 ? (
            <EmptyState title={t('page.historyEmpty')} />
          ) : (
            <ol className="divide-y divide-slate-100 text-sm" aria-label={t('page.history')}>
              {history.map((h) => (
                <li key={h.id} className="px-5 py-3">
                  <p className="font-medium text-slate-900">
                    {h.fromStageName
                      ? t('page.movedFromTo', { from: h.fromStageName, to: h.toStageName })
                      : t('page.createdIn', { to: h.toStageName })}
                  </p>
                  <p className="text-xs text-slate-500">
                    {format.dateTime(h.changedAt, { dateStyle: 'medium', timeStyle: 'short' })}
                    {h.changedByName ? ` · ${h.changedByName}` : ''}
                    {' · '}
                    {h.current
                      ? t('page.inStageSince', { time: duration(h.durationMs, t) })
                      : t('page.inStageFor', { time: duration(h.durationMs, t) })}
                  </p>
                </li>
              ))}
            </ol>
          )}
        </Card>
      </div>
      <div className="min-w-0 space-y-6 lg:col-span-2">
        <Card>
          <CardHeader
            title={t('page.quotes')}
            actions={
              deal.canEdit ? (
                <Button asChild size="sm" variant="secondary">
                  <Link href={`/quotes/new?deal=${deal.id}`}>{t('page.newQuote')}</Link>
                </Button>
              ) : null
            }
          />
          {quotes.length === 0 ? (
            <EmptyState title={t('page.quotesEmpty')} />
          ) : (
            <Table label={t('page.quotes')}>
              <thead>
                <tr>
                  <Th>{t('page.quoteNumber')}</Th>
                  <Th>{t('page.quoteStatus')}</Th>
                  <Th>{t('page.validUntil')}</Th>
                  <Th className="text-right">{t('page.quoteTotal')}</Th>
                </tr>
              </thead>
              <tbody>
                {quotes.map((q) => (
                  <tr key={q.id}>
                    <Td className="font-medium whitespace-nowrap">
                      <Link href={`/quotes/${q.id}`} className="text-brand-700 hover:underline">
                        {q.number}
                      </Link>
                    </Td>
                    <Td>
                      <Badge tone={QUOTE_TONE[q.status]}>{t(`quoteStatuses.${q.status}`)}</Badge>
                    </Td>
                    <Td className="whitespace-nowrap">{q.validUntil ? day(q.validUntil) : '—'}</Td>
                    <Td className="text-right whitespace-nowrap tabular-nums">{money(q.total, q.currency)}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </Card>
        <Card>
          <CardHeader title={t('page.activity')} />
          <CardBody className="space-y-6">
            {deal.canEdit ? <DealActivityForm dealId={deal.id} /> : null}
            <DealTimeline items={timeline.items} next={next} dealId={deal.id} paged={paged} />
          </CardBody>
        </Card>
      </div>
    </div>
  );
}
