'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useActionState, useState, useTransition } from 'react';
import { FormMessage } from '@/components/forms/form-message';
import { useFormFeedback } from '@/components/forms/use-form-feedback';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { useToast } from '@/components/ui/toast';
import { type ActionState, initialActionState } from '@/lib/action-state';
import { deleteCategoryAction, saveCategoryAction } from '@/lib/service/kb-actions';
import type { KbCategory } from '@/lib/service/kb-categories';

/** A new category, or (with `category`) one category's name and position. */
export function CategoryForm({ category }: { category?: KbCategory }) {
  const t = useTranslations('kb.categories');
  const [state, action, pending] = useActionState(saveCategoryAction, initialActionState);
  const form = useFormFeedback(state);
  const v = state.values ?? {};
  const e = state.fieldErrors ?? {};
  return (
    <form ref={form} action={action} className="flex flex-wrap items-start gap-3" noValidate>
      {category ? (
        <>
          <input type="hidden" name="id" value={category.id} />
          <input type="hidden" name="version" value={category.version} />
        </>
      ) : null}
      <div className="w-full">
        <FormMessage state={state} />
      </div>
      <FormField label={t('name')} errors={e.name} className="w-full sm:w-72">
        <Input name="name" defaultValue={v.name ?? category?.name ?? ''} required maxLength={80} />
      </FormField>
      <FormField label={t('position')} errors={e.position} className="w-28">
        <Input
          name="position"
          inputMode="numeric"
          defaultValue={v.position ?? (category ? String(category.position) : '')}
          maxLength={3}
        />
      </FormField>
      <Button type="submit" disabled={pending} className="sm:mt-6">
        {category ? t('save') : t('create')}
      </Button>
    </form>
  );
}

/** A category with its article count, its form and removal. */
export function CategoryRow({ category }: { category: KbCategory }) {
  const t = useTranslations('kb.categories');
  const tm = useTranslations('messages');
  const toast = useToast();
  const router = useRouter();
  const [pending, start] = useTransition();
  const [result, setResult] = useState<ActionState | null>(null);
  return (
    <div className="space-y-2">
      <p className="text-xs text-slate-500">{t('articles', { count: category.articles })}</p>
      <CategoryForm category={category} />
      <Button
        type="button"
        variant="danger"
        size="sm"
        disabled={pending}
        onClick={() =>
          start(async () => {
            if (!window.confirm(t('confirmDelete', { name: category.name }))) return;
            const r = await deleteCategoryAction({ id: category.id, version: category.version });
            setResult(r);
            if (r.ok) {
              if (r.message) toast(tm(r.message));
              router.refresh();
            }
          })
        }
      >
        {t('delete')}
      </Button>
      {result && !result.ok && result.message ? (
        <p role="alert" className="text-sm text-red-700">
          {tm.has(result.message) ? tm(result.message) : result.message}
        </p>
      ) : null}
    </div>
  );
}
