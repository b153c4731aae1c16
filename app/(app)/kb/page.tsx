import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Input, Select } from '@/components/ui/input';
import Link from '@/components/ui/link';
import { PageHeader } from '@/components/ui/page-header';
import { Pagination } from '@/components/ui/pagination';
import { can } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/viewer';
import { firstValues } from '@/lib/search-params';
import { listArticles, listTags } from '@/lib/service/kb';
import { listCategories } from '@/lib/service/kb-categories';
import { articleUrl, KB_PAGE_SIZE, KbFilterSchema } from '@/lib/service/kb-schemas';
import { snippet } from '@/lib/service/kb-text';
import { CategoryNav } from './_components/category-nav';
import { StatusBadge } from './_components/status-badge';

export const metadata: Metadata = { title: 'Knowledge base' };

// The knowledge base: search (PostgreSQL full-text, English and Chinese), categories and tags.
// Everyone reads published articles; agents, managers and admins also see drafts and write.
export default async function KbPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requirePermission('kb:read');
  const canWrite = can(viewer, 'kb:write');
  const parsed = KbFilterSchema.parse(firstValues(await searchParams));
  const filter = canWrite ? parsed : { ...parsed, status: 'published' as const };
  const [t, format, list, categories, tags] = await Promise.all([
    getTranslations('kb'),
    getFormatter(),
    listArticles(viewer, filter),
    listCategories(viewer),
    listTags(viewer),
  ]);
  const params = {
    q: filter.q,
    category: filter.category,
    tag: filter.tag,
    status: canWrite && filter.status !== 'all' ? filter.status : undefined,
  };
  const caption = 'mb-1 block text-xs font-medium text-slate-600';
  return (
    <>
      <PageHeader
        title={t('title')}
        description={canWrite ? t('descriptionWriter') : t('description')}
        actions={
          <>
            {can(viewer, 'kb:categories') ? (
              <Button asChild variant="secondary">
                <Link href="/kb/categories">{t('categories.manage')}</Link>
              </Button>
            ) : null}
            {canWrite ? (
              <Button asChild>
                <Link href="/kb/new">{t('new')}</Link>
              </Button>
            ) : null}
          </>
        }
      />
      <div className="grid gap-6 lg:grid-cols-[14rem_1fr]">
        <CategoryNav
          categories={categories.map((c) => ({ id: c.id, name: c.name, count: c.articles }))}
          current={filter.category}
          tags={tags}
          currentTag={filter.tag}
          q={filter.q}
        />
        <Card className="min-w-0">
          <form
            role="search"
            aria-label={t('search.label')}
            className="flex flex-wrap items-end gap-3 border-b border-slate-100 p-3"
          >
            {filter.category ? <input type="hidden" name="category" value={filter.category} /> : null}
            {filter.tag ? <input type="hidden" name="tag" value={filter.tag} /> : null}
            <label className="w-full text-sm sm:w-80">
              <span className={caption}>{t('search.q')}</span>
              <Input type="search" name="q" defaultValue={filter.q} placeholder={t('search.placeholder')} />
            </label>
            {canWrite ? (
              <label className="w-full text-sm sm:w-40">
                <span className={caption}>{t('search.status')}</span>
                <Select name="status" defaultValue={filter.status}>
                  <option value="all">{t('status.all')}</option>
                  <option value="published">{t('status.published')}</option>
                  <option value="draft">{t('status.draft')}</option>
                  <option value="archived">{t('status.archived')}</option>
                </Select>
              </label>
            ) : null}
            <Button type="submit" variant="secondary">
              {t('search.submit')}
            </Button>
          </form>
          {filter.q ? (
            <p className="px-4 pt-3 text-sm text-slate-600" aria-live="polite">
              {t('search.results', { count: list.total, q: filter.q })}
            </p>
          ) : null}
          {list.rows.length === 0 ? (
            <EmptyState title={filter.q ? t('search.none') : t('empty')} />
          ) : (
            <ul className="divide-y divide-slate-100">
              {list.rows.map((a) => (
                <li key={a.id} className="px-4 py-3 [overflow-wrap:anywhere]">
                  <div className="flex flex-wrap items-baseline gap-2">
                    <Link href={articleUrl(a.slug)} className="font-medium text-brand-700 hover:underline">
                      {a.title}
                    </Link>
                    {a.status !== 'published' ? (
                      <StatusBadge status={a.status} label={t(`status.${a.status}`)} />
                    ) : null}
                  </div>
                  <p className="mt-1 line-clamp-3 text-sm text-slate-600">
                    {snippet(a.excerpt, filter.q).map((part, i) =>
                      part.hit ? (
                        // biome-ignore lint/suspicious/noArrayIndexKey: parts of one fixed string
                        <mark key={i} className="rounded bg-amber-100 px-0.5 text-slate-900">
                          {part.text}
                        </mark>
                      ) : (
                        // biome-ignore lint/suspicious/noArrayIndexKey: parts of one fixed string
                        <span key={i}>{part.text}</span>
                      ),
                    )}
                  </p>
                  <p className="mt-1 flex flex-wrap gap-x-3 gap-y-1 text-xs text-slate-500">
                    {a.categoryName ? <span>{a.categoryName}</span> : null}
                    <span>{t('meta.views', { count: a.viewCount })}</span>
                    <span>{t('meta.helpful', { yes: a.helpfulYes, total: a.helpfulYes + a.helpfulNo })}</span>
                    <span>{t('meta.updated', { date: format.dateTime(a.updatedAt, { dateStyle: 'medium' }) })}</span>
                    {a.tags.slice(0, 4).map((tag) => (
                      <Badge key={tag} tone="gray">
                        {tag}
                      </Badge>
                    ))}
                  </p>
                </li>
              ))}
            </ul>
          )}
          <Pagination page={filter.page} pageSize={KB_PAGE_SIZE} total={list.total} basePath="/kb" params={params} />
        </Card>
      </div>
    </>
  );
}
