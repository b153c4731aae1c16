import { CSV_BOM, csvRecord } from '@/lib/csv/write';
import type { Mapping, OrderLineField } from './fields';
import type { RowError } from './lines';

/**
 * The report of rejected and skipped rows: the row number, what is wrong in the reader's language,
 * whether it was skipped (a guest row) or rejected, then the row's own cells under the file's
 * headers, so it can be fixed and imported again (the first three columns are left unmapped).
 * Written with the safe CSV writer: a formula in a cell is neutralised (and read back by the import).
 */

export type ReportRow = { row: number; skipped: boolean; reasons: RowError[]; cells: string[] };
export type ReportLabels = { row: string; problems: string; outcome: string; skipped: string; rejected: string };

/** "Quantity: not a number": the file's own column name when the field was mapped. */
export function describer(
  headers: readonly string[],
  mapping: Mapping,
  fieldLabel: (field: OrderLineField | 'row') => string,
  reasonText: (reason: string) => string,
): (e: RowError) => string {
  return (e) => {
    const column = e.field === 'row' ? undefined : mapping[e.field];
    const name = column !== undefined ? headers[column] : fieldLabel(e.field);
    return `${name}: ${reasonText(e.reason)}`;
  };
}

export function reportHeader(headers: readonly string[], labels: ReportLabels): string {
  return CSV_BOM + csvRecord([labels.row, labels.problems, labels.outcome, ...headers]);
}

export function reportRecord(r: ReportRow, describe: (e: RowError) => string, labels: ReportLabels): string {
  return csvRecord([
    r.row,
    r.reasons.map(describe).join('; '),
    r.skipped ? labels.skipped : labels.rejected,
    ...r.cells,
  ]);
}
