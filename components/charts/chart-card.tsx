import { Card } from '@/components/ui/card';
import { cn } from '@/components/ui/cn';
import { CsvButton } from './csv-button';
import { NumbersTable } from './numbers-table';
import type { ChartTable } from './types';

/**
 * A chart with its numbers: title, the chart (hidden from assistive technology: the table says
 * the same), the table of its numbers beside it on wide screens and below it otherwise, and a CSV
 * download of that table. On a phone the table stays; charts that do not fit may be hidden there.
 */
export function ChartCard({
  id,
  title,
  description,
  table,
  children,
  side = false,
  tableInChart = false,
  footer,
  className,
  tableClassName,
}: {
  /** Also the CSV file's name. */
  id: string;
  title: string;
  description?: React.ReactNode;
  table: ChartTable;
  /** The chart; omitted for a table-only panel. */
  children?: React.ReactNode;
  /** Table beside the chart on large screens (short tables) rather than below. */
  side?: boolean;
  /**
   * The chart is itself an accessible table of its numbers (a heat map): shown as is, and the
   * table is only the CSV download's content.
   */
  tableInChart?: boolean;
  footer?: React.ReactNode;
  className?: string;
  /** E.g. `max-h-none` for a table that should not scroll. */
  tableClassName?: string;
}) {
  const headingId = `${id}-heading`;
  return (
    <Card className={cn('flex flex-col', className)}>
      <section aria-labelledby={headingId} className="flex flex-1 flex-col">
        <div className="flex items-start justify-between gap-3 border-b border-slate-100 px-5 py-3">
          <div className="min-w-0">
            <h2 id={headingId} className="text-base font-semibold text-slate-900">
              {title}
            </h2>
            {description ? <div className="mt-0.5 text-sm text-slate-500">{description}</div> : null}
          </div>
          <CsvButton table={table} filename={id} label={title} />
        </div>
        <div className={cn('grid flex-1 gap-4 px-5 py-4', side && children ? 'lg:grid-cols-2' : '')}>
          {tableInChart ? (
            <div className="min-w-0">{children}</div>
          ) : (
            <>
              {children ? (
                <div aria-hidden="true" className="min-w-0" data-chart={id}>
                  {children}
                </div>
              ) : null}
              <NumbersTable table={table} caption={title} className={tableClassName} />
            </>
          )}
        </div>
        {footer ? <div className="border-t border-slate-100 px-5 py-3 text-sm text-slate-600">{footer}</div> : null}
      </section>
    </Card>
  );
}
