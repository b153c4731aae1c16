import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Button } from '@/components/ui/button';
import { Card, CardBody } from '@/components/ui/card';
import Link from '@/components/ui/link';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/viewer';
import { ImportWizard } from './_components/import-wizard';

export const metadata: Metadata = { title: 'Import' };

// The file is read, checked and mapped in the browser; every chunk of rows is validated and
// authorised again by the server actions in lib/customers/import/actions.ts.
export default async function CustomerImportPage() {
  const viewer = await requirePermission('customers:import');
  const [t, to] = await Promise.all([getTranslations('import'), getTranslations('orderImport')]);
  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('description')}
        actions={
          <Button asChild variant="secondary">
            <Link href="/customers">{t('back')}</Link>
          </Button>
        }
      />
      {can(viewer, 'orders:import') ? (
        <p className="mb-4 text-sm text-slate-600">
          {to('fromCustomers')}{' '}
          <Link href="/orders/import" className="font-medium text-brand-700 hover:underline">
            {to('fromCustomersLink')}
          </Link>
        </p>
      ) : null}
      <Card>
        <CardBody>
          <ImportWizard canAssignOwner={can(viewer, 'customers:reassign')} />
        </CardBody>
      </Card>
    </>
  );
}
