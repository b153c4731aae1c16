'use client';

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { type NumberFormat, PALETTE } from './types';
import { useNumberFormat } from './use-number-format';

export type LineSeries = { key: string; label: string; color?: string; dashed?: boolean };

/** Lines over a category or time axis (one point per x), e.g. actual vs predicted, or rates per month. */
export function LineChartView({
  data,
  x,
  series,
  format = 'integer',
  height = 260,
  discrete = false,
}: {
  data: Record<string, string | number | null>[];
  x: string;
  series: LineSeries[];
  format?: NumberFormat;
  height?: number;
  /** Points that are separate choices (k = 2, 3, …): straight segments and a dot at each. */
  discrete?: boolean;
}) {
  const tick = useNumberFormat(format, true);
  const full = useNumberFormat(format);
  return (
    <ResponsiveContainer width="100%" height={height}>
      <LineChart data={data} margin={{ top: 4, right: 12, bottom: 4, left: 4 }} accessibilityLayer={false}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis dataKey={x} tick={{ fontSize: 12 }} interval="preserveStartEnd" minTickGap={16} />
        <YAxis tickFormatter={tick} tick={{ fontSize: 12 }} width={56} />
        <Tooltip formatter={(v) => (v === null || v === undefined ? '—' : full(Number(v)))} />
        <Legend verticalAlign="top" wrapperStyle={{ fontSize: 12 }} />
        {series.map((s, i) => (
          <Line
            key={s.key}
            type={discrete ? 'linear' : 'monotone'}
            dataKey={s.key}
            name={s.label}
            stroke={s.color ?? PALETTE[i % PALETTE.length]}
            strokeWidth={2}
            strokeDasharray={s.dashed ? '5 4' : undefined}
            dot={discrete}
            connectNulls
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
