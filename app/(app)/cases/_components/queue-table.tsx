'use client';

import type { ColumnDef } from '@tanstack/react-table';
import { useTranslations } from 'next-intl';
import { useMemo, useState, useTransition } from 'react';
import { DataTable } from '@/components/data-table/data-table';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import Link from '@/components/ui/link';
import type { ActionState } from '@/lib/action-state';
import { bulkAssignCasesAction, bulkCaseStatusAction } from '@/lib/service/case-actions';
import { CASE_STATUSES, type CasePriority, type CaseStatus } from '@/lib/service/case-schemas';
import type { QueueRow } from '@/lib/service/queue';
import type { QueueFilter } from '@/lib/service/queue-filters';
import { DueMark } from './due-mark';

type Row = QueueRow;

export const PRIORITY_TONE: Record<CasePriority, 'red' | 'amber' | 'gray' | 'blue'> = {
  urgent: 'red',
  high: 'amber',
  normal: 'blue',
  low: 'gray',
};
export const STATUS_TONE: Record<CaseStatus, 'blue' | 'violet' | 'amber' | 'green' | 'gray'> = {
  new: 'blue',
  open: 'violet',
  pending: 'amber',
  resolved: 'green',
  closed: 'gray',
};

type Props = {
  rows: Row[];
  now: string;
  total: number;
  totalExact: boolean;
  filter: QueueFilter;
  hidden: string[];
  assignees: { id: string; name: string }[];
  viewerId: string;
  /** manage: bulk assign and status (managers); take: agents take unassigned cases; read: no selection. */
  mode: 'manage' | 'take' | 'read';
};

export function QueueTable({ rows, now, total, totalExact, filter, hidden, assignees, viewerId, mode }: Props) {
  const t = useTranslations('cases');
  const tm = useTranslations('messages');
  const [result, setResult] = useState<ActionState<{ count: number }> | null>(null);
  const columns = useMemo<ColumnDef<Row, unknown>[]>(
    () => [
      {
        id: 'number',
        header: t('fields.number'),
        cell: ({ row }) => <span className="font-mono text-xs whitespace-nowrap">CS-{row.original.number}</span>,
      },
      {
        id: 'subject',
        header: t('fields.subject'),
        enableSorting: false,
        enableHiding: false,
        cell: ({ row }) => (
          <Link
            href={`/cases/${row.original.id}`}
            className="block min-w-44 font-medium text-brand-700 hover:underline"
          >
            {row.original.subject}
          </Link>
        ),
      },
      {
        id: 'due',
        header: t('fields.due'),
        cell: ({ row }) => (
          <DueMark
            dueAt={row.original.dueAt ? new Date(row.original.dueAt).toISOString() : null}
            now={now}
            breached={row.original.breached}
            dueSoon={row.original.dueSoon}
          />
        ),
      },
      {
        id: 'customer',
        header: t('fields.customer'),
        enableSorting: false,
        cell: ({ row }) => <span className="block min-w-32">{row.original.customerName}</span>,
      },
      {
        id: 'priority',
        header: t('fields.priority'),
        cell: ({ row }) => (
          <Badge tone={PRIORITY_TONE[row.original.priority]} className="whitespace-nowrap">
            {t(`priorities.${row.original.priority}`)}
          </Badge>
        ),
      },
      {
        id: 'status',
        header: t('fields.status'),
        enableSorting: false,
        cell: ({ row }) => (
          <Badge tone={STATUS_TONE[row.original.status]} className="whitespace-nowrap">
            {t(`statuses.${row.original.status}`)}
          </Badge>
        ),
      },
      {
        id: 'assignee',
        header: t('fields.assignee'),
        enableSorting: false,
        cell: ({ row }) => <span className="whitespace-nowrap">{row.original.assigneeName ?? t('unassigned')}</span>,
      },
      {
        id: 'channel',
        header: t('fields.channel'),
        enableSorting: false,
        cell: ({ row }) => t(`channels.${row.original.channel}`),
      },
    ],
    [t, now],
  );
  return (
    <DataTable
      caption={t('title')}
      columns={columns}
      data={rows}
      total={total}
      totalExact={totalExact}
      page={filter.page}
      pageSize={filter.size}
      sort={filter.sort}
      dir={filter.dir}
      hidden={hidden}
      getRowId={(r) => r.id}
      selectable={mode !== 'read'}
      emptyTitle={t('empty')}
      emptyDescription={t('emptyHint')}
      bulkActions={(ids, clear) =>
        mode === 'manage' ? (
          <ManageBulk ids={ids} clear={clear} assignees={assignees} onResult={setResult} />
        ) : (
          <TakeBulk ids={ids} clear={clear} viewerId={viewerId} onResult={setResult} />
        )
      }
      notice={
        result ? (
          <span role="status" className={result.ok ? 'text-emerald-700' : 'text-red-700'}>
            {result.ok
              ? t('bulkChanged', { count: result.data?.count ?? 0 })
              : tm.has(result.message ?? '')
                ? tm(result.message!)
                : tm('fixFields')}
          </span>
        ) : null
      }
    />
  );
}

