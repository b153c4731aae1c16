import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Badge } from '@/components/ui/badge';
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
import { listProductCategories, listProducts } from '@/lib/sales/products/products';
import { PRODUCT_PAGE_SIZE, type ProductFilter, ProductFilterSchema } from '@/lib/sales/products/schemas';
import { firstValues } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Products' };

// The price book. Admins and managers see every product and edit them; sales reps read the active
// ones (what they can quote); agents and marketers get a 404 from requirePermission.
export default async function ProductsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requirePermission('products:read');
  const canWrite = can(viewer, 'products:write');
  const parsed = ProductFilterSchema.parse(firstValues(await searchParams));
  const filter: ProductFilter = canWrite ? parsed : { ...parsed, status: 'active' };
  const [t, format, list, categories] = await Promise.all([
    getTranslations('products'),
    getFormatter(),
    listProducts(viewer, filter),
    listProductCategories(viewer),
  ]);
  const field = 'w-full text-sm sm:w-44';
  const caption = 'mb-1 block text-xs font-medium text-slate-600';
  return (
    <>
      <PageHeader
        title={t('title')}
        description={canWrite ? t('description') : t('descriptionRep')}
        actions={
          canWrite ? (
            <Button asChild>
              <Link href="/products/new">{t('new')}</Link>
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
            <span className={caption}>{t('filters.q')}</span>
            <Input type="search" name="q" defaultValue={filter.q} placeholder={t('filters.qPlaceholder')} />
          </label>
          <FilterDisclosure active={[filter.category, canWrite && filter.status !== 'active'].filter(Boolean).length}>
            <label className={field}>
              <span className={caption}>{t('filters.category')}</span>
              <Select name="category" defaultValue={filter.category ?? ''}>
                <option value="">{t('filters.anyCategory')}</option>
                {categories.map((c) => (
                  <option key={c}>{c}</option>
                ))}
              </Select>
            </label>
            {canWrite ? (
              <label className={field}>
                <span className={caption}>{t('filters.status')}</span>
                <Select name="status" defaultValue={filter.status}>
                  <option value="active">{t('filters.active')}</option>
                  <option value="inactive">{t('filters.inactive')}</option>
                  <option value="all">{t('filters.all')}</option>
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
                <Th>{t('columns.sku')}</Th>
                <Th>{t('columns.name')}</Th>
                <Th>{t('columns.category')}</Th>
                <Th className="text-right">{t('columns.price')}</Th>
                {canWrite ? <Th>{t('columns.status')}</Th> : null}
              </tr>
            </thead>
            <tbody>
              {list.rows.map((p) => (
                <tr key={p.id}>
                  <Td className="font-mono text-xs whitespace-nowrap">{p.sku}</Td>
                  <Td className="min-w-48">
                    {canWrite ? (
                      <Link href={`/products/${p.id}`} className="font-medium text-brand-700 hover:underline">
                        {p.name}
                      </Link>
                    ) : (
                      <span className="font-medium">{p.name}</span>
                    )}
                    {p.description ? <span className="block text-xs text-slate-500">{p.description}</span> : null}
                  </Td>
                  <Td>{p.category ?? '—'}</Td>
                  <Td className="text-right whitespace-nowrap tabular-nums">
                    {format.number(Number(p.unitPrice), { style: 'currency', currency: p.currency })}
                  </Td>
                  {canWrite ? (
                    <Td>
                      <Badge tone={p.active ? 'green' : 'gray'}>{p.active ? t('active') : t('inactive')}</Badge>
                    </Td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        <Pagination
          page={filter.page}
          pageSize={PRODUCT_PAGE_SIZE}
          total={list.total}
          basePath="/products"
          params={{ q: filter.q, category: filter.category, status: canWrite ? filter.status : undefined }}
        />
      </Card>
    </>
  );
}
