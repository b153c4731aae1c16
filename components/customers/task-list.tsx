'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { cn } from '@/components/ui/cn';
import { EmptyState } from '@/components/ui/empty-state';
import Link from '@/components/ui/link';
import { useToast } from '@/components/ui/toast';
import type { TaskItem } from '@/lib/customers/activities';
import { setTaskDoneAction } from '@/lib/customers/activity-actions';

/** Open tasks with a checkbox to complete them; overdue ones are marked. */
export function TaskList({ tasks, showCustomer = false }: { tasks: TaskItem[]; showCustomer?: boolean }) {
  const t = useTranslations('tasks');
  const tm = useTranslations('messages');
  const toast = useToast();
  const format = useFormatter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  if (tasks.length === 0) return <EmptyState title={t('empty')} />;
  return (
    <>
      {error ? (
        <p role="alert" className="mb-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
      <ul className="divide-y divide-slate-100" aria-label={t('title')}>
        {tasks.map((task) => (
          <li key={task.id} className="flex items-start gap-3 py-2">
            <input
              type="checkbox"
              className="mt-0.5 h-4 w-4 rounded border-slate-300"
              aria-label={t('complete', { subject: task.subject })}
              disabled={pending}
              onChange={() =>
                start(async () => {
                  const r = await setTaskDoneAction({ id: task.id, done: true });
                  setError(r.ok ? null : t('failed'));
                  // The task leaves the list: the toast says what happened to it.
                  if (r.ok) toast(tm(r.message ?? 'taskDone'));
                })
              }
            />
            <div className="min-w-0 text-sm">
              <p className="font-medium text-slate-800">{task.subject}</p>
              <p className={cn('text-xs', task.overdue ? 'font-medium text-red-700' : 'text-slate-500')}>
                {task.overdue ? `${t('overdue')} · ` : ''}
                {format.dateTime(task.dueAt, { dateStyle: 'medium', timeStyle: 'short' })}
                {showCustomer && task.customerId ? (
                  <>
                    {' · '}
                    <Link href={`/customers/${task.customerId}`} className="text-brand-700 underline">
                      {task.customerName}
                    </Link>
                  </>
                ) : null}
              </p>
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
