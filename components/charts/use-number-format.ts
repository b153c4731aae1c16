'use client';

import { useFormatter } from 'next-intl';
import type { NumberFormat } from './types';

/** A formatter for chart axes and tooltips in the page's language (money in the company currency). */
export function useNumberFormat(format: NumberFormat, compact = false): (v: number) => string {
  const f = useFormatter();
  return (v: number) => {
    if (!Number.isFinite(v)) return '—';
    switch (format) {
      case 'money':
        // Axis ticks: a compact number (the axis title names the money); tooltips: the full amount.
        return compact ? f.number(v, { notation: 'compact', maximumFractionDigits: 1 }) : f.number(v, 'money');
      case 'percent':
        return f.number(v, { style: 'percent', maximumFractionDigits: 1 });
      case 'decimal':
        return f.number(v, { maximumFractionDigits: 2 });
      default:
        return f.number(v, compact ? { notation: 'compact', maximumFractionDigits: 1 } : { maximumFractionDigits: 0 });
    }
  };
}
