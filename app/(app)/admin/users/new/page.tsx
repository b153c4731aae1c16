import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Card, CardBody } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { ROLES } from '@/db/schema/enums';
import { requirePermission } from '@/lib/auth/viewer';
import { CreateUserForm } from '../_components/user-forms';

export const metadata: Metadata = { title: 'New user' };

export default async function NewUserPage() {
  await requirePermission('users:write');
  const [t, tRoles] = await Promise.all([getTranslations('users'), getTranslations('roles')]);
  return (
    <>
      <PageHeader title={t('new')} />
      <Card>
        <CardBody>
          <CreateUserForm roles={ROLES.map((r) => ({ value: r, label: tRoles(r) }))} />
        </CardBody>
      </Card>
    </>
  );
}
