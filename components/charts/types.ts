// The numbers behind a chart, as a table: what every chart shows beside it, what its CSV download
// holds, and (on a phone, or without sight of the chart) the chart itself. Client-safe plain data.

export type ChartColumn = {
  key: string;
  label: string;
  /** Right-aligned, tabular figures. */
  numeric?: boolean;
};

export type ChartRow = {
  /** Raw values for the CSV (numbers unformatted, so a spreadsheet reads them as numbers). */
  values: Record<string, string | number | null>;
  /** What the table shows per column (formatted for the language); falls back to the raw value. */
  display?: Record<string, string>;
  /** The drill-down: the first column links here (the customer list filtered to this row). */
  href?: string;
};

export type ChartTable = { columns: ChartColumn[]; rows: ChartRow[] };

/** How a chart formats a number on its axes and tooltips. */
export type NumberFormat = 'integer' | 'decimal' | 'money' | 'percent';

/** A palette that stays apart for people with the common colour-vision deficiencies (Okabe–Ito). */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];
