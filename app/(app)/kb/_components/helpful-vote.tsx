'use client';

import { ThumbsDown, ThumbsUp } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { voteArticleAction } from '@/lib/service/kb-actions';

type Counts = { helpfulYes: number; helpfulNo: number };

/** "Was this article helpful?": one vote per user, which they may change (lib/service/kb.ts voteArticle). */
export function HelpfulVote({ id, yes, no, myVote }: { id: string; yes: number; no: number; myVote: boolean | null }) {
  const t = useTranslations('kb.helpful');
  const tm = useTranslations('messages');
  const [pending, start] = useTransition();
  const [vote, setVote] = useState(myVote);
  const [counts, setCounts] = useState<Counts>({ helpfulYes: yes, helpfulNo: no });
  const [error, setError] = useState<string | null>(null);
  const cast = (helpful: boolean) =>
    start(async () => {
      const result = await voteArticleAction({ id, helpful });
      if (result.ok && result.data) {
        setVote(helpful);
        setCounts(result.data as Counts);
        setError(null);
      } else setError(result.message && tm.has(result.message) ? tm(result.message) : tm('invalid'));
    });
  return (
    <section aria-labelledby="helpful-title" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="helpful-title" className="text-sm font-medium text-slate-900">
        {t('question')}
      </h2>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <Button
          type="button"
          variant={vote === true ? 'primary' : 'secondary'}
          aria-pressed={vote === true}
          disabled={pending}
          onClick={() => cast(true)}
        >
          <ThumbsUp aria-hidden className="h-4 w-4" />
          {t('yes')}
        </Button>
        <Button
          type="button"
          variant={vote === false ? 'primary' : 'secondary'}
          aria-pressed={vote === false}
          disabled={pending}
          onClick={() => cast(false)}
        >
          <ThumbsDown aria-hidden className="h-4 w-4" />
          {t('no')}
        </Button>
        <p className="text-sm text-slate-600" aria-live="polite">
          {vote !== null ? `${t('thanks')} ` : ''}
          {t('counts', { yes: counts.helpfulYes, total: counts.helpfulYes + counts.helpfulNo })}
        </p>
      </div>
      {error ? (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </section>
  );
}
