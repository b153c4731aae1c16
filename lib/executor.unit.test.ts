import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// A helper that may run inside a transaction takes its executor (`tx`) as a required parameter.
// A default of the process-wide `db` is a trap: called inside a transaction without the argument,
// it waits forever on PGlite (one connection, held by the transaction) and, on PostgreSQL, reads
// outside the transaction. These checks read lib/ so such a default cannot come back unnoticed.

const LIB = import.meta.dirname;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** Parameters that default to the global `db`, or optional executor parameters. */
function optionalExecutors(source: string): string[] {
  const defaults = [...source.matchAll(/=\s*db\s*[,)]/g)].map((m) => m[0]);
  const optional = [...source.matchAll(/\b(?:tx|executor)\?\s*:/g)].map((m) => m[0]);
  return [...defaults, ...optional];
}

describe('executors are passed, never defaulted', () => {
  it('the detector finds a db default and an optional tx, and ignores `const x = db`', () => {
    expect(optionalExecutors("function f(id: string, executor: Pick<typeof db, 'select'> = db) {}")).toHaveLength(1);
    expect(optionalExecutors('const g = (tx = db) => tx;')).toHaveLength(1);
    expect(optionalExecutors('function h(tx?: Tx) {}')).toHaveLength(1);
    expect(optionalExecutors('const q = db;\nconst r = db.select();')).toEqual([]);
  });

  it('no function in lib/ defaults its executor to db or makes it optional', () => {
    const offenders = sourceFiles(LIB).flatMap((file) =>
      optionalExecutors(fs.readFileSync(file, 'utf8')).map((hit) => `${path.relative(LIB, file)}: ${hit}`),
    );
    expect(offenders).toEqual([]);
  });
});
