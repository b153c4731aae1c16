/** Multi-row INSERTs built from literals: one statement per batch, the same text for both drivers. */

export type Literal = string | number | boolean | Date | null | undefined | readonly string[];

export function lit(value: Literal): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`Not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return `'${value.toISOString()}'`;
  if (Array.isArray(value)) {
    const items = value.map((v) => `"${String(v).replace(/["\\]/g, '\\$&')}"`).join(',');
    return quote(`{${items}}`);
  }
  return quote(String(value));
}

function quote(s: string): string {
  // standard_conforming_strings is on in PostgreSQL ≥ 9.1 and PGlite: only quotes need doubling.
  return `'${s.replace(/'/g, "''")}'`;
}

export type Exec = (sqlText: string) => Promise<void>;

export class BulkWriter {
  private rows: string[] = [];
  /** The insert sent last; generation of the next batch overlaps with it. */
  private inflight: Promise<void> = Promise.resolve();
  count = 0;

  constructor(
    private readonly exec: Exec,
    private readonly table: string,
    private readonly columns: readonly string[],
    private readonly batchSize = 2000,
    /** Writers whose rows these rows reference: their rows are written first so foreign keys hold. */
    private readonly dependsOn: BulkWriter[] = [],
  ) {}

  async push(values: readonly Literal[]): Promise<void> {
    if (values.length !== this.columns.length)
      throw new Error(`${this.table}: ${values.length} values for ${this.columns.length} columns`);
    this.rows.push(`(${values.map(lit).join(',')})`);
    this.count++;
    if (this.rows.length >= this.batchSize) await this.send();
  }

  /** Sends what is buffered and waits until everything sent so far is written. */
  async flush(): Promise<void> {
    await this.send();
    await this.inflight;
  }

  /**
   * Starts writing the buffered rows without waiting for it, so the caller goes on generating while
   * the database works. At most one insert per writer is in flight; parents are written first.
   */
  private async send(): Promise<void> {
    await this.inflight;
    if (!this.rows.length) return;
    for (const parent of this.dependsOn) await parent.flush();
    const text = `INSERT INTO "${this.table}" (${this.columns.map((c) => `"${c}"`).join(',')}) VALUES ${this.rows.join(',')}`;
    this.rows = [];
    this.inflight = this.exec(text);
    // Surface a failure at the next push/flush rather than as an unhandled rejection now.
    this.inflight.catch(() => {});
  }
}
