import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Card, CardBody } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { requirePermission } from '@/lib/auth/viewer';
import { getSettings } from '@/lib/settings/settings';
import { ProductForm } from '../_components/product-form';

export const metadata: Metadata = { title: 'New product' };

export default async function NewProductPage() {
  await requirePermission('products:write');
  const [t, settings] = await Promise.all([getTranslations('products'), getSettings()]);
  return (
    <>
      <PageHeader title={t('newTitle')} />
      <Card>
        <CardBody>
          <ProductForm defaultCurrency={settings.currency} />
        </CardBody>
      </Card>
    </>
  );
}
