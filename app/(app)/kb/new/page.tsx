import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Card, CardBody } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { requirePermission } from '@/lib/auth/viewer';
import { listCategories } from '@/lib/service/kb-categories';
import { ArticleForm } from '../_components/article-form';

export const metadata: Metadata = { title: 'New article' };

export default async function NewArticlePage() {
  const viewer = await requirePermission('kb:write');
  const [t, categories] = await Promise.all([getTranslations('kb'), listCategories(viewer)]);
  return (
    <>
      <PageHeader title={t('newTitle')} />
      <Card>
        <CardBody>
          <ArticleForm categories={categories.map((c) => ({ id: c.id, name: c.name }))} />
        </CardBody>
      </Card>
    </>
  );
}
