import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { FilterDisclosure } from '@/components/ui/filter-disclosure';
import { Input, Select } from '@/components/ui/input';
import Link from '@/components/ui/link';
import { PageHeader } from '@/components/ui/page-header';
import { Pagination } from '@/components/ui/pagination';
import { Table, Td, Th } from '@/components/ui/table';
import { can } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/viewer';
import { listQuotes } from '@/lib/sales/quotes/quotes';
import { QUOTE_PAGE_SIZE, QUOTE_STATUSES, type QuoteFilter, QuoteFilterSchema } from '@/lib/sales/quotes/schemas';
import { firstValues } from '@/lib/search-params';
import { listAssignableUsers } from '@/lib/users/users';
import { QuoteStatusBadge } from './_components/status-badge';

export const metadata: Metadata = { title: 'Quotes' };

// Quotes of the deals the viewer may read (lib/sales/visibility.ts visibleQuotes), newest first,
// filtered and paged in SQL. Only managers and admins have the owner filter.
export default async function QuotesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requirePermission('quotes:read');
  const seesTeam = viewer.role === 'admin' || viewer.role === 'manager';
  const parsed = QuoteFilterSchema.parse(firstValues(await searchParams));
  const filter: QuoteFilter = seesTeam ? parsed : { ...parsed, owner: undefined };
  const [t, format, list, owners] = await Promise.all([
    getTranslations('quotes'),
    getFormatter(),
    listQuotes(viewer, filter),
    seesTeam ? listAssignableUsers(['sales_rep', 'manager', 'admin']) : Promise.resolve([]),
  ]);
  const field = 'w-full text-sm sm:w-44';
  const caption = 'mb-1 block text-xs font-medium text-slate-600';
  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('description')}
        actions={
          can(viewer, 'quotes:write') ? (
            <Button asChild>
              <Link href="/quotes/new">{t('newTitle')}</Link>
            </Button>
          ) : null
        }
      />
      <Card>
        <form
          role="search"
          aria-label={t('filters.label')}
          className="flex flex-wrap items-end gap-3 border-b border-slate-100 p-3"
        >
          <label className="w-full text-sm sm:w-64">
            <span className={caption}>{t('filters.customer')}</span>
            <Input
              type="search"
              name="customer"
              defaultValue={filter.customer}
              placeholder={t('filters.customerPlaceholder')}
            />
          </label>
          <FilterDisclosure active={[filter.status, filter.owner].filter(Boolean).length}>
            <label className={field}>
              <span className={caption}>{t('filters.status')}</span>
              <Select name="status" defaultValue={filter.status ?? ''}>
                <option value="">{t('filters.anyStatus')}</option>
                {QUOTE_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`statuses.${s}`)}
                  </option>
                ))}
              </Select>
            </label>
            {seesTeam ? (
              <label className={field}>
                <span className={caption}>{t('filters.owner')}</span>
                <Select name="owner" defaultValue={filter.owner ?? ''}>
                  <option value="">{t('filters.anyOwner')}</option>
                  <option value="me">{t('filters.me')}</option>
                  {owners.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                    </option>
                  ))}
                </Select>
              </label>
            ) : null}
          </FilterDisclosure>
          <Button type="submit" variant="secondary">
            {t('filters.apply')}
          </Button>
        </form>
        {list.rows.length === 0 ? (
          <EmptyState title={t('empty')} />
        ) : (
          <Table label={t('title')}>
            <thead>
              <tr>
                <Th>{t('columns.number')}</Th>
                <Th>{t('columns.customer')}</Th>
                <Th>{t('columns.status')}</Th>
                {seesTeam ? <Th>{t('columns.owner')}</Th> : null}
                <Th>{t('columns.validUntil')}</Th>
                <Th className="text-right">{t('columns.total')}</Th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((q) => (
                <tr key={q.id}>
                  <Td className="whitespace-nowrap">
                    <Link
                      href={`/quotes/${q.id}`}
                      className="font-mono text-xs font-medium text-brand-700 hover:underline"
                    >
                      {q.number}
                    </Link>
                    {q.title ? <span className="block max-w-56 truncate text-xs text-slate-500">{q.title}</span> : null}
                  </Td>
                  <Td className="min-w-40">
                    <Link href={`/customers/${q.customerId}`} className="hover:underline">
                      {q.customerName}
                    </Link>
                    {q.dealName ? (
                      <span className="block max-w-64 truncate text-xs text-slate-500">{q.dealName}</span>
                    ) : null}
                  </Td>
                  <Td>
                    <QuoteStatusBadge status={q.status} />
                  </Td>
                  {seesTeam ? <Td className="whitespace-nowrap">{q.ownerName ?? '—'}</Td> : null}
                  <Td className="whitespace-nowrap">
                    {q.validUntil
                      ? format.dateTime(new Date(`${q.validUntil}T00:00:00Z`), { dateStyle: 'medium', timeZone: 'UTC' })
                      : '—'}
                  </Td>
                  <Td className="text-right whitespace-nowrap tabular-nums">
                    {format.number(Number(q.total), { style: 'currency', currency: q.currency })}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        <Pagination
          page={filter.page}
          pageSize={QUOTE_PAGE_SIZE}
          total={list.total}
          basePath="/quotes"
          params={{ customer: filter.customer, status: filter.status, owner: filter.owner }}
        />
      </Card>
    </>
  );
}
