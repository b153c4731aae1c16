'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';
import type { ActionState } from '@/lib/action-state';
import { setArticleStatusAction } from '@/lib/service/kb-actions';
import type { KbStatus } from '@/lib/service/kb-schemas';

const NEXT: Record<KbStatus, KbStatus[]> = {
  draft: ['published', 'archived'],
  published: ['draft', 'archived'],
  archived: ['published', 'draft'],
};

/** Publish, back to draft, archive: checked against the version shown. */
export function StatusActions({ id, version, status }: { id: string; version: number; status: KbStatus }) {
  const t = useTranslations('kb.statusActions');
  const tm = useTranslations('messages');
  const toast = useToast();
  const router = useRouter();
  const [pending, start] = useTransition();
  const [result, setResult] = useState<ActionState | null>(null);
  return (
    <section aria-labelledby="status-title" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="status-title" className="text-sm font-medium text-slate-900">
        {t('title')}
      </h2>
      <div className="mt-3 flex flex-wrap gap-2">
        {NEXT[status].map((next) => (
          <Button
            key={next}
            type="button"
            variant={next === 'published' ? 'primary' : 'secondary'}
            disabled={pending}
            onClick={() =>
              start(async () => {
                const r = await setArticleStatusAction({ id, version, status: next });
                setResult(r);
                if (r.ok) {
                  if (r.message) toast(tm(r.message));
                  router.refresh();
                }
              })
            }
          >
            {t(next)}
          </Button>
        ))}
      </div>
      {result && !result.ok && result.message ? (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {tm.has(result.message) ? tm(result.message) : result.message}
        </p>
      ) : null}
    </section>
  );
}
