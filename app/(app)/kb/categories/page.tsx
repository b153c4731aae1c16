import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import Link from '@/components/ui/link';
import { PageHeader } from '@/components/ui/page-header';
import { requirePermission } from '@/lib/auth/viewer';
import { listCategories } from '@/lib/service/kb-categories';
import { CategoryForm, CategoryRow } from '../_components/category-admin';

export const metadata: Metadata = { title: 'Knowledge-base categories' };

// Admins and managers keep the knowledge base's categories; everyone else gets a 404.
export default async function KbCategoriesPage() {
  const viewer = await requirePermission('kb:categories');
  const [t, categories] = await Promise.all([getTranslations('kb'), listCategories(viewer)]);
  return (
    <>
      <PageHeader
        title={t('categories.manageTitle')}
        description={t('categories.description')}
        actions={
          <Link href="/kb" className="text-sm text-brand-700 hover:underline">
            {t('backToKb')}
          </Link>
        }
      />
      <div className="space-y-6">
        <Card>
          <CardHeader title={t('categories.title')} />
          {categories.length === 0 ? (
            <p className="px-4 py-6 text-sm text-slate-500">{t('categories.none')}</p>
          ) : (
            <ul className="divide-y divide-slate-100">
              {categories.map((c) => (
                <li key={c.id} className="px-4 py-3">
                  <CategoryRow category={c} />
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card>
          <CardHeader title={t('categories.new')} />
          <CardBody>
            <CategoryForm />
          </CardBody>
        </Card>
      </div>
    </>
  );
}
