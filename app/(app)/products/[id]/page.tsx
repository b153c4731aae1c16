import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { Card, CardBody } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { requirePermission } from '@/lib/auth/viewer';
import { getProduct } from '@/lib/sales/products/products';
import { getSettings } from '@/lib/settings/settings';
import { ProductActiveToggle, ProductForm } from '../_components/product-form';

export const metadata: Metadata = { title: 'Edit product' };

export default async function ProductPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePermission('products:write');
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const [t, product, settings] = await Promise.all([
    getTranslations('products'),
    getProduct(viewer, id),
    getSettings(),
  ]);
  if (!product) notFound();
  return (
    <>
      <PageHeader title={t('editTitle', { sku: product.sku })} />
      <div className="space-y-6">
        <Card>
          <CardBody>
            <ProductForm product={product} defaultCurrency={settings.currency} />
          </CardBody>
        </Card>
        <Card>
          <CardBody>
            <ProductActiveToggle product={product} />
          </CardBody>
        </Card>
      </div>
    </>
  );
}
