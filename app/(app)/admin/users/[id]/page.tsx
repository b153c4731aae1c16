import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { Badge } from '@/components/ui/badge';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { ROLES } from '@/db/schema/enums';
import { can } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/viewer';
import { getUser } from '@/lib/users/users';
import { EditUserForm, ResetPasswordForm } from '../_components/user-forms';

export const metadata: Metadata = { title: 'User' };

export default async function UserPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePermission('users:read');
  const id = z.uuid().safeParse((await params).id);
  if (!id.success) notFound();
  const user = await getUser(viewer, id.data);
  if (!user) notFound();
  const [t, tRoles, format] = await Promise.all([getTranslations('users'), getTranslations('roles'), getFormatter()]);
  const roles = ROLES.map((r) => ({ value: r, label: tRoles(r) }));
  return (
    <>
      <PageHeader
        title={user.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            {user.email} · {tRoles(user.role)}{' '}
            {user.active ? <Badge tone="green">{t('active')}</Badge> : <Badge>{t('inactive')}</Badge>}
          </span>
        }
      />
      {can(viewer, 'users:write') ? (
        <div className="grid gap-6 lg:grid-cols-2">
          <Card>
            <CardHeader title={t('details')} />
            <CardBody>
              <EditUserForm user={user} roles={roles} />
            </CardBody>
          </Card>
          <Card>
            <CardHeader title={t('resetPassword')} description={t('resetPasswordHint')} />
            <CardBody>
              <ResetPasswordForm userId={user.id} />
            </CardBody>
          </Card>
        </div>
      ) : (
        <Card>
          <CardBody>
            <dl className="grid gap-3 text-sm sm:grid-cols-2">
              <div>
                <dt className="text-slate-500">{t('created')}</dt>
                <dd>{format.dateTime(user.createdAt, { dateStyle: 'medium' })}</dd>
              </div>
              <div>
                <dt className="text-slate-500">{t('lastLogin')}</dt>
                <dd>
                  {user.lastLoginAt
                    ? format.dateTime(user.lastLoginAt, { dateStyle: 'medium', timeStyle: 'short' })
                    : t('never')}
                </dd>
              </div>
            </dl>
          </CardBody>
        </Card>
      )}
    </>
  );
}
