import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { MatchBadges, PairSideCell } from '@/components/customers/pair-cells';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Select } from '@/components/ui/input';
import { PageHeader } from '@/components/ui/page-header';
import { Pagination } from '@/components/ui/pagination';
import { SectionSkeleton } from '@/components/ui/skeleton';
import { Table, Td, Th } from '@/components/ui/table';
import type { Viewer } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/viewer';
import { DUPLICATES_PAGE_SIZE, listDuplicatePairs, NAME_PROBE_LIMIT } from '@/lib/customers/duplicates/find-duplicates';
import {
  DUPLICATE_REASONS,
  type DuplicateFilter,
  DuplicateFilterSchema,
  NAME_WINDOWS,
} from '@/lib/customers/duplicates/schemas';
import { firstValues } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Duplicates' };

export default async function DuplicatesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requirePermission('customers:merge');
  const filter = DuplicateFilterSchema.parse(firstValues(await searchParams));
  const [t, tc] = await Promise.all([getTranslations('duplicates'), getTranslations('common')]);
  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('description')}
        actions={
          <Button asChild variant="secondary">
            <Link href="/customers">{t('backToCustomers')}</Link>
          </Button>
        }
      />
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
              {DUPLICATE_REASONS.map((r) => (
                <option key={r} value={r}>
                  {t(`reasons.${r}`)}
                </option>
              ))}
            </Select>
          </label>
          <label className="text-sm">
            <span className="mb-1 block text-slate-600">{t('window')}</span>
            <Select name="days" defaultValue={String(filter.days)}>
              {NAME_WINDOWS.map((d) => (
                <option key={d} value={d}>
                  {t('windowOption', { days: d })}
                </option>
              ))}
            </Select>
          </label>
          <Button type="submit" variant="secondary">
            {t('apply')}
          </Button>
          <p className="basis-full text-xs text-slate-500">
            {t('windowHint', { days: filter.days, limit: NAME_PROBE_LIMIT })}
          </p>
        </form>
        <Suspense fallback={<SectionSkeleton label={tc('loading')} />}>
          <DuplicatePairs viewer={viewer} filter={filter} />
        </Suspense>
      </Card>
    </>
  );
}

/** The slow part: one page of likely duplicate pairs, streamed below the filter form. */
async function DuplicatePairs({ viewer, filter }: { viewer: Viewer; filter: DuplicateFilter }) {
  const [t, { rows, total }] = await Promise.all([getTranslations('duplicates'), listDuplicatePairs(viewer, filter)]);
  return (
    <>
      {rows.length === 0 ? (
        <EmptyState title={t('empty')} description={t('emptyHint')} />
      ) : (
        <Table>
          <thead>
            <tr>
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
                <Td>
                  <PairSideCell side={pair.a} />
                </Td>
                <Td>
                  <PairSideCell side={pair.b} />
                </Td>
                <Td>
                  <MatchBadges sameEmail={pair.sameEmail} samePhone={pair.samePhone} nameScore={pair.nameScore} />
                </Td>
                <Td className="text-right">
                  <Button asChild size="sm" variant="secondary">
                    <Link
                      href={`/customers/merge?a=${pair.a.id}&b=${pair.b.id}`}
                      aria-label={t('mergeLabel', { a: pair.a.name, b: pair.b.name })}
                    >
                      {t('merge')}
                    </Link>
                  </Button>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <Pagination
        page={filter.page}
        pageSize={DUPLICATES_PAGE_SIZE}
        total={total}
        basePath="/customers/duplicates"
        params={{ reason: filter.reason, days: String(filter.days) }}
      />
    </>
  );
}
