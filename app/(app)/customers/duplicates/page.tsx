import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { MatchBadges, PairSideCell, StrengthBadge } from '@/components/customers/pair-cells';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Select } from '@/components/ui/input';
import Link from '@/components/ui/link';
import { PageHeader } from '@/components/ui/page-header';
import { Pagination } from '@/components/ui/pagination';
import { SectionSkeleton } from '@/components/ui/skeleton';
import { Table, Td, Th } from '@/components/ui/table';
import type { Viewer } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/viewer';
import {
  DUPLICATES_PAGE_SIZE,
  type DuplicatePair,
  getDuplicateScanStatus,
  listDuplicatePairs,
} from '@/lib/customers/duplicates/find-duplicates';
import { MAX_PAIRS, type ScanInfo } from '@/lib/customers/duplicates/scan';
import {
  type DuplicateFilter,
  DuplicateFilterSchema,
  FILTER_REASONS,
  NAME_SIMILARITY,
} from '@/lib/customers/duplicates/schemas';
import { firstValues } from '@/lib/search-params';
import { RefreshWhileScanning, ScanButton } from './_components/scan-controls';

export const metadata: Metadata = { title: 'Duplicates' };

// The pairs come from a table the duplicate scan fills (nightly, at start-up when missing, or
// "Scan now"): a page is one small indexed read, however many customers there are.
export default async function DuplicatesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requirePermission('customers:merge');
  const filter = DuplicateFilterSchema.parse(firstValues(await searchParams));
  const [t, tc, format, status] = await Promise.all([
    getTranslations('duplicates'),
    getTranslations('common'),
    getFormatter(),
    getDuplicateScanStatus(viewer),
  ]);
  if (!status) notFound();
  const { last, pending, canScan } = status;
  const scanLine = last
    ? t(last.found > last.kept ? 'lastScanCapped' : 'lastScan', {
        date: format.dateTime(last.computedAt, { dateStyle: 'medium', timeStyle: 'short' }),
        found: last.found,
        kept: last.kept,
        customers: last.customers,
      })
    : null;
  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('description')}
        actions={
          <>
            {canScan ? <ScanButton pending={pending} /> : null}
            <Button asChild variant="secondary">
              <Link href="/customers">{t('backToCustomers')}</Link>
            </Button>
          </>
        }
      />
      {pending ? (
        <Alert tone="info" className="mb-4">
          {t('scanning')}
          <RefreshWhileScanning />
        </Alert>
      ) : null}
      <Card>
        <form
          className="flex flex-wrap items-end gap-3 border-b border-slate-100 p-3"
          role="search"
          aria-label={t('title')}
        >
          <label className="text-sm">
            <span className="mb-1 block text-slate-600">{t('reason')}</span>
            <Select name="reason" defaultValue={filter.reason ?? ''}>
              <option value="">{t('allReasons')}</option>
              {FILTER_REASONS.map((r) => (
                <option key={r} value={r}>
                  {t(`reasons.${r}`)}
                </option>
              ))}
            </Select>
          </label>
          <Button type="submit" variant="secondary">
            {t('apply')}
          </Button>
          <div className="basis-full space-y-1 text-xs text-slate-500">
            {scanLine ? <p>{scanLine}</p> : null}
            <p>{t('rankingHint', { similarity: Math.round(NAME_SIMILARITY * 100), max: MAX_PAIRS })}</p>
          </div>
        </form>
        <Suspense fallback={<SectionSkeleton label={tc('loading')} />}>
          <DuplicatePairs viewer={viewer} filter={filter} last={last} />
        </Suspense>
      </Card>
    </>
  );
}

/** One page of the stored pairs: a table from tablet width up, a list of cards on a phone. */
async function DuplicatePairs({
  viewer,
  filter,
  last,
}: {
  viewer: Viewer;
  filter: DuplicateFilter;
  last: ScanInfo | null;
}) {
  const [t, { rows, total }] = await Promise.all([getTranslations('duplicates'), listDuplicatePairs(viewer, filter)]);
  if (rows.length === 0) {
    // A page past the end (a bookmark, or the last pair of the last page merged): the pairs are
    // still there, so say so and lead back to them.
    if (total > 0) {
      const pages = Math.ceil(total / DUPLICATES_PAGE_SIZE);
      const params = new URLSearchParams({ ...(filter.reason ? { reason: filter.reason } : {}), page: String(pages) });
      return (
        <EmptyState
          title={t('pastEnd')}
          description={t('pastEndHint', { total, pages })}
          action={
            <Button asChild size="sm" variant="secondary">
              <Link href={`/customers/duplicates?${params}`}>{t('lastPage')}</Link>
            </Button>
          }
        />
      );
    }
    if (!last) return <EmptyState title={t('notScanned')} description={t('notScannedHint')} />;
    if (filter.reason) return <EmptyState title={t('emptyFiltered')} description={t('emptyFilteredHint')} />;
    return <EmptyState title={t('empty')} description={t('emptyHint', { customers: last.customers })} />;
  }
  const mergeLink = (pair: DuplicatePair, className?: string) => (
    <Button asChild size="sm" variant="secondary" className={className}>
      <Link
        href={`/customers/merge?a=${pair.a.id}&b=${pair.b.id}`}
        aria-label={t('mergeLabel', { a: pair.a.name, b: pair.b.name })}
      >
        {t('merge')}
      </Link>
    </Button>
  );
  return (
    <>
      <div className="hidden md:block">
        <Table aria-label={t('pairsLabel')}>
          <thead>
            <tr>
              <Th>{t('strength')}</Th>
              <Th>{t('customer')}</Th>
              <Th>{t('otherCustomer')}</Th>
              <Th>{t('matches')}</Th>
              <Th>
                <span className="sr-only">{t('actions')}</span>
              </Th>
            </tr>
          </thead>
          <tbody>
            {rows.map((pair) => (
              <tr key={`${pair.a.id}-${pair.b.id}`} className="align-top hover:bg-slate-50">
                <Td className="align-top">
                  <StrengthBadge strength={pair.strength} />
                </Td>
                <Td className="align-top">
                  <PairSideCell side={pair.a} />
                </Td>
                <Td className="align-top">
                  <PairSideCell side={pair.b} />
                </Td>
                <Td className="align-top">
                  <MatchBadges reasons={pair.reasons} nameScore={pair.nameScore} />
                </Td>
                <Td className="text-right align-top">{mergeLink(pair)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </div>
      <ul className="divide-y divide-slate-100 md:hidden" aria-label={t('pairsLabel')}>
        {rows.map((pair) => (
          <li key={`${pair.a.id}-${pair.b.id}`} className="space-y-3 p-3 text-sm">
            <div className="flex flex-wrap items-center gap-1">
              <StrengthBadge strength={pair.strength} />
              <MatchBadges reasons={pair.reasons} nameScore={pair.nameScore} />
            </div>
            <div className="grid gap-3 min-[480px]:grid-cols-2">
              <div className="border-l-2 border-slate-200 pl-2">
                <PairSideCell side={pair.a} />
              </div>
              <div className="border-l-2 border-slate-200 pl-2">
                <PairSideCell side={pair.b} />
              </div>
            </div>
            {mergeLink(pair, 'w-full')}
          </li>
        ))}
      </ul>
      <Pagination
        page={filter.page}
        pageSize={DUPLICATES_PAGE_SIZE}
        total={total}
        basePath="/customers/duplicates"
        params={{ reason: filter.reason }}
      />
    </>
  );
}
