'use client';

import {
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
  ZAxis,
} from 'recharts';
import { type NumberFormat, PALETTE } from './types';
import { useNumberFormat } from './use-number-format';

export type ScatterGroup = { name: string; points: { x: number; y: number }[] };

/**
 * Points by group (a sample of customers, never all of them). Log axes need positive values;
 * callers pass values already above zero or logged.
 */
export function ScatterView({
  groups,
  xLabel,
  yLabel,
  xFormat = 'decimal',
  yFormat = 'decimal',
  scale = 'linear',
  height = 300,
  diagonal = false,
}: {
  groups: ScatterGroup[];
  xLabel: string;
  yLabel: string;
  xFormat?: NumberFormat;
  yFormat?: NumberFormat;
  scale?: 'linear' | 'log';
  height?: number;
  /** Draw y = x (predicted equals historical). */
  diagonal?: boolean;
}) {
  const xTick = useNumberFormat(xFormat, true);
  const yTick = useNumberFormat(yFormat, true);
  const all = groups.flatMap((g) => g.points);
  // Log axes start at the smallest value (≥ 1); with a diagonal both axes share one range.
  const range = (values: number[]): [number, number] => [Math.max(1, Math.min(...values)), Math.max(1, ...values)];
  const both = range(all.flatMap((p) => [p.x, p.y]));
  const [xMin, xMax] = diagonal ? both : range(all.map((p) => p.x));
  const [yMin, yMax] = diagonal ? both : range(all.map((p) => p.y));
  const [min, max] = both;
  return (
    <ResponsiveContainer width="100%" height={height}>
      <ScatterChart margin={{ top: 8, right: 12, bottom: 16, left: 4 }} accessibilityLayer={false}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis
          type="number"
          dataKey="x"
          name={xLabel}
          scale={scale}
          domain={scale === 'log' ? [xMin, xMax] : ['auto', 'auto']}
          tickFormatter={xTick}
          tick={{ fontSize: 12 }}
          label={{ value: xLabel, position: 'insideBottom', offset: -8, fontSize: 12 }}
        />
        <YAxis
          type="number"
          dataKey="y"
          name={yLabel}
          scale={scale}
          domain={scale === 'log' ? [yMin, yMax] : ['auto', 'auto']}
          tickFormatter={yTick}
          tick={{ fontSize: 12 }}
          width={56}
          label={{ value: yLabel, angle: -90, position: 'insideLeft', fontSize: 12 }}
        />
        <ZAxis range={[18, 18]} />
        <Tooltip cursor={{ strokeDasharray: '3 3' }} />
        {groups.length > 1 ? <Legend verticalAlign="top" wrapperStyle={{ fontSize: 12 }} /> : null}
        {groups.map((g, i) => (
          <Scatter
            key={g.name}
            name={g.name}
            data={g.points}
            fill={PALETTE[i % PALETTE.length]}
            fillOpacity={0.6}
            isAnimationActive={false}
          />
        ))}
        {diagonal ? (
          <Scatter
            name="="
            data={[
              { x: min, y: min },
              { x: max, y: max },
            ]}
            line={{ stroke: '#94a3b8', strokeDasharray: '4 4' }}
            shape={() => <g />}
            legendType="none"
            isAnimationActive={false}
          />
        ) : null}
      </ScatterChart>
    </ResponsiveContainer>
  );
}
