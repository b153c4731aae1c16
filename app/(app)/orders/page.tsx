import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { FilterDisclosure } from '@/components/ui/filter-disclosure';
import { Input, Select } from '@/components/ui/input';
import Link from '@/components/ui/link';
import { PageHeader } from '@/components/ui/page-header';
import { SectionSkeleton } from '@/components/ui/skeleton';
import { can, type Viewer } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/viewer';
import { ORDER_STATUSES, type OrderFilter, OrderFilterSchema } from '@/lib/sales/orders/filters';
import { listOrders } from '@/lib/sales/orders/orders';
import { firstValues } from '@/lib/search-params';
import { listAssignableUsers } from '@/lib/users/users';
import { OrdersTable } from './_components/orders-table';

export const metadata: Metadata = { title: 'Orders' };

// Orders (sales and returns) the viewer may see (visibleOrders): filtered, sorted and paged in SQL,
// exported as CSV with the same filter. Order history imports live under /orders/import.
export default async function OrdersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requirePermission('orders:read');
  const seesTeam = viewer.role === 'admin' || viewer.role === 'manager';
  const parsed = OrderFilterSchema.parse(firstValues(await searchParams));
  const filter: OrderFilter = seesTeam ? parsed : { ...parsed, owner: undefined };
  const [t, tc, owners] = await Promise.all([
    getTranslations('orders'),
    getTranslations('common'),
    seesTeam ? listAssignableUsers(['sales_rep', 'manager', 'admin']) : Promise.resolve([]),
  ]);
  const exportParams = new URLSearchParams(
    Object.entries(filter).filter(
      (e): e is [string, string] => typeof e[1] === 'string' && Boolean(e[1]) && !['sort', 'dir'].includes(e[0]),
    ),
  );
  const field = 'w-full text-sm sm:w-40';
  const caption = 'mb-1 block text-xs font-medium text-slate-600';
  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('description')}
        actions={
          <>
            <Button asChild variant="secondary">
              <a href={`/orders/export?${exportParams.toString()}`} download>
                {t('export')}
              </a>
            </Button>
            {can(viewer, 'orders:import') ? (
              <Button asChild variant="secondary">
                <Link href="/orders/import">{t('import')}</Link>
              </Button>
            ) : null}
          </>
        }
      />
      <Card>
        <form
          role="search"
          aria-label={t('filters.label')}
          className="flex flex-wrap items-end gap-3 border-b border-slate-100 p-3"
        >
          <input type="hidden" name="sort" value={filter.sort} />
          <input type="hidden" name="dir" value={filter.dir} />
          <input type="hidden" name="size" value={filter.size} />
          <label className="w-full text-sm sm:w-56">
            <span className={caption}>{t('filters.customer')}</span>
            <Input
              type="search"
              name="customer"
              defaultValue={filter.customer}
              placeholder={t('filters.customerPlaceholder')}
            />
          </label>
          <FilterDisclosure
            active={[filter.status, filter.kind, filter.from, filter.to, filter.owner].filter(Boolean).length}
          >
            <label className={field}>
              <span className={caption}>{t('filters.status')}</span>
              <Select name="status" defaultValue={filter.status ?? ''}>
                <option value="">{t('filters.anyStatus')}</option>
                {ORDER_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`statuses.${s}`)}
                  </option>
                ))}
              </Select>
            </label>
            <label className="w-full text-sm sm:w-48">
              <span className={caption}>{t('filters.kind')}</span>
              <Select name="kind" defaultValue={filter.kind ?? ''}>
                <option value="">{t('filters.anyKind')}</option>
                <option value="sale">{t('filters.sale')}</option>
                <option value="return">{t('filters.return')}</option>
              </Select>
            </label>
            <label className={field}>
              <span className={caption}>{t('filters.from')}</span>
              <Input type="date" name="from" defaultValue={filter.from} />
            </label>
            <label className={field}>
              <span className={caption}>{t('filters.to')}</span>
              <Input type="date" name="to" defaultValue={filter.to} />
            </label>
            {seesTeam ? (
              <label className={field}>
                <span className={caption}>{t('filters.owner')}</span>
                <Select name="owner" defaultValue={filter.owner ?? ''}>
                  <option value="">{t('filters.anyOwner')}</option>
                  <option value="me">{t('filters.me')}</option>
                  <option value="none">{t('filters.none')}</option>
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
        <Suspense key={JSON.stringify(filter)} fallback={<SectionSkeleton label={tc('loading')} />}>
          <OrderList viewer={viewer} filter={filter} showOwner={seesTeam} />
        </Suspense>
      </Card>
    </>
  );
}

async function OrderList({ viewer, filter, showOwner }: { viewer: Viewer; filter: OrderFilter; showOwner: boolean }) {
  const { rows, total, totalExact } = await listOrders(viewer, filter);
  return <OrdersTable rows={rows} total={total} totalExact={totalExact} filter={filter} showOwner={showOwner} />;
}
