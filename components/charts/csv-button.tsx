'use client';

import { Download } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { csvCell } from '@/lib/csv/write';
import type { ChartTable } from './types';

/** The table's numbers as a CSV file (UTF-8 with a BOM for Excel; text cells neutralised against formulas). */
export function tableCsv(table: ChartTable): string {
  const cell = (v: string | number | null) => (typeof v === 'number' ? String(v) : csvCell(v));
  const lines = [
    table.columns.map((c) => csvCell(c.label)).join(','),
    ...table.rows.map((r) => table.columns.map((c) => cell(r.values[c.key] ?? null)).join(',')),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export function CsvButton({ table, filename, label }: { table: ChartTable; filename: string; label: string }) {
  const t = useTranslations('charts');
  const download = () => {
    const url = URL.createObjectURL(new Blob([tableCsv(table)], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${filename}.csv`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <button
      type="button"
      onClick={download}
      className="inline-flex h-8 shrink-0 items-center gap-1.5 rounded-md border border-slate-300 bg-white px-2.5 text-sm text-slate-700 hover:bg-slate-50"
      aria-label={t('downloadCsvOf', { name: label })}
    >
      <Download aria-hidden className="h-4 w-4" />
      {t('csv')}
    </button>
  );
}
