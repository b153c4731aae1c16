import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { cache } from 'react';
import { Markdown } from '@/components/markdown/markdown';
import { LanguageSwitcher } from '@/components/shell/language-switcher';
import { getPublicArticle } from '@/lib/service/kb';
import { routeSlug } from '@/lib/service/kb-schemas';

// The public help centre: a published knowledge-base article for anyone (no login, outside the app
// shell), the page an agent's reply links a customer to. It renders the Markdown as /kb/[slug] does
// (sanitized) and nothing internal: no author, views, votes or edit links. Drafts and archived
// articles are 404s, like a missing one.

const load = cache(async (raw: string) => {
  const slug = routeSlug(raw);
  return slug ? getPublicArticle(slug) : null;
});

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const article = await load((await params).slug);
  return { title: article?.title ?? 'Help' };
}

export default async function HelpArticlePage({ params }: { params: Promise<{ slug: string }> }) {
  const article = await load((await params).slug);
  if (!article) notFound();
  const [t, format] = await Promise.all([getTranslations('kb'), getFormatter()]);
  return (
    <main className="mx-auto w-full max-w-3xl px-4 py-8 sm:py-12">
      <p className="text-sm font-medium text-brand-700">{t('help.title')}</p>
      <article className="mt-2 rounded-lg border border-slate-200 bg-white p-5 shadow-sm sm:p-8">
        <header>
          <h1 className="text-2xl font-semibold tracking-tight break-words text-slate-900">{article.title}</h1>
          <p className="mt-1 flex flex-wrap gap-x-3 text-xs text-slate-600">
            {article.categoryName ? <span>{article.categoryName}</span> : null}
            <span>{t('meta.updated', { date: format.dateTime(article.updatedAt, { dateStyle: 'medium' }) })}</span>
          </p>
        </header>
        <Markdown source={article.body} className="mt-6" />
      </article>
      <div className="mt-6 flex justify-center">
        <LanguageSwitcher />
      </div>
    </main>
  );
}
