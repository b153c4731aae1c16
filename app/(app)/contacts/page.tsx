import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { z } from 'zod';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import { PageHeader } from '@/components/ui/page-header';
import { SectionSkeleton } from '@/components/ui/skeleton';
import type { Viewer } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/viewer';
import { listContacts } from '@/lib/customers/contacts';
import { firstValues, hiddenColumns, optional, pageParam } from '@/lib/search-params';
import { ContactsTable } from './_components/contacts-table';

export const metadata: Metadata = { title: 'Contacts' };

const FilterSchema = z.object({
  q: optional(z.string().trim().max(100)),
  sort: z.enum(['name', 'email', 'customer', 'createdAt']).catch('name'),
  dir: z.enum(['asc', 'desc']).catch('asc'),
  page: pageParam,
  size: z.coerce
    .number()
    .pipe(z.union([z.literal(25), z.literal(50), z.literal(100)]))
    .catch(50),
});

export default async function ContactsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requirePermission('customers:read');
  const raw = firstValues(await searchParams);
  const filter = FilterSchema.parse(raw);
  const [t, tc] = await Promise.all([getTranslations('contacts'), getTranslations('common')]);
  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <Card>
        <form role="search" className="flex flex-wrap items-end gap-3 border-b border-slate-100 p-3">
          <input type="hidden" name="sort" value={filter.sort} />
          <input type="hidden" name="dir" value={filter.dir} />
          <label className="min-w-60 flex-1 text-sm">
            <span className="mb-1 block text-xs font-medium text-slate-600">{t('search')}</span>
            <Input type="search" name="q" defaultValue={filter.q} />
          </label>
          <Button type="submit" variant="secondary">
            {t('apply')}
          </Button>
        </form>
        <Suspense fallback={<SectionSkeleton label={tc('loading')} />}>
          <ContactList viewer={viewer} filter={filter} hidden={hiddenColumns(raw.hide, [])} />
        </Suspense>
      </Card>
    </>
  );
}

/** The slow part: one page of contacts, streamed after the search form. */
async function ContactList({
  viewer,
  filter,
  hidden,
}: {
  viewer: Viewer;
  filter: z.infer<typeof FilterSchema>;
  hidden: string[];
}) {
  const { rows, total, totalExact } = await listContacts(viewer, filter);
  return (
    <ContactsTable
      rows={rows}
      total={total}
      totalExact={totalExact}
      page={filter.page}
      size={filter.size}
      sort={filter.sort}
      dir={filter.dir}
      hidden={hidden}
    />
  );
}
