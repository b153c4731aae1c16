'use client';

import { useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import type { ActionState } from '@/lib/action-state';
import { bulkAddTagAction, bulkAssignOwnerAction } from '@/lib/customers/customer-actions';

type Props = {
  ids: string[];
  clear: () => void;
  onResult: (result: ActionState<{ count: number }>) => void;
  owners: { id: string; name: string }[];
  canReassign: boolean;
  canTag: boolean;
};

export function CustomerBulkActions({ ids, clear, onResult, owners, canReassign, canTag }: Props) {
  const t = useTranslations('customers.bulk');
  const [ownerId, setOwnerId] = useState('');
  const [tag, setTag] = useState('');
  const [pending, start] = useTransition();
  const run = (action: () => Promise<ActionState<{ count: number }>>) =>
    start(async () => {
      const r = await action();
      onResult(r);
      if (r.ok) clear();
    });
  const control = 'h-8 rounded-md border border-slate-300 bg-white px-2 text-sm';
  return (
    <>
      {canReassign ? (
        <span className="flex items-center gap-1">
          <select
            aria-label={t('owner')}
            className={control}
            value={ownerId}
            onChange={(e) => setOwnerId(e.target.value)}
          >
            <option value="">{t('chooseOwner')}</option>
            {owners.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
          <Button
            size="sm"
            variant="secondary"
            disabled={!ownerId || pending}
            onClick={() => run(() => bulkAssignOwnerAction({ ids, ownerId }))}
          >
            {t('assign')}
          </Button>
        </span>
      ) : null}
      {canTag ? (
        <span className="flex items-center gap-1">
          <input
            aria-label={t('tag')}
            placeholder={t('tag')}
            className={`${control} w-28`}
            value={tag}
            onChange={(e) => setTag(e.target.value)}
            maxLength={30}
          />
          <Button
            size="sm"
            variant="secondary"
            disabled={!tag.trim() || pending}
            onClick={() => run(() => bulkAddTagAction({ ids, tag }))}
          >
            {t('addTag')}
          </Button>
        </span>
      ) : null}
      {/* A form POST, not a link: up to 1,000 ids do not fit in a URL. The answer is a CSV attachment,
          so the browser downloads it and stays on the page. */}
      <form method="post" action="/customers/export">
        <input type="hidden" name="ids" value={ids.join(',')} />
        <Button size="sm" variant="secondary" type="submit">
          {t('export')}
        </Button>
      </form>
    </>
  );
}
