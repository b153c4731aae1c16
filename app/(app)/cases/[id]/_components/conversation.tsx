import { Lock } from 'lucide-react';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Card, CardHeader } from '@/components/ui/card';
import { cn } from '@/components/ui/cn';
import type { CaseComment } from '@/lib/service/cases';

/**
 * The case's conversation, oldest first: the customer's request, public replies, and internal
 * notes. Notes look different in three ways (not colour alone): a label with a lock, a dashed amber
 * frame, and the wording "Internal note — the customer does not see this".
 */
export async function Conversation({
  comments,
  description,
  createdAt,
}: {
  comments: CaseComment[];
  description: string | null;
  createdAt: Date;
}) {
  const [t, format] = await Promise.all([getTranslations('cases.conversation'), getFormatter()]);
  return (
    <Card>
      <CardHeader title={t('title')} />
      <ol aria-label={t('title')} className="space-y-3 p-4">
        {description ? (
          <li className="rounded-lg border border-slate-200 bg-slate-50 p-3">
            <p className="mb-1 text-xs font-medium text-slate-600">
              {t('request')} ·{' '}
              <time dateTime={createdAt.toISOString()}>
                {format.dateTime(createdAt, { dateStyle: 'medium', timeStyle: 'short' })}
              </time>
            </p>
            <p className="text-sm break-words whitespace-pre-wrap text-slate-800">{description}</p>
          </li>
        ) : null}
        {comments.map((c) => (
          <li
            key={c.id}
            className={cn(
              'rounded-lg p-3',
              c.isPublic
                ? c.authorId
                  ? 'border border-brand-100 bg-white sm:ml-8'
                  : 'border border-slate-200 bg-slate-50 sm:mr-8'
                : 'border-2 border-dashed border-amber-300 bg-amber-50',
            )}
          >
            <p className="mb-1 flex flex-wrap items-center gap-x-2 text-xs font-medium text-slate-600">
              {c.isPublic ? null : <Lock aria-hidden className="size-3.5 text-amber-800" />}
              <span className={c.isPublic ? '' : 'font-semibold text-amber-900'}>
                {c.isPublic ? (c.authorId ? t('reply') : t('customer')) : t('note')}
              </span>
              <span>{c.authorName ?? (c.authorId ? '—' : '')}</span>
              <time dateTime={c.createdAt.toISOString()}>
                {format.dateTime(c.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}
              </time>
            </p>
            <p className="text-sm break-words whitespace-pre-wrap text-slate-800">{c.body}</p>
          </li>
        ))}
        {comments.length === 0 && !description ? <li className="text-sm text-slate-500">{t('empty')}</li> : null}
      </ol>
    </Card>
  );
}
