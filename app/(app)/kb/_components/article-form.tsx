'use client';

import { useTranslations } from 'next-intl';
import { useActionState, useState } from 'react';
import { FormMessage } from '@/components/forms/form-message';
import { useFormFeedback } from '@/components/forms/use-form-feedback';
import { Markdown } from '@/components/markdown/markdown';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { FormField } from '@/components/ui/form-field';
import { Input, Select, Textarea } from '@/components/ui/input';
import Link from '@/components/ui/link';
import { initialActionState } from '@/lib/action-state';
import { createArticleAction, updateArticleAction } from '@/lib/service/kb-actions';

export type ArticleFormValues = {
  id: string;
  version: number;
  slug: string;
  title: string;
  body: string;
  categoryId: string | null;
  tags: string[];
};

type Props = { article?: ArticleFormValues; categories: { id: string; name: string }[] };

/** Title, category, tags and the Markdown body with a preview; a new article is saved as a draft or published. */
export function ArticleForm({ article, categories }: Props) {
  const t = useTranslations('kb.form');
  const [state, action, pending] = useActionState(
    article ? updateArticleAction : createArticleAction,
    initialActionState,
  );
  const form = useFormFeedback(state, {
    redirect: (s) => (s.data as { url?: string } | undefined)?.url ?? null,
  });
  const v = state.values ?? {};
  const e = state.fieldErrors ?? {};
  const [body, setBody] = useState(v.body ?? article?.body ?? '');
  const [tab, setTab] = useState<'write' | 'preview'>('write');
  const cancel = article ? `/kb/${encodeURIComponent(article.slug)}` : '/kb';
  const tabClass = (active: boolean) =>
    cn(
      'rounded-t-md border-b-2 px-3 py-1.5 text-sm',
      active ? 'border-brand-600 font-medium text-brand-700' : 'border-transparent text-slate-600 hover:text-slate-900',
    );
  return (
    <form ref={form} action={action} className="grid gap-4" noValidate>
      {article ? (
        <>
          <input type="hidden" name="id" value={article.id} />
          <input type="hidden" name="version" value={article.version} />
        </>
      ) : null}
      <FormMessage state={state} />
      <FormField label={t('title')} errors={e.title}>
        <Input name="title" defaultValue={v.title ?? article?.title ?? ''} required maxLength={200} />
      </FormField>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label={t('category')} errors={e.categoryId}>
          <Select name="categoryId" defaultValue={v.categoryId ?? article?.categoryId ?? ''}>
            <option value="">{t('noCategory')}</option>
            {categories.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </Select>
        </FormField>
        <FormField label={t('tags')} errors={e.tags} hint={t('tagsHint')}>
          <Input name="tags" defaultValue={v.tags ?? article?.tags.join(', ') ?? ''} maxLength={400} />
        </FormField>
      </div>
      <div>
        <div role="tablist" aria-label={t('editor')} className="mb-2 flex gap-1 border-b border-slate-200">
          <button
            type="button"
            role="tab"
            aria-selected={tab === 'write'}
            className={tabClass(tab === 'write')}
            onClick={() => setTab('write')}
          >
            {t('write')}
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={tab === 'preview'}
            className={tabClass(tab === 'preview')}
            onClick={() => setTab('preview')}
          >
            {t('preview')}
          </button>
        </div>
        <div role="tabpanel" aria-label={t('write')} hidden={tab !== 'write'}>
          <FormField label={t('body')} errors={e.body} hint={t('bodyHint')}>
            <Textarea
              name="body"
              value={body}
              onChange={(ev) => setBody(ev.target.value)}
              rows={16}
              maxLength={100_000}
              className="font-mono text-sm"
            />
          </FormField>
        </div>
        {tab === 'preview' ? (
          <div role="tabpanel" aria-label={t('preview')} className="min-h-40 rounded-md border border-slate-200 p-4">
            {body.trim() ? <Markdown source={body} /> : <p className="text-sm text-slate-500">{t('nothing')}</p>}
          </div>
        ) : null}
      </div>
      <div className="flex flex-wrap gap-2">
        {article ? (
          <Button type="submit" disabled={pending}>
            {t('save')}
          </Button>
        ) : (
          <>
            <Button type="submit" name="publish" value="true" disabled={pending}>
              {t('publish')}
            </Button>
            <Button type="submit" name="publish" value="false" variant="secondary" disabled={pending}>
              {t('saveDraft')}
            </Button>
          </>
        )}
        <Button asChild variant="secondary">
          <Link href={cancel}>{t('cancel')}</Link>
        </Button>
      </div>
    </form>
  );
}