type BulkProps = { ids: string[]; clear: () => void; onResult: (r: ActionState<{ count: number }>) => void };

/** Agents: take the selected unassigned cases (others are left alone by the server). */
function TakeBulk({ ids, clear, viewerId, onResult }: BulkProps & { viewerId: string }) {
  const t = useTranslations('cases');
  const [pending, start] = useTransition();
  return (
    <Button
      size="sm"
      variant="secondary"
      disabled={pending}
      onClick={() =>
        start(async () => {
          const r = await bulkAssignCasesAction({ ids, assigneeId: viewerId });
          onResult(r);
          if (r.ok) clear();
        })
      }
    >
      {t('take')}
    </Button>
  );
}

/** Managers: assign the selection to someone (or nobody), or move it to a status. */
function ManageBulk({ ids, clear, assignees, onResult }: BulkProps & { assignees: { id: string; name: string }[] }) {
  const t = useTranslations('cases');
  const [assigneeId, setAssigneeId] = useState('');
  const [status, setStatus] = useState('');
  const [pending, start] = useTransition();
  const select = 'h-8 rounded-md border border-slate-300 bg-white px-2 text-sm';
  return (
    <span className="flex flex-wrap items-center gap-1">
      <select
        aria-label={t('bulkAssignee')}
        className={select}
        value={assigneeId}
        onChange={(e) => setAssigneeId(e.target.value)}
      >
        <option value="">{t('chooseAssignee')}</option>
        <option value="none">{t('unassigned')}</option>
        {assignees.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name}
          </option>
        ))}
      </select>
      <Button
        size="sm"
        variant="secondary"
        disabled={!assigneeId || pending}
        onClick={() =>
          start(async () => {
            const r = await bulkAssignCasesAction({ ids, assigneeId: assigneeId === 'none' ? null : assigneeId });
            onResult(r);
            if (r.ok) clear();
          })
        }
      >
        {t('assign')}
      </Button>
      <select
        aria-label={t('bulkStatus')}
        className={select}
        value={status}
        onChange={(e) => setStatus(e.target.value)}
      >
        <option value="">{t('chooseStatus')}</option>
        {CASE_STATUSES.filter((s) => s !== 'new').map((s) => (
          <option key={s} value={s}>
            {t(`statuses.${s}`)}
          </option>
        ))}
      </select>
      <Button
        size="sm"
        variant="secondary"
        disabled={!status || pending}
        onClick={() =>
          start(async () => {
            const r = await bulkCaseStatusAction({ ids, status });
            onResult(r);
            if (r.ok) clear();
          })
        }
      >
        {t('setStatus')}
      </Button>
    </span>
  );
}
