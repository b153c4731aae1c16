import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Markdown } from '@/components/markdown/markdown';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardBody } from '@/components/ui/card';
import Link from '@/components/ui/link';
import { can } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/viewer';
import { getArticle } from '@/lib/service/kb';
import { routeSlug } from '@/lib/service/kb-schemas';
import { HelpfulVote } from '../_components/helpful-vote';
import { StatusActions } from '../_components/status-actions';
import { StatusBadge } from '../_components/status-badge';

export const metadata: Metadata = { title: 'Article' };

export default async function ArticlePage({ params }: { params: Promise<{ slug: string }> }) {
  const viewer = await requirePermission('kb:read');
  const slug = routeSlug((await params).slug);
  if (!slug) notFound();
  const article = await getArticle(viewer, slug, { countView: true });
  if (!article) notFound();
  const [t, format] = await Promise.all([getTranslations('kb'), getFormatter()]);
  const canWrite = can(viewer, 'kb:write');
  return (
    <article className="mx-auto max-w-3xl space-y-4">
      <nav aria-label={t('breadcrumb')} className="text-sm [overflow-wrap:anywhere]">
        <Link href="/kb" className="text-brand-700 hover:underline">
          {t('title')}
        </Link>
        {article.categoryName && article.categoryId ? (
          <>
            <span className="px-1 text-slate-400" aria-hidden>
              /
            </span>
            <Link href={`/kb?category=${article.categoryId}`} className="text-brand-700 hover:underline">
              {article.categoryName}
            </Link>
          </>
        ) : null}
      </nav>
      <header className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold tracking-tight break-words text-slate-900">{article.title}</h1>
          <p className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-500">
            {article.status !== 'published' ? (
              <StatusBadge status={article.status} label={t(`status.${article.status}`)} />
            ) : null}
            {article.authorName ? <span>{t('meta.author', { name: article.authorName })}</span> : null}
            <span>{t('meta.updated', { date: format.dateTime(article.updatedAt, { dateStyle: 'medium' }) })}</span>
            <span>{t('meta.views', { count: article.viewCount })}</span>
          </p>
        </div>
        {canWrite ? (
          <Button asChild variant="secondary">
            <Link href={`/kb/${encodeURIComponent(article.slug)}/edit`}>{t('edit')}</Link>
          </Button>
        ) : null}
      </header>
      <Card>
        <CardBody>
          <Markdown source={article.body} />
          {article.tags.length ? (
            <ul className="mt-6 flex flex-wrap gap-1" aria-label={t('tags')}>
              {article.tags.map((tag) => (
                <li key={tag}>
                  <Link href={`/kb?tag=${encodeURIComponent(tag)}`}>
                    <Badge tone="gray">{tag}</Badge>
                  </Link>
                </li>
              ))}
            </ul>
          ) : null}
        </CardBody>
      </Card>
      {article.status === 'published' ? (
        <HelpfulVote id={article.id} yes={article.helpfulYes} no={article.helpfulNo} myVote={article.myVote} />
      ) : null}
      {canWrite ? <StatusActions id={article.id} version={article.version} status={article.status} /> : null}
    </article>
  );
}
