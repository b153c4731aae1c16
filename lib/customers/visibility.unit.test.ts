import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// "A live customer" is one rule (lib/customers/visibility.ts: liveCustomer, customerIsLive,
// customerNotDeleted, isLiveCustomer). These checks read the source so a hand-written copy of it
// elsewhere in lib/ fails here instead of drifting from the rule.

const LIB = path.resolve(import.meta.dirname, '..');
const RULE_FILE = path.join(LIB, 'customers', 'visibility.ts');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** The code of a file without its comments (comments may explain the rule in words). */
function code(file: string): string {
  return fs
    .readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

/** Where a file tests a customers table (or an alias of it) for being deleted, by hand. */
function handWrittenLiveRule(source: string): string[] {
  const names = ['customers', ...[...source.matchAll(/(\w+)\s*=\s*alias\(\s*customers\s*,/g)].map((m) => m[1])];
  const found: string[] = [];
  for (const name of names) {
    const column = `${name}\\.deletedAt`;
    const patterns = [
      new RegExp(`is(?:Not)?Null\\(\\s*${column}\\s*\\)`, 'g'),
      new RegExp(`\\$\\{\\s*${column}\\s*\\}\\s*is\\s`, 'g'),
    ];
    for (const pattern of patterns) found.push(...[...source.matchAll(pattern)].map((m) => m[0]));
  }
  // Raw SQL that names the column as a string, on any table: typed SQL interpolates the schema.
  found.push(...[...source.matchAll(/deleted_at/g)].map((m) => m[0]));
  return found;
}

describe('"a live customer" is written in one place', () => {
  it('the detector finds the hand-written spellings (on customers and its aliases) and ignores other tables', () => {
    expect(handWrittenLiveRule('and(isNull(customers.deletedAt), x)')).toEqual(['isNull(customers.deletedAt)']);
    expect(handWrittenLiveRule(`const c = alias(customers, 'c'); sql\`\${c.deletedAt} is not null\``)).toEqual([
      `\${c.deletedAt} is `,
    ]);
    expect(handWrittenLiveRule('sql`select 1 from customers where deleted_at is null`')).toEqual(['deleted_at']);
    expect(handWrittenLiveRule(`isNull(activities.deletedAt), sql\`\${deals.deletedAt} is null\``)).toEqual([]);
  });

  it('no file in lib/ but visibility.ts tests whether a customer is deleted by hand', () => {
    const offenders = sourceFiles(LIB)
      .filter((file) => file !== RULE_FILE)
      .flatMap((file) => handWrittenLiveRule(code(file)).map((hit) => `${path.relative(LIB, file)}: ${hit}`));
    expect(offenders).toEqual([]);
  });
});
