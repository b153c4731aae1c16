import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, parseArgs } from './cli';
import { parseCsv } from './csv';
import { RFM_FIXTURE_CSV } from './testing/rfm-fixture';

const dir = mkdtempSync(join(tmpdir(), 'analytics-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = async (argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
  return { code, stdout: out.join(''), stderr: err.join('') };
};

describe('analytics CLI on the rfm 0.3.0 reference orders', () => {
  let result: Awaited<ReturnType<typeof run>>;
  let header: string[];
  let rows: string[][];
  // biome-ignore lint/suspicious/noExplicitAny: parsed JSON checked field by field below
  let model: any;
  beforeAll(async () => {
    const outDir = join(dir, 'rfm');
    result = await run([
      fileURLToPath(RFM_FIXTURE_CSV),
      '--asof',
      '2006-12-31',
      '--holdout',
      '2006-06-30',
      '--out',
      outDir,
      '--seed',
      '3',
    ]);
    [header, ...rows] = parseCsv(readFileSync(join(outDir, 'customers.csv'), 'utf8'));
    model = JSON.parse(readFileSync(join(outDir, 'model.json'), 'utf8'));
  });
  const col = (name: string) => header.indexOf(name);

  it('exits 0 and reports what it wrote', () => {
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/customers: 995, as of 2006-12-31/);
    expect(result.stderr).toMatch(/read 4,906 transactions of 995 customers/);
  });

  it('writes one row per customer with RFM, both CLVs, P(alive), expected purchases and cluster', () => {
    expect(rows).toHaveLength(995);
    for (const name of [
      'segment',
      'value_class',
      'historical_clv',
      'textbook_clv',
      'clv',
      'p_alive',
      'expected_purchases',
      'cluster',
      'cluster_label',
    ]) {
      expect(col(name)).toBeGreaterThanOrEqual(0);
    }
    const brion = rows.find((r) => r[0] === 'Brion Stark')!;
    expect(brion[col('rfm_score')]).toBe('355');
    expect(brion[col('segment')]).toBe('Potential Loyalist');
    const pAlive = Number(brion[col('p_alive')]);
    expect(pAlive).toBeGreaterThan(0);
    expect(pAlive).toBeLessThanOrEqual(1);
  });

  it('the model summary has the published segment counts, fitted parameters, k and the holdout check', () => {
    expect(model.rfm.segments['Potential Loyalist']).toBe(342);
    expect(model.rfm.breaks.monetary).toEqual([255.8, 382, 506.4, 666].map((v) => expect.closeTo(v, 8)));
    expect(model.bgNbd.params.r).toBeGreaterThan(0);
    expect(Number.isFinite(model.bgNbd.logLikelihood)).toBe(true);
    expect(model.kmeans.k).toBeGreaterThanOrEqual(2);
    expect(model.kmeans.silhouette).toBeGreaterThan(0);
    expect(model.holdout.calibrationEnd).toBe('2006-06-30');
    expect(model.holdout.check.actualTotal).toBeGreaterThan(0);
  });
});

describe('CLI input handling', () => {
  it('reads quoted fields and custom column names', async () => {
    const file = join(dir, 'custom.csv');
    writeFileSync(
      file,
      [
        'who,when,"total, EUR"',
        '"Doe, Jane",2024-01-01,10',
        '"Doe, Jane",2024-02-01,20',
        'Bob,2024-01-15,5',
        'Bob,2024-03-01,7',
        'Ann,2024-02-20,9',
        'Cy,2024-01-03,30',
        'Cy,2024-02-03,31',
      ].join('\n'),
    );
    const outDir = join(dir, 'custom');
    const result = await run([
      file,
      '--customer-col',
      'who',
      '--date-col',
      'when',
      '--amount-col',
      'total, EUR',
      '--unit',
      'week',
      '--out',
      outDir,
    ]);
    expect(result.stderr).not.toMatch(/analytics:/);
    expect(result.code).toBe(0);
    const [, ...rows] = parseCsv(readFileSync(join(outDir, 'customers.csv'), 'utf8'));
    expect(rows.map((r) => r[0])).toEqual(['Doe, Jane', 'Bob', 'Ann', 'Cy']);
    expect(JSON.parse(readFileSync(join(outDir, 'model.json'), 'utf8')).asOf).toBe('2024-03-01'); // default: last transaction
  });

  it('fails with a line number on a bad amount, and with usage on bad arguments', async () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'customer_id,date,amount\nA,2024-01-01,12\nB,2024-01-02,twelve\n');
    const bad = await run([file, '--out', join(dir, 'bad')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/line 3: amount "twelve"/);
    expect((await run([])).code).toBe(2);
    expect((await run([file, '--frobnicate'])).stderr).toMatch(/unknown option --frobnicate/);
  });

  it('parses --flag value and --flag=value', () => {
    expect(parseArgs(['x.csv', '--unit=week', '--asof', '2024-01-01', '--cluster-clv'])).toEqual({
      file: 'x.csv',
      flags: { unit: 'week', asof: '2024-01-01' },
      switches: new Set(['cluster-clv']),
    });
  });
});
