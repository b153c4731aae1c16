import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { formatSubtitle } from '@/components/search/subtitle';
import { Button } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Input } from '@/components/ui/input';
import Link from '@/components/ui/link';
import { PageHeader } from '@/components/ui/page-header';
import { SectionSkeleton } from '@/components/ui/skeleton';
import type { Viewer } from '@/lib/auth/permissions';
import { requireViewer } from '@/lib/auth/viewer';
import { pageLocale } from '@/lib/i18n/page-locale';
import { SearchPageParamsSchema } from '@/lib/search/schemas';
import { searchAll } from '@/lib/search/search';
import { PAGE_LIMIT } from '@/lib/search/types';
import { firstValues } from '@/lib/search-params';

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('search');
  return { title: t('title') };
}

/** /search?q=…: every kind the viewer may see, up to 20 per kind. A GET form, so it works without JavaScript. */
export default async function SearchPage({ searchParams }: Props) {
  const viewer = await requireViewer();
  const { q } = SearchPageParamsSchema.parse(firstValues(await searchParams));
  const [t, tc] = await Promise.all([getTranslations('search'), getTranslations('common')]);

  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <form role="search" aria-label={t('title')} action="/search" className="mb-6 flex max-w-2xl gap-2">
        <label className="flex-1">
          <span className="sr-only">{t('inputLabel')}</span>
          <Input
            type="search"
            name="q"
            defaultValue={q}
            maxLength={100}
            placeholder={t('placeholder')}
            autoFocus={!q}
          />
        </label>
        <Button type="submit">{t('submit')}</Button>
      </form>
      {q === '' ? null : (
        <Suspense key={q} fallback={<SectionSkeleton label={tc('loading')} />}>
          <SearchResultList viewer={viewer} q={q} />
        </Suspense>
      )}
    </>
  );
}

/** The slow part: the results, streamed below the search form. */
async function SearchResultList({ viewer, q }: { viewer: Viewer; q: string }) {
  const [t, format, results] = await Promise.all([
    getTranslations('search'),
    getFormatter(),
    pageLocale().then((locale) => searchAll(viewer, q, { limit: PAGE_LIMIT, locale })),
  ]);
  const money = (amount: string, currency: string) => format.number(Number(amount), { style: 'currency', currency });
  const groups = results.groups.filter((g) => g.hits.length > 0);
  const total = groups.reduce((sum, g) => sum + g.hits.length, 0);

  return results.query === '' ? (
    <p className="text-sm text-slate-500">{t('tooShort')}</p>
  ) : total === 0 ? (
    <Card>
      <EmptyState title={t('noResults', { query: q })} description={t('noResultsHint')} />
    </Card>
  ) : (
    <div className="space-y-6">
      <p role="status" className="text-sm text-slate-500">
        {t('count', { count: total })}
      </p>
      {groups.map((group) => (
        <section key={group.kind} aria-labelledby={`search-${group.kind}`}>
          <Card>
            <CardHeader
              title={<span id={`search-${group.kind}`}>{t(`groups.${group.kind}`)}</span>}
              description={group.more ? t('more', { count: group.hits.length }) : undefined}
            />
            <ul className="divide-y divide-slate-100">
              {group.hits.map((hit) => (
                <li key={hit.id}>
                  <Link href={hit.href} className="block px-5 py-3 hover:bg-slate-50 focus-visible:bg-slate-50">
                    <span className="block text-sm font-medium text-brand-700">{hit.title}</span>
                    <span className="block text-xs text-slate-500">
                      {formatSubtitle(hit.subtitle, (key) => t(key), money)}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          </Card>
        </section>
      ))}
    </div>
  );
}
