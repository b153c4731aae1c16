'use client';

import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import {
  type ColumnDef,
  flexRender,
  getCoreRowModel,
  type RowSelectionState,
  type SortingState,
  useReactTable,
  type VisibilityState,
} from '@tanstack/react-table';
import { ArrowDown, ArrowUp, ArrowUpDown, Columns3 } from 'lucide-react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useEffect, useMemo, useState, useTransition } from 'react';
import { cn } from '@/components/ui/cn';
import { EmptyState } from '@/components/ui/empty-state';
import { ScrollRegion } from '@/components/ui/table';
import { withParams } from './url';

export type DataTableProps<T> = {
  columns: ColumnDef<T, unknown>[];
  data: T[];
  total: number;
  /** False when `total` is the planner's estimate past the exact-count cap (lib/pagination.ts): shown as "about". */
  totalExact?: boolean;
  page: number;
  pageSize: number;
  pageSizes?: readonly number[];
  sort?: string;
  dir?: 'asc' | 'desc';
  /** Column ids hidden through the URL (`hide=a,b`). */
  hidden?: string[];
  getRowId: (row: T) => string;
  selectable?: boolean;
  /** Rendered above the table while rows are selected. */
  bulkActions?: (selectedIds: string[], clear: () => void) => React.ReactNode;
  emptyTitle: string;
  emptyDescription?: string;
  /** A message shown in the toolbar (e.g. the outcome of the last bulk action). */
  notice?: React.ReactNode;
  caption: string;
};

/**
 * A server-driven table: sorting, paging, page size and column visibility live in the URL, and the
 * server component re-renders with the matching rows (sorted, filtered and paged in SQL).
 */
