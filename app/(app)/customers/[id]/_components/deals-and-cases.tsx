import { getFormatter, getTranslations } from 'next-intl/server';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import Link from '@/components/ui/link';
import { Table, Td, Th } from '@/components/ui/table';
import type { CaseLine, DealLine } from '@/lib/customers/customer-360';

/** The customer's deals and cases the viewer may read (rows as they exist; pages come with their issues). */
export async function DealsAndCases({
  deals,
  cases,
  showDeals,
  showCases,
  newDealHref = null,
  newCaseHref = null,
}: {
  deals: DealLine[];
  cases: CaseLine[];
  showDeals: boolean;
  showCases: boolean;
  /** Where "New deal" leads, for those who may create deals. */
  newDealHref?: string | null;
  /** Where "New case" leads, for those who may open cases. */
  newCaseHref?: string | null;
}) {
  const [t, format] = await Promise.all([getTranslations('customer360'), getFormatter()]);
  return (
    <>
      {showDeals ? (
        <Card id="deals">
          <CardHeader
            title={t('deals.title')}
            actions={
              newDealHref ? (
                <Button asChild size="sm" variant="secondary">
                  <Link href={newDealHref}>{t('deals.new')}</Link>
                </Button>
              ) : null
            }
          />
          {deals.length === 0 ? (
            <EmptyState title={t('deals.empty')} />
          ) : (
            <Table label={t('deals.title')}>
              <thead>
                <tr>
                  <Th>{t('deals.name')}</Th>
                  <Th>{t('deals.stage')}</Th>
                  <Th>{t('deals.owner')}</Th>
                  <Th>{t('deals.close')}</Th>
                  <Th className="text-right">{t('deals.amount')}</Th>
                </tr>
              </thead>
              <tbody>
                {deals.map((d) => (
                  <tr key={d.id}>
                    <Td className="font-medium">
                      <Link href={`/deals/${d.id}`} className="text-brand-700 hover:underline">
                        {d.name}
                      </Link>
                    </Td>
                    <Td>
                      <Badge tone={d.status === 'won' ? 'green' : d.status === 'lost' ? 'red' : 'blue'}>
                        {d.stage}
                      </Badge>
                    </Td>
                    <Td>{d.ownerName ?? '—'}</Td>
                    <Td className="whitespace-nowrap">
                      {d.expectedCloseDate
                        ? format.dateTime(new Date(`${d.expectedCloseDate}T00:00:00Z`), {
                            dateStyle: 'medium',
                            timeZone: 'UTC',
                          })
                        : '—'}
                    </Td>
                    <Td className="text-right whitespace-nowrap tabular-nums">
                      {format.number(Number(d.amount), { style: 'currency', currency: d.currency })}
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </Card>
      ) : null}
      {showCases ? (
        <Card id="cases">
          <CardHeader
            title={t('cases.title')}
            actions={
              newCaseHref ? (
                <Button asChild size="sm" variant="secondary">
                  <Link href={newCaseHref}>{t('cases.new')}</Link>
                </Button>
              ) : null
            }
          />
          {cases.length === 0 ? (
            <EmptyState title={t('cases.empty')} />
          ) : (
            <Table label={t('cases.title')}>
              <thead>
                <tr>
                  <Th>#</Th>
                  <Th>{t('cases.subject')}</Th>
                  <Th>{t('cases.priority')}</Th>
                  <Th>{t('cases.status')}</Th>
                  <Th>{t('cases.assignee')}</Th>
                  <Th>{t('cases.opened')}</Th>
                </tr>
              </thead>
              <tbody>
                {cases.map((c) => (
                  <tr key={c.id}>
                    <Td className="font-mono text-xs whitespace-nowrap">CS-{c.number}</Td>
                    <Td>
                      <Link href={`/cases/${c.id}`} className="text-brand-700 hover:underline">
                        {c.subject}
                      </Link>
                    </Td>
                    <Td>
                      <Badge tone={c.priority === 'urgent' ? 'red' : c.priority === 'high' ? 'amber' : 'gray'}>
                        {t(`cases.priorities.${c.priority}`)}
                      </Badge>
                    </Td>
                    <Td>{t(`cases.statuses.${c.status}`)}</Td>
                    <Td>{c.assigneeName ?? t('cases.unassigned')}</Td>
                    <Td className="whitespace-nowrap">{format.dateTime(c.createdAt, { dateStyle: 'medium' })}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </Card>
      ) : null}
    </>
  );
}
