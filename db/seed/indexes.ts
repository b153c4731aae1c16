import type { DatabaseHandle } from '../client';

/**
 * Runs a bulk load with the listed tables' secondary indexes dropped, then rebuilds them: building
 * an index once over loaded rows is several times faster than updating it per row (the trigram
 * GIN indexes above all). Primary keys and constraint-backed indexes stay.
 */
export async function withoutSecondaryIndexes<T>(
  handle: DatabaseHandle,
  tables: string[],
  log: (m: string) => void,
  load: () => Promise<T>,
): Promise<T> {
  const list = tables.map((t) => `'${t.replace(/'/g, "''")}'`).join(',');
  const result = (await handle.db.execute(
    `select indexname, indexdef from pg_indexes where schemaname = 'public' and tablename in (${list})
       and indexname not in (select conname from pg_constraint where contype in ('p', 'u', 'x'))`,
  )) as unknown as { rows: { indexname: string; indexdef: string }[] };
  const indexes = result.rows;
  for (const { indexname } of indexes) await handle.exec(`DROP INDEX IF EXISTS "${indexname}"`);
  try {
    return await load();
  } finally {
    const t0 = Date.now();
    for (const { indexdef } of indexes) await handle.exec(indexdef);
    log(`✓ rebuilt ${indexes.length} indexes (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  }
}
