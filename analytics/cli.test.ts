import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, parseArgs } from './cli';
import { parseCsv } from './csv';
import { dayToIso } from './dates';
import { simulateTransactions } from './simulate';
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

describe('CLI on messy real files', () => {
  const HEADER = 'customer_id,date,amount';
  // Four customers with repeat purchases, so the models have something to fit.
  const GOOD = [
    'A,2024-01-01,10',
    'A,2024-02-01,12',
    'B,2024-01-05,20',
    'B,2024-03-01,22',
    'C,2024-01-10,5',
    'C,2024-01-20,6',
    'D,2024-02-10,8',
  ];
  let n = 0;
  const runOn = async (content: string | Uint8Array, ...flags: string[]) => {
    const file = join(dir, `messy-${++n}.csv`);
    writeFileSync(file, content);
    const outDir = join(dir, `messy-${n}`);
    const result = await run([file, '--out', outDir, ...flags]);
    const customers = () => parseCsv(readFileSync(join(outDir, 'customers.csv'), 'utf8'));
    const model = () => JSON.parse(readFileSync(join(outDir, 'model.json'), 'utf8'));
    return { ...result, customers, model };
  };
  const csv = (...rows: string[]) => `${[HEADER, ...rows].join('\n')}\n`;
  // k-means needs a few customers besides the ones a test looks at.
  const OTHERS = ['X,2024-01-03,4', 'X,2024-02-03,5', 'Y,2024-01-04,6', 'Z,2024-01-09,9'];
  const column = (records: string[][], name: string) => {
    const at = records[0].indexOf(name);
    return Object.fromEntries(records.slice(1).map((r) => [r[0], r[at]]));
  };

  it('stops at an unclosed quote in 2 MB, naming the line it starts on (re-parsing every line made it hang)', async () => {
    const rows = 'C1,2024-01-05,19.99\n'.repeat(100_000);
    const result = await runOn(`${csv(GOOD[0], '"B,2024-01-02,11')}${rows}`);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/analytics: unclosed quote starting at line 3\n/);
  });

  it.each([
    ['2023-02-30', /line 3: date "2023-02-30" is not a real date: February 2023 has 28 days/],
    ['2023-13-45', /line 3: date "2023-13-45" is not a real date: there is no month 13/],
    ['12/31/2023', /line 3: date not an ISO 8601 date: "12\/31\/2023"; for another layout pass --date-format/],
    ['2024-01-05 10:00', /line 3: date not an ISO 8601 date: "2024-01-05 10:00"/],
  ])('refuses the date %s with its line instead of guessing', async (date, message) => {
    const result = await runOn(csv(GOOD[0], `B,${date},5`, ...GOOD.slice(2)));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
  });

  it('reads other layouts only with --date-format, as the day written whatever the time zone', async () => {
    const tz = process.env.TZ;
    process.env.TZ = 'Asia/Shanghai'; // UTC+8: local midnight of 12/31 is 12-30 16:00 UTC
    try {
      const us = await runOn(
        csv('A,12/31/2023,10', 'A,1/5/2024,12', 'B,2/29/2024,3', 'B,3/1/2024,4', 'X,1/3/2024,4', 'Y,1/4/2024,6'),
        '--date-format',
        'MM/DD/YYYY',
      );
      expect(us.stderr).not.toMatch(/analytics:/);
      expect(column(us.customers(), 'first_purchase')).toMatchObject({ A: '2023-12-31', B: '2024-02-29' });
      const eu = await runOn(
        csv('A,31/12/2023,10', 'B,01/02/2024,3', 'X,03/01/2024,4', 'X,03/02/2024,5', 'Y,4/1/2024,6'),
        '--date-format',
        'DD/MM/YYYY',
      );
      expect(column(eu.customers(), 'first_purchase')).toEqual({
        A: '2023-12-31',
        B: '2024-02-01',
        X: '2024-01-03',
        Y: '2024-01-04',
      });
      const times = await runOn(
        csv(
          'A,2023-12-31 23:59:59,10',
          'A,2024-01-01 00:30,12',
          'B,2024-01-02 07:00,3',
          ...OTHERS.map((r) => r.replace(/(\d{4}-\d{2}-\d{2})/, '$1 12:00')),
        ),
        '--date-format',
        'YYYY-MM-DD HH:mm[:ss]',
      );
      expect(column(times.customers(), 'first_purchase')).toMatchObject({ A: '2023-12-31', B: '2024-01-02' });
      expect(column(times.customers(), 'last_purchase')).toMatchObject({ A: '2024-01-01', B: '2024-01-02' });
      const impossible = await runOn(csv('A,2/30/2024,10', 'B,1/1/2024,3'), '--date-format', 'MM/DD/YYYY');
      expect(impossible.stderr).toMatch(/line 2: date "2\/30\/2024" is not a real date: February 2024 has 29 days/);
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it.each([
    ['', /line 3: amount is empty/],
    ['0x1F4', /line 3: amount "0x1F4" is not a plain decimal number/],
    ['1e3', /line 3: amount "1e3" is not a plain decimal number/],
    ['+5', /line 3: amount "\+5" is not a plain decimal number/],
  ])('refuses the amount "%s" with its line', async (amount, message) => {
    const result = await runOn(csv(GOOD[0], `B,2024-01-05,${amount}`, ...GOOD.slice(2)));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
  });

  it('refuses a record with another field count than the header (an unquoted 8,199.00)', async () => {
    const result = await runOn(csv(GOOD[0], 'B,2024-01-05,8,199.00', ...GOOD.slice(2)));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/line 3: 4 fields, but the header has 3/);
    const short = await runOn(csv(GOOD[0], 'B,2024-01-05'));
    expect(short.stderr).toMatch(/line 3: 2 fields, but the header has 3/);
  });

  it('refuses thousands separators even when quoted, and reads plain decimals exactly', async () => {
    const result = await runOn(
      csv('A,2024-01-01,"8,199.00"', 'A,2024-02-01,-0.50', 'B,2024-01-05,.5', 'B,2024-01-06,7.'),
    );
    expect(result.code).toBe(1); // "8,199.00" is quoted but still not a plain decimal number
    expect(result.stderr).toMatch(/line 2: amount "8,199.00" is not a plain decimal number/);
    const ok = await runOn(
      csv('A,2024-01-01,8199.00', 'A,2024-02-01,-0.50', 'B,2024-01-05,.5', 'B,2024-01-06,7.', ...OTHERS),
    );
    expect(ok.stderr).not.toMatch(/analytics:/);
    expect(column(ok.customers(), 'revenue')).toMatchObject({ A: '8198.5', B: '7.5' });
  });

  it('refuses invalid UTF-8 with its line, and reads the file with --encoding latin1', async () => {
    const encode = (text: string) => new TextEncoder().encode(text);
    // Line 3 holds "Zoë" in latin1: the byte 0xEB alone is not UTF-8.
    const file = Uint8Array.from([
      ...encode(`${HEADER}\n${GOOD[0]}\nZo`),
      0xeb,
      ...encode(`,2024-03-01,4\nZoe,2024-03-02,5\n${GOOD.slice(1).join('\n')}\n`),
    ]);
    const refused = await runOn(file);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /line 3 is not valid utf-8 text; if the file was saved in another encoding, pass --encoding/,
    );
    const read = await runOn(file, '--encoding', 'latin1');
    expect(read.stderr).not.toMatch(/analytics:/);
    expect(Object.keys(column(read.customers(), 'orders')).sort()).toEqual(['A', 'B', 'C', 'D', 'Zoe', 'Zoë']);
    // Valid UTF-8 (here with a BOM) keeps ë as it is.
    const utf8 = await runOn(Uint8Array.from([0xef, 0xbb, 0xbf, ...encode(csv('Zoë,2024-01-01,10', ...GOOD))]));
    expect(Object.keys(column(utf8.customers(), 'orders'))).toContain('Zoë');
  });

  it('skips and counts rows with a blank customer id, naming the first line', async () => {
    const result = await runOn(csv(GOOD[0], ',2024-01-03,7', ...GOOD.slice(1, 4), '  ,2024-01-04,9', ...GOOD.slice(4)));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/skipped 2 rows with a blank customer id \(the first on line 3\)/);
    expect(Object.keys(column(result.customers(), 'orders'))).toEqual(['A', 'B', 'C', 'D']);
    expect(result.model().skippedBlankCustomerId).toBe(2);
  });

  it('treats negative amounts as returns: they net the spend and are never a purchase, and are counted', async () => {
    // B buys 20 on 01-05 and 22 on 03-01, returns 12 on 03-05: purchase days 01-05 (20) and 03-01 (10).
    // E only returns: no purchase, not analysed.
    const result = await runOn(csv(...GOOD, 'B,2024-03-05,-12', 'E,2024-02-02,-3'));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /returns: 2 rows with a negative amount \(-15\.00 in all, on or before 2024-03-05\), netted against earlier purchases, never counted as one; 1 customer has no purchase left and is not analysed/,
    );
    const records = result.customers();
    expect(column(records, 'x').B).toBe('1');
    expect(column(records, 'revenue').B).toBe('30');
    expect(column(records, 'orders').B).toBe('2');
    expect(column(records, 'last_purchase').B).toBe('2024-03-01');
    expect(Object.keys(column(records, 'x'))).not.toContain('E');
  });

  it('keeps P(alive) and expected purchases when Gamma-Gamma cannot be fitted, and says why in words', async () => {
    const table = simulateTransactions({
      customers: 600,
      start: '2022-01-01',
      acquisitionDays: 365,
      days: 730,
      params: { r: 0.8, alpha: 40, a: 0.9, b: 6 },
      spend: { p: 2, q: 0.5, gamma: 20 }, // q < 1: the mean spend is infinite
      seed: 5,
    });
    const g = table.group();
    const rows: string[] = [];
    for (let c = 0; c < g.customerIds.length; c++)
      for (let i = g.offsets[c]; i < g.offsets[c + 1]; i++)
        rows.push(`${g.customerIds[c]},${dayToIso(g.days[i])},${g.amounts[i].toFixed(2)}`);
    const result = await runOn(csv(...rows), '--asof', '2023-12-31');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/BG\/NBD r=/);
    expect(result.stdout).toMatch(
      /WARNING: Gamma-Gamma could not be fitted: spend varies so much between customers that its mean is unbounded \(q = 0\.\d+ ≤ 1\)\. expected_value and clv are left empty; p_alive and expected_purchases come from BG\/NBD alone\./,
    );
    const records = result.customers();
    const pAlive = Object.values(column(records, 'p_alive')).map(Number);
    expect(pAlive.filter((p) => !(p >= 0 && p <= 1))).toEqual([]); // rounded to 4 places, so 0 is possible
    expect(pAlive.filter((p) => p > 0.5).length).toBeGreaterThan(300);
    expect(Object.values(column(records, 'expected_purchases')).filter((v) => !(Number(v) >= 0 && v !== ''))).toEqual(
      [],
    );
    expect(Object.values(column(records, 'clv')).every((v) => v === '')).toBe(true);
    expect(result.model().gammaGamma.status.state).toBe('failed');
  });

  it('says loudly that BG/NBD could not be fitted when every customer bought once, instead of printing r=0.0000', async () => {
    const result = await runOn(csv('A,2024-01-01,10', 'B,2024-01-05,20', 'C,2024-02-01,5', 'D,2024-03-01,7'));
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(/r=0\.0000/);
    expect(result.stdout).toMatch(
      /WARNING: BG\/NBD could not be fitted: every customer bought on one day only, so repeat-purchase rates and dropout cannot be estimated\. p_alive, expected_purchases, expected_value and clv are left empty\./,
    );
    expect(Object.values(column(result.customers(), 'p_alive')).every((v) => v === '')).toBe(true);
    expect(result.model().bgNbd.status).toMatchObject({ state: 'failed' });
  });

  it('says loudly when BG/NBD runs to a parameter bound whose limit is no model', async () => {
    // Two repeat buyers who both stop after their second purchase: the fit drives b/a → 0.
    const result = await runOn(csv(...GOOD.slice(0, 4), 'C,2024-02-01,5', 'D,2024-03-01,7', 'E,2024-03-02,8'));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /WARNING: BG\/NBD could not be fitted: every customer seems to drop out after each purchase/,
    );
    expect(result.model().bgNbd.status.state).toBe('failed');
  });
});
