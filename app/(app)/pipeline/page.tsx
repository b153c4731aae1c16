import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { Button } from '@/components/ui/button';
import { FilterDisclosure } from '@/components/ui/filter-disclosure';
import { Input, Select } from '@/components/ui/input';
import Link from '@/components/ui/link';
import { PageHeader } from '@/components/ui/page-header';
import { can, type Viewer } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/viewer';
import { pageLocale } from '@/lib/i18n/page-locale';
import { getBoard } from '@/lib/sales/deals/board';
import { type BoardFilter, BoardFilterSchema } from '@/lib/sales/deals/board-filters';
import { firstValues } from '@/lib/search-params';
import { listAssignableUsers } from '@/lib/users/users';
import { BoardSkeleton } from './_components/board-skeleton';
import { PipelineBoard } from './_components/pipeline-board';

export const metadata: Metadata = { title: 'Pipeline' };

// The pipeline board: open deals by stage, each column's count and totals, its first cards and
// "Show more". Reps see their own deals, agents the deals of their queue's customers (read only),
// managers and admins everyone's; marketers have no pipeline (404 from requirePermission).
export default async function PipelinePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requirePermission('deals:read');
  const seesTeam = viewer.role === 'admin' || viewer.role === 'manager';
  const parsed = BoardFilterSchema.parse(firstValues(await searchParams));
  // Only managers and admins have an owner field: for anyone else an owner in the URL would be a
  // filter they can neither see nor undo (and a rep's board is theirs anyway).
  const filter: BoardFilter = seesTeam ? parsed : { ...parsed, owner: undefined };
  const [t, owners] = await Promise.all([
    getTranslations('pipeline'),
    seesTeam ? listAssignableUsers(['sales_rep', 'manager', 'admin']) : Promise.resolve([]),
  ]);
  return (
    <>
      <PageHeader
        title={t('title')}
        description={
          // Service agents read the deals of their queue's customers and move none.
          !can(viewer, 'deals:write')
            ? t('descriptionReadOnly')
            : viewer.role === 'sales_rep'
              ? t('descriptionRep')
              : t('description')
        }
        actions={
          can(viewer, 'deals:write') ? (
            <Button asChild>
              <Link href="/deals/new">{t('newDeal')}</Link>
            </Button>
          ) : null
        }
      />
      <BoardFilters filter={filter} owners={seesTeam ? owners : null} />
      <Suspense key={JSON.stringify(filter)} fallback={<BoardSkeleton />}>
        <BoardSection viewer={viewer} filter={filter} />
      </Suspense>
    </>
  );
}

async function BoardSection({ viewer, filter }: { viewer: Viewer; filter: BoardFilter }) {
  const [t, board] = await Promise.all([
    getTranslations('pipeline'),
    pageLocale().then((locale) => getBoard(viewer, filter, undefined, locale)),
  ]);
  if (!board) return null;
  return (
    <PipelineBoard
      board={board}
      filter={filter}
      emptyText={
        viewer.role === 'sales_rep' && Object.values(filter).every((v) => v === undefined) ? t('emptyRep') : t('empty')
      }
      showOwner={viewer.role !== 'sales_rep'}
    />
  );
}

/** A plain GET form: the filters land in the URL and work without JavaScript. */
async function BoardFilters({
  filter,
  owners,
}: {
  filter: BoardFilter;
  owners: { id: string; name: string }[] | null;
}) {
  const t = await getTranslations('pipeline.filters');
  const active = [filter.owner, filter.close, filter.min, filter.max].filter(Boolean).length;
  const field = 'w-full text-sm sm:w-40';
  const caption = 'mb-1 block text-xs font-medium text-slate-600';
  return (
    <form
      role="search"
      aria-label={t('label')}
      className="mb-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3"
    >
      <label className="w-full text-sm sm:w-56">
        <span className={caption}>{t('customer')}</span>
        <Input type="search" name="customer" defaultValue={filter.customer} placeholder={t('customerPlaceholder')} />
      </label>
      <FilterDisclosure active={active}>
        {owners ? (
          <label className={field}>
            <span className={caption}>{t('owner')}</span>
            <Select name="owner" defaultValue={filter.owner ?? ''}>
              <option value="">{t('anyOwner')}</option>
              <option value="me">{t('me')}</option>
              <option value="none">{t('noOwner')}</option>
              {owners.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </Select>
          </label>
        ) : null}
        <label className={field}>
          <span className={caption}>{t('close')}</span>
          <Input type="month" name="close" defaultValue={filter.close} />
        </label>
        <label className="w-[calc(50%-0.375rem)] text-sm sm:w-32">
          <span className={caption}>{t('min')}</span>
          <Input inputMode="decimal" name="min" defaultValue={filter.min} />
        </label>
        <label className="w-[calc(50%-0.375rem)] text-sm sm:w-32">
          <span className={caption}>{t('max')}</span>
          <Input inputMode="decimal" name="max" defaultValue={filter.max} />
        </label>
      </FilterDisclosure>
      <div className="flex gap-2">
        <Button type="submit">{t('apply')}</Button>
        {active > 0 || filter.customer ? (
          <Button asChild variant="ghost">
            <Link href="/pipeline">{t('clear')}</Link>
          </Button>
        ) : null}
      </div>
    </form>
  );
}
