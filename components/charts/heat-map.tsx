import { cn } from '@/components/ui/cn';
import Link from '@/components/ui/link';

export type HeatCell = {
  /** Drives the colour (0 … max). */
  value: number | null;
  /** What the cell shows. */
  text: string;
  /** A second, smaller line (e.g. average spend under the count). */
  sub?: string;
  /** The cell's full meaning for screen readers and the tooltip. */
  label: string;
  href?: string;
};
export type HeatRow = { key: string; label: string; cells: HeatCell[] };

/** Relative luminance (WCAG) of an sRGB colour. */
function luminance(rgb: number[]): number {
  const [r, g, b] = rgb.map((c) => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/**
 * Blue shade for a value on 0 … max, and whether its text is white: whichever of black and white
 * contrasts more with the shade, which is always at least 4.5:1 (WCAG AA).
 */
function shade(value: number | null, max: number): { background: string; dark: boolean } {
  if (value === null || max <= 0) return { background: '#f8fafc', dark: false };
  const t = Math.max(0, Math.min(1, value / max));
  // From slate-50 (248, 250, 252) to brand-700 (29, 65, 181).
  const mix = (a: number, b: number) => Math.round(a + (b - a) * t);
  const rgb = [mix(248, 29), mix(250, 65), mix(252, 181)];
  const l = luminance(rgb);
  return { background: `rgb(${rgb.join(', ')})`, dark: 1.05 / (l + 0.05) > (l + 0.05) / 0.05 };
}

/**
 * A heat map that is itself the table of its numbers: an HTML table whose cells are shaded by
 * value, each a link to its drill-down, so it reads the same by eye, keyboard and screen reader.
 */
export function HeatMap({
  caption,
  corner,
  columns,
  rows,
  max,
  compact = false,
}: {
  caption: string;
  /** Header of the row-label column (e.g. "R \\ F"). */
  corner: string;
  columns: { key: string; label: string }[];
  rows: HeatRow[];
  max?: number;
  compact?: boolean;
}) {
  const top = max ?? Math.max(0, ...rows.flatMap((r) => r.cells.map((c) => c.value ?? 0)));
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls must be reachable by keyboard (axe scrollable-region-focusable)
    <div className="relative overflow-x-auto" tabIndex={0} role="region" aria-label={caption}>
      <table className="w-full border-separate border-spacing-0.5 text-xs">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="px-1.5 py-1 text-left font-semibold whitespace-nowrap text-slate-600">
              {corner}
            </th>
            {columns.map((c) => (
              <th
                key={c.key}
                scope="col"
                className="px-1 py-1 text-center font-semibold whitespace-nowrap text-slate-600"
              >
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row" className="px-1.5 py-1 text-left font-semibold whitespace-nowrap text-slate-600">
                {row.label}
              </th>
              {row.cells.map((cell, i) => {
                const { background, dark } = shade(cell.value, top);
                const body = (
                  <>
                    <span className="block font-medium tabular-nums">{cell.text}</span>
                    {cell.sub ? <span className="block tabular-nums">{cell.sub}</span> : null}
                  </>
                );
                const cls = cn(
                  'block rounded text-center',
                  compact ? 'min-w-10 px-1 py-1' : 'min-w-14 px-1.5 py-2',
                  dark ? 'text-white' : 'text-black',
                );
                return (
                  <td key={columns[i]?.key ?? i} className="p-0" title={cell.label}>
                    {cell.href ? (
                      <Link
                        href={cell.href}
                        aria-label={cell.label}
                        className={cn(cls, 'hover:ring-2 hover:ring-brand-500')}
                        style={{ background }}
                      >
                        {body}
                      </Link>
                    ) : (
                      <span className={cls} style={{ background }}>
                        <span className="sr-only">{cell.label}</span>
                        <span aria-hidden>{body}</span>
                      </span>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
