import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { Card, CardBody } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { requirePermission } from '@/lib/auth/viewer';
import { getArticle } from '@/lib/service/kb';
import { listCategories } from '@/lib/service/kb-categories';
import { routeSlug } from '@/lib/service/kb-schemas';
import { ArticleForm } from '../../_components/article-form';

export const metadata: Metadata = { title: 'Edit article' };

export default async function EditArticlePage({ params }: { params: Promise<{ slug: string }> }) {
  const viewer = await requirePermission('kb:write');
  const slug = routeSlug((await params).slug);
  if (!slug) notFound();
  const [t, article, categories] = await Promise.all([
    getTranslations('kb'),
    getArticle(viewer, slug),
    listCategories(viewer),
  ]);
  if (!article) notFound();
  return (
    <>
      <PageHeader title={t('editTitle', { title: article.title })} />
      <Card>
        <CardBody>
          <ArticleForm
            article={{
              id: article.id,
              version: article.version,
              slug: article.slug,
              title: article.title,
              body: article.body,
              categoryId: article.categoryId,
              tags: article.tags,
            }}
            categories={categories.map((c) => ({ id: c.id, name: c.name }))}
          />
        </CardBody>
      </Card>
    </>
  );
}