export function DataTable<T>(props: DataTableProps<T>) {
  const { columns, data, total, page, pageSize, sort, dir, hidden = [], getRowId, selectable, bulkActions } = props;
  const t = useTranslations('dataTable');
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [pending, startTransition] = useTransition();
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  // biome-ignore lint/correctness/useExhaustiveDependencies: new rows (another page, sort or filter) clear the selection
  useEffect(() => setRowSelection({}), [data]);

  const navigate = (changes: Record<string, string | number | null>) =>
    startTransition(() => router.push(`${pathname}${withParams(params, changes)}`, { scroll: false }));
  const sorting: SortingState = sort ? [{ id: sort, desc: dir === 'desc' }] : [];
  const columnVisibility: VisibilityState = Object.fromEntries(hidden.map((id) => [id, false]));

  const allColumns = useMemo<ColumnDef<T, unknown>[]>(() => {
    if (!selectable) return columns;
    const select: ColumnDef<T, unknown> = {
      id: 'select',
      enableSorting: false,
      enableHiding: false,
      header: ({ table }) => (
        <input
          type="checkbox"
          aria-label={t('selectPage')}
          className="h-4 w-4 rounded border-slate-300"
          checked={table.getIsAllPageRowsSelected()}
          ref={(el) => {
            if (el) el.indeterminate = table.getIsSomePageRowsSelected();
          }}
          onChange={table.getToggleAllPageRowsSelectedHandler()}
        />
      ),
      cell: ({ row }) => (
        <input
          type="checkbox"
          aria-label={t('selectRow')}
          className="h-4 w-4 rounded border-slate-300"
          checked={row.getIsSelected()}
          onChange={row.getToggleSelectedHandler()}
        />
      ),
    };
    return [select, ...columns];
  }, [columns, selectable, t]);

  const table = useReactTable({
    data,
    columns: allColumns,
    getRowId,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualPagination: true,
    enableRowSelection: Boolean(selectable),
    rowCount: total,
    state: { sorting, columnVisibility, rowSelection, pagination: { pageIndex: page - 1, pageSize } },
    onRowSelectionChange: setRowSelection,
    onSortingChange: (updater) => {
      const next = typeof updater === 'function' ? updater(sorting) : updater;
      navigate({ sort: next[0]?.id ?? null, dir: next[0] ? (next[0].desc ? 'desc' : 'asc') : null, page: null });
    },
    onColumnVisibilityChange: (updater) => {
      const next = typeof updater === 'function' ? updater(columnVisibility) : updater;
      const hide = Object.entries(next)
        .filter(([, visible]) => !visible)
        .map(([id]) => id);
      // '-' means "nothing hidden", so an explicit choice overrides the page's default hidden columns.
      startTransition(() =>
        router.replace(`${pathname}${withParams(params, { hide: hide.join(',') || '-' })}`, { scroll: false }),
      );
    },
  });

  const selectedIds = Object.keys(rowSelection).filter((id) => rowSelection[id]);
  const exact = props.totalExact ?? true;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = data.length === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = from === 0 ? 0 : from + data.length - 1;
  // Past an estimated total, a full page means there may be more.
  const hasNext = exact ? page < pages : data.length === pageSize;

  return (
    <div className="relative">
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 px-3 py-2">
        <div className="min-h-8 text-sm text-slate-600" aria-live="polite">
          {selectedIds.length > 0 && bulkActions ? (
            <div className="flex flex-wrap items-center gap-2">
              <span className="font-medium text-slate-800">{t('selected', { count: selectedIds.length })}</span>
              {bulkActions(selectedIds, () => setRowSelection({}))}
            </div>
          ) : (
            <span className="flex flex-wrap items-center gap-3 leading-8">
              <span>{t(exact ? 'showing' : 'showingAbout', { from, to, total })}</span>
              {props.notice}
            </span>
          )}
        </div>
        <DropdownMenu.Root>
          <DropdownMenu.Trigger className="inline-flex h-8 items-center gap-1.5 rounded-md border border-slate-300 bg-white px-2.5 text-sm text-slate-700 hover:bg-slate-50">
            <Columns3 aria-hidden className="h-4 w-4" />
            {t('columns')}
          </DropdownMenu.Trigger>
          <DropdownMenu.Portal>
            <DropdownMenu.Content
              align="end"
              sideOffset={4}
              collisionPadding={8}
              // Many columns (the analytics ones too) are taller than a short window: the menu scrolls
              // within the space Radix measures instead of running off the screen.
              className="z-50 max-h-[var(--radix-dropdown-menu-content-available-height)] min-w-44 overflow-y-auto rounded-md border border-slate-200 bg-white p-1 shadow-lg"
            >
              {table
                .getAllLeafColumns()
                .filter((c) => c.getCanHide())
                .map((column) => (
                  <DropdownMenu.CheckboxItem
                    key={column.id}
                    checked={column.getIsVisible()}
                    onCheckedChange={(v) => column.toggleVisibility(Boolean(v))}
                    onSelect={(e) => e.preventDefault()}
                    className="flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-slate-100"
                  >
                    <span
                      className={cn(
                        'flex h-4 w-4 items-center justify-center rounded border',
                        column.getIsVisible() ? 'border-brand-600 bg-brand-600 text-white' : 'border-slate-300',
                      )}
                      aria-hidden
                    >
                      {column.getIsVisible() ? '✓' : ''}
                    </span>
                    {typeof column.columnDef.header === 'string' ? column.columnDef.header : column.id}
                  </DropdownMenu.CheckboxItem>
                ))}
            </DropdownMenu.Content>
          </DropdownMenu.Portal>
        </DropdownMenu.Root>
      </div>

      {data.length === 0 ? (
        <EmptyState title={props.emptyTitle} description={props.emptyDescription} />
      ) : (
        <ScrollRegion
          label={props.caption}
          className={cn('transition-opacity', pending && 'opacity-60')}
          aria-busy={pending}
        >
          <table className="w-full border-collapse text-sm">
            <caption className="sr-only">{props.caption}</caption>
            <thead>
              {table.getHeaderGroups().map((group) => (
                <tr key={group.id}>
                  {group.headers.map((header) => {
                    const sorted = header.column.getIsSorted();
                    const canSort = header.column.getCanSort();
                    return (
                      <th
                        key={header.id}
                        scope="col"
                        aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                        className="border-b border-slate-200 bg-slate-50 px-3 py-2 text-left text-xs font-semibold tracking-wide whitespace-nowrap text-slate-600 uppercase"
                      >
                        {header.isPlaceholder ? null : canSort ? (
                          <button
                            type="button"
                            className="inline-flex items-center gap-1 uppercase hover:text-slate-900"
                            onClick={header.column.getToggleSortingHandler()}
                          >
                            {flexRender(header.column.columnDef.header, header.getContext())}
                            {sorted === 'asc' ? (
                              <ArrowUp aria-hidden className="h-3.5 w-3.5" />
                            ) : sorted === 'desc' ? (
                              <ArrowDown aria-hidden className="h-3.5 w-3.5" />
                            ) : (
                              <ArrowUpDown aria-hidden className="h-3.5 w-3.5 text-slate-300" />
                            )}
                          </button>
                        ) : (
                          flexRender(header.column.columnDef.header, header.getContext())
                        )}
                      </th>
                    );
                  })}
                </tr>
              ))}
            </thead>
            <tbody>
              {table.getRowModel().rows.map((row) => (
                <tr key={row.id} className={cn('hover:bg-slate-50', row.getIsSelected() && 'bg-brand-50/60')}>
                  {row.getVisibleCells().map((cell) => (
                    <td key={cell.id} className="border-b border-slate-100 px-3 py-2 align-middle text-slate-800">
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}

      <nav
        aria-label={t('pagination')}
        className="flex flex-wrap items-center justify-between gap-3 px-3 py-3 text-sm text-slate-600"
      >
        <label className="flex items-center gap-2">
          {t('rowsPerPage')}
          <select
            className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
            value={pageSize}
            onChange={(e) => navigate({ size: e.target.value, page: null })}
          >
            {(props.pageSizes ?? [25, 50, 100]).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <div className="flex items-center gap-2">
          <span>{t(exact ? 'pageOf' : 'pageOfAbout', { page, pages })}</span>
          <button
            type="button"
            className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50 disabled:opacity-40"
            disabled={page <= 1 || pending}
            onClick={() => navigate({ page: page - 1 })}
          >
            {t('previous')}
          </button>
          <button
            type="button"
            className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50 disabled:opacity-40"
            disabled={!hasNext || pending}
            onClick={() => navigate({ page: page + 1 })}
          >
            {t('next')}
          </button>
        </div>
      </nav>
    </div>
  );
}
