'use client';

import { useRouter } from 'next/navigation';
import { Bar, BarChart, CartesianGrid, Cell, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { type NumberFormat, PALETTE } from './types';
import { useNumberFormat } from './use-number-format';

export type BarSeries = { key: string; label: string; color?: string };
export type BarDatum = { category: string; href?: string; [key: string]: string | number | null | undefined };

/**
 * Bars per category (several series side by side). Horizontal bars suit long category names
 * (segments); a click on a bar opens its drill-down (the same link as the table's row).
 */
export function BarChartView({
  data,
  series,
  format = 'integer',
  horizontal = false,
  height = 280,
  colorByCategory = false,
  legend = false,
}: {
  data: BarDatum[];
  series: BarSeries[];
  format?: NumberFormat;
  horizontal?: boolean;
  height?: number;
  /** One colour per bar (a single series over named categories). */
  colorByCategory?: boolean;
  /** A legend naming each series above the plot (the colours mean nothing without it when there are several). */
  legend?: boolean;
}) {
  const router = useRouter();
  const tick = useNumberFormat(format, true);
  const full = useNumberFormat(format);
  const open = (d: unknown) => {
    const href = (d as { payload?: BarDatum } | undefined)?.payload?.href;
    if (href) router.push(href);
  };
  const valueAxis = { tickFormatter: tick, tick: { fontSize: 12 }, type: 'number' as const };
  const categoryAxis = {
    dataKey: 'category',
    type: 'category' as const,
    tick: { fontSize: 12 },
    interval: 0,
  };
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart
        data={data}
        layout={horizontal ? 'vertical' : 'horizontal'}
        margin={{ top: 4, right: 12, bottom: 4, left: 4 }}
        accessibilityLayer={false}
      >
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" horizontal={!horizontal} vertical={horizontal} />
        {horizontal ? (
          <>
            <XAxis {...valueAxis} />
            <YAxis {...categoryAxis} width={130} />
          </>
        ) : (
          <>
            <XAxis {...categoryAxis} interval="preserveStartEnd" />
            <YAxis {...valueAxis} width={56} />
          </>
        )}
        <Tooltip formatter={(v) => full(Number(v))} cursor={{ fill: '#f1f5f9' }} />
        {legend ? (
          <Legend
            verticalAlign="top"
            // In the bars' order (Recharts sorts alphabetically by default).
            itemSorter={(item) => series.findIndex((s) => s.key === item.dataKey)}
            wrapperStyle={{ fontSize: 12 }}
          />
        ) : null}
        {series.map((s, i) => (
          <Bar
            key={s.key}
            dataKey={s.key}
            name={s.label}
            fill={s.color ?? PALETTE[i % PALETTE.length]}
            onClick={open}
            cursor="pointer"
            isAnimationActive={false}
          >
            {colorByCategory ? data.map((d, j) => <Cell key={d.category} fill={PALETTE[j % PALETTE.length]} />) : null}
          </Bar>
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
