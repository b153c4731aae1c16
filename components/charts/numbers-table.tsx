import { cn } from '@/components/ui/cn';
import Link from '@/components/ui/link';
import type { ChartTable } from './types';

/** The readable table of a chart's numbers; the first cell of a row with `href` is its drill-down link. */
export function NumbersTable({
  table,
  caption,
  className,
}: {
  table: ChartTable;
  caption: string;
  className?: string;
}) {
  return (
    <div
      className={cn('max-h-96 overflow-auto rounded-md border border-slate-100', className)}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls must be reachable by keyboard (axe scrollable-region-focusable)
      tabIndex={0}
      role="region"
      aria-label={caption}
    >
      {/* Cell styles set once on the table (a long table repeats no class strings per cell). */}
      <table className="w-full border-collapse text-sm [&_td]:border-b [&_td]:border-slate-100 [&_td]:px-3 [&_td]:py-1.5 [&_td]:text-slate-800 [&_th]:px-3 [&_th]:py-1.5 [&_tr:hover]:bg-slate-50">
        <caption className="sr-only">{caption}</caption>
        <thead className="sticky top-0">
          <tr>
            {table.columns.map((c) => (
              <th
                key={c.key}
                scope="col"
                className={cn(
                  'border-b border-slate-200 bg-slate-50 text-xs font-semibold whitespace-nowrap text-slate-600',
                  c.numeric ? 'text-right' : 'text-left',
                )}
              >
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are a fixed list per render
            <tr key={i}>
              {table.columns.map((c, j) => {
                const text = row.display?.[c.key] ?? String(row.values[c.key] ?? '—');
                const Cell = j === 0 ? 'th' : 'td';
                return (
                  <Cell
                    key={c.key}
                    scope={j === 0 ? 'row' : undefined}
                    className={
                      j === 0
                        ? 'border-b border-slate-100 text-left font-normal whitespace-nowrap text-slate-800'
                        : c.numeric
                          ? 'text-right tabular-nums whitespace-nowrap'
                          : undefined
                    }
                  >
                    {j === 0 && row.href ? (
                      <Link href={row.href} className="text-brand-700 hover:underline">
                        {text}
                      </Link>
                    ) : (
                      text
                    )}
                  </Cell>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
