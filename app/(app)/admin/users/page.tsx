import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { z } from 'zod';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Input, Select } from '@/components/ui/input';
import Link from '@/components/ui/link';
import { PageHeader } from '@/components/ui/page-header';
import { Pagination } from '@/components/ui/pagination';
import { SectionSkeleton } from '@/components/ui/skeleton';
import { Table, Td, Th } from '@/components/ui/table';
import { ROLES } from '@/db/schema/enums';
import { can, type Viewer } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/viewer';
import { firstValues, optional, pageParam } from '@/lib/search-params';
import { listUsers } from '@/lib/users/users';

export const metadata: Metadata = { title: 'Users' };

const FilterSchema = z.object({
  q: optional(z.string().trim().max(100)),
  role: optional(z.enum(ROLES)),
  active: optional(z.enum(['true', 'false'])),
  page: pageParam,
});
const PAGE_SIZE = 50;

export default async function UsersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requirePermission('users:read');
  const filter = FilterSchema.parse(firstValues(await searchParams));
  const [t, tRoles, tc] = await Promise.all([
    getTranslations('users'),
    getTranslations('roles'),
    getTranslations('common'),
  ]);
  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('description')}
        actions={
          can(viewer, 'users:write') ? (
            <Button asChild>
              <Link href="/admin/users/new">{t('new')}</Link>
            </Button>
          ) : null
        }
      />
      <Card>
        <form className="flex flex-wrap items-end gap-3 border-b border-slate-100 p-3" role="search">
          <label className="min-w-48 flex-1 text-sm">
            <span className="sr-only">{t('search')}</span>
            <Input name="q" type="search" placeholder={t('search')} defaultValue={filter.q} />
          </label>
          <label className="text-sm">
            <span className="sr-only">{t('role')}</span>
            <Select name="role" defaultValue={filter.role ?? ''} aria-label={t('role')}>
              <option value="">{t('allRoles')}</option>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {tRoles(r)}
                </option>
              ))}
            </Select>
          </label>
          <label className="text-sm">
            <span className="sr-only">{t('status')}</span>
            <Select name="active" defaultValue={filter.active ?? ''} aria-label={t('status')}>
              <option value="">{t('allStatuses')}</option>
              <option value="true">{t('active')}</option>
              <option value="false">{t('inactive')}</option>
            </Select>
          </label>
          <Button type="submit" variant="secondary">
            {t('filter')}
          </Button>
        </form>
        <Suspense fallback={<SectionSkeleton label={tc('loading')} />}>
          <UserList viewer={viewer} filter={filter} />
        </Suspense>
      </Card>
    </>
  );
}

/** The slow part: one page of users, streamed below the filter form. */
async function UserList({ viewer, filter }: { viewer: Viewer; filter: z.infer<typeof FilterSchema> }) {
  const [t, tRoles, format, { rows, total }] = await Promise.all([
    getTranslations('users'),
    getTranslations('roles'),
    getFormatter(),
    listUsers(viewer, {
      ...filter,
      active: filter.active === undefined ? undefined : filter.active === 'true',
      pageSize: PAGE_SIZE,
    }),
  ]);
  return (
    <>
      {rows.length === 0 ? (
        <EmptyState title={t('empty')} />
      ) : (
        <Table label={t('title')}>
          <thead>
            <tr>
              <Th>{t('name')}</Th>
              <Th>{t('email')}</Th>
              <Th>{t('role')}</Th>
              <Th>{t('status')}</Th>
              <Th>{t('lastLogin')}</Th>
            </tr>
          </thead>
          <tbody>
            {rows.map((u) => (
              <tr key={u.id} className="hover:bg-slate-50">
                <Td>
                  <Link href={`/admin/users/${u.id}`} className="font-medium text-brand-700 hover:underline">
                    {u.name}
                  </Link>
                </Td>
                <Td className="text-slate-600">{u.email}</Td>
                <Td>{tRoles(u.role)}</Td>
                <Td>
                  {u.active ? <Badge tone="green">{t('active')}</Badge> : <Badge tone="gray">{t('inactive')}</Badge>}
                </Td>
                <Td className="text-slate-600">
                  {u.lastLoginAt
                    ? format.dateTime(u.lastLoginAt, { dateStyle: 'medium', timeStyle: 'short' })
                    : t('never')}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <Pagination
        page={filter.page}
        pageSize={PAGE_SIZE}
        total={total}
        basePath="/admin/users"
        params={{ q: filter.q, role: filter.role, active: filter.active }}
      />
    </>
  );
}
