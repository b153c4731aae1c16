import { toCsv } from '@/lib/csv/write';
import type { RowError } from './schemas';

export type RejectedRow = { line: number; errors: RowError[] };

/**
 * The downloadable report of rejected rows, built in the browser: row number, the problems in the
 * user's language, then the row's original cells, so it can be fixed and imported again (the two
 * extra columns are simply left unmapped). Written with the safe CSV writer: a formula that was
 * rejected is neutralised in the report too.
 */
export function rejectedRowsCsv(
  headers: readonly string[],
  records: readonly (readonly string[])[],
  rejected: readonly RejectedRow[],
  describe: (error: RowError) => string,
  labels: { row: string; problems: string },
): string {
  return toCsv([
    [labels.row, labels.problems, ...headers],
    ...rejected.map((r) => [r.line, r.errors.map(describe).join('; '), ...(records[r.line - 1] ?? [])]),
  ]);
}
