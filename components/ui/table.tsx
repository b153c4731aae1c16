import { cn } from './cn';

/**
 * A table that scrolls sideways inside its own box when it is wider than the screen, so the page
 * itself never gets wider than a phone. With a `label` the box is a named region that takes the
 * keyboard focus, so it can be scrolled with the arrow keys (axe: scrollable-region-focusable).
 */
export function Table({
  className,
  label,
  ...props
}: React.TableHTMLAttributes<HTMLTableElement> & { label?: string }) {
  return (
    <ScrollRegion label={label}>
      <table className={cn('w-full border-collapse text-sm', className)} {...props} />
    </ScrollRegion>
  );
}

/**
 * The sideways-scrolling box of a table (also used by the data table). `relative` makes it the
 * containing block of the screen-reader-only (absolutely placed) text in its cells, which would
 * otherwise escape the scrolling box and widen the page on a phone.
 */
export function ScrollRegion({
  label,
  className,
  children,
  ...props
}: React.HTMLAttributes<HTMLDivElement> & { label?: string }) {
  return (
    <div
      className={cn(
        'relative overflow-x-auto focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-brand-500',
        className,
      )}
      {...(label ? { role: 'region', 'aria-label': label, tabIndex: 0 } : {})}
      {...props}
    >
      {children}
    </div>
  );
}
export function Th({ className, ...props }: React.ThHTMLAttributes<HTMLTableCellElement>) {
  return (
    <th
      scope="col"
      className={cn(
        'border-b border-slate-200 bg-slate-50 px-3 py-2 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase',
        className,
      )}
      {...props}
    />
  );
}
export function Td({ className, ...props }: React.TdHTMLAttributes<HTMLTableCellElement>) {
  return <td className={cn('border-b border-slate-100 px-3 py-2 align-middle text-slate-800', className)} {...props} />;
}
