/**
 * npm run analytics -- <transactions.csv> [--asof DATE] [--unit day|week] [--holdout DATE] [--out DIR]
 *   [--customer-col NAME --date-col NAME --amount-col NAME] [--horizon-months 12] [--discount 0.01]
 *   [--margin 1] [--retention R] [--cluster-clv] [--seed 1]
 *
 * Streams the CSV line by line (progress on stderr), then writes DIR/customers.csv (one row per
 * customer) and DIR/model.json (fitted parameters, log-likelihoods, chosen k, holdout check).
 */
import { createReadStream, createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { CsvRecordReader, csvField } from './csv';
import { dayToIso, toDay } from './dates';
import { analyzeCustomers, type CustomerResult, type PipelineOptions } from './pipeline';
import { TransactionTable } from './summary';

const USAGE = `usage: npm run analytics -- <transactions.csv> [--asof YYYY-MM-DD] [--unit day|week] [--holdout YYYY-MM-DD]
  [--out DIR] [--customer-col NAME] [--date-col NAME] [--amount-col NAME] [--horizon-months N]
  [--discount MONTHLY_RATE] [--margin SHARE] [--retention YEARLY_RATE] [--cluster-clv] [--seed N]`;

const VALUE_FLAGS = [
  'asof',
  'unit',
  'holdout',
  'out',
  'customer-col',
  'date-col',
  'amount-col',
  'horizon-months',
  'discount',
  'margin',
  'retention',
  'seed',
];
const DEFAULT_COLUMNS = {
  customer: ['customer_id', 'customer', 'customerid', 'client_id'],
  date: ['date', 'order_date', 'transaction_date', 'created_at'],
  amount: ['amount', 'revenue', 'total', 'value'],
};

type Io = { stdout: (s: string) => void; stderr: (s: string) => void };

export function parseArgs(argv: readonly string[]): {
  file: string;
  flags: Record<string, string>;
  switches: Set<string>;
} {
  const flags: Record<string, string> = {};
  const switches = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (name === 'cluster-clv' || name === 'help') switches.add(name);
    else if (VALUE_FLAGS.includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new Error(`--${name} needs a value`);
      flags[name] = value;
    } else throw new Error(`unknown option --${name}`);
  }
  if (positional.length !== 1) throw new Error('give exactly one transactions CSV');
  return { file: positional[0], flags, switches };
}

const number = (flags: Record<string, string>, name: string): number | undefined => {
  if (flags[name] === undefined) return undefined;
  const v = Number(flags[name]);
  if (!Number.isFinite(v)) throw new Error(`--${name} must be a number`);
  return v;
};

/** Reads the CSV into a TransactionTable, streaming; returns the table and the last transaction day. */
export async function readTransactions(
  file: string,
  columns: { customer?: string; date?: string; amount?: string },
  progress: (rows: number) => void = () => {},
): Promise<{ table: TransactionTable; lastDay: number }> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  const reader = new CsvRecordReader();
  const table = new TransactionTable();
  let header: string[] | null = null;
  let idx = [0, 0, 0];
  let lineNo = 0;
  let lastDay = -Infinity;
  for await (const line of lines) {
    lineNo++;
    const record = reader.push(lineNo === 1 ? line.replace(/^\uFEFF/, '') : line);
    if (!record || (record.length === 1 && record[0].trim() === '')) continue;
    if (!header) {
      header = record.map((h) => h.trim());
      const find = (given: string | undefined, defaults: string[], what: string) => {
        const lower = header!.map((h) => h.toLowerCase());
        const at = given !== undefined ? header!.indexOf(given) : lower.findIndex((h) => defaults.includes(h));
        if (at < 0)
          throw new Error(
            `no ${what} column (${given ?? defaults.join(', ')}) in ${header!.join(', ')}; use --${what}-col`,
          );
        return at;
      };
      idx = [
        find(columns.customer, DEFAULT_COLUMNS.customer, 'customer'),
        find(columns.date, DEFAULT_COLUMNS.date, 'date'),
        find(columns.amount, DEFAULT_COLUMNS.amount, 'amount'),
      ];
      continue;
    }
    const amount = Number(record[idx[2]]);
    if (!Number.isFinite(amount))
      throw new Error(`line ${lineNo}: amount ${JSON.stringify(record[idx[2]])} is not a number`);
    let day: number;
    try {
      day = toDay(record[idx[1]].trim());
    } catch {
      throw new Error(`line ${lineNo}: date ${JSON.stringify(record[idx[1]])} is not a date`);
    }
    if (day > lastDay) lastDay = day;
    table.addDay(record[idx[0]], day, amount);
    if (table.length % 100_000 === 0) progress(table.length);
  }
  reader.end();
  if (!header || table.length === 0) throw new Error(`${file} has no transactions`);
  return { table, lastDay };
}

const round = (v: number, digits = 4) => (Number.isFinite(v) ? Number(v.toFixed(digits)) : v);

const CUSTOMER_COLUMNS: [string, (c: CustomerResult) => string | number | null][] = [
  ['customer_id', (c) => c.customerId],
  ['first_purchase', (c) => c.firstPurchase],
  ['last_purchase', (c) => c.lastPurchase],
  ['orders', (c) => c.orders],
  ['revenue', (c) => round(c.revenue, 2)],
  ['recency_days', (c) => c.recencyDays],
  ['r', (c) => c.r],
  ['f', (c) => c.f],
  ['m', (c) => c.m],
  ['rfm_score', (c) => c.rfmScore],
  ['segment', (c) => c.segment],
  ['value_class', (c) => c.valueClass],
  ['weighted_score', (c) => round(c.weightedScore)],
  ['x', (c) => c.x],
  ['t_x', (c) => round(c.tx)],
  ['T', (c) => round(c.T)],
  ['mean_repeat_value', (c) => round(c.meanRepeatValue, 2)],
  ['historical_clv', (c) => round(c.historicalClv, 2)],
  ['textbook_clv', (c) => round(c.textbookClv, 2)],
  ['p_alive', (c) => (c.probabilistic ? round(c.probabilistic.pAlive) : null)],
  ['expected_purchases', (c) => (c.probabilistic ? round(c.probabilistic.expectedPurchases) : null)],
  ['expected_value', (c) => (c.probabilistic ? round(c.probabilistic.expectedValue, 2) : null)],
  ['clv', (c) => (c.probabilistic ? round(c.probabilistic.clv, 2) : null)],
  ['cluster', (c) => c.cluster],
  ['cluster_label', (c) => c.clusterLabel],
];

async function writeCustomers(path: string, customers: readonly CustomerResult[]): Promise<void> {
  const out = createWriteStream(path, 'utf8');
  const write = (s: string) =>
    out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()));
  await write(`${CUSTOMER_COLUMNS.map(([name]) => name).join(',')}\n`);
  let chunk = '';
  for (const c of customers) {
    chunk += `${CUSTOMER_COLUMNS.map(([, get]) => csvField(get(c))).join(',')}\n`;
    if (chunk.length > 1 << 16) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  await new Promise<void>((r, reject) => out.end((error?: Error | null) => (error ? reject(error) : r())));
}

/** The CLI; returns the exit code (0 ok, 1 failure, 2 usage). */
export async function main(
  argv: readonly string[],
  io: Io = { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) },
): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs(argv);
  } catch (error) {
    io.stderr(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { file, flags, switches } = parsed;
  try {
    const unit = flags.unit ?? 'day';
    if (unit !== 'day' && unit !== 'week') throw new Error('--unit must be day or week');
    const started = performance.now();
    const { table, lastDay } = await readTransactions(
      file,
      { customer: flags['customer-col'], date: flags['date-col'], amount: flags['amount-col'] },
      (rows) => io.stderr(`read ${rows.toLocaleString('en')} rows…\n`),
    );
    const asOf = flags.asof ?? dayToIso(lastDay);
    io.stderr(
      `read ${table.length.toLocaleString('en')} transactions of ${table.customerIds.length.toLocaleString('en')} customers in ${Math.round(performance.now() - started)} ms; analysing as of ${asOf}…\n`,
    );
    const options: PipelineOptions = {
      asOf,
      unit,
      holdout: flags.holdout,
      horizonMonths: number(flags, 'horizon-months'),
      monthlyDiscountRate: number(flags, 'discount'),
      margin: number(flags, 'margin'),
      retention: number(flags, 'retention'),
      seed: number(flags, 'seed'),
      clusterOnClv: switches.has('cluster-clv'),
      clock: () => performance.now(),
    };
    const { customers, model } = analyzeCustomers(table, options);
    const outDir = resolve(flags.out ?? 'analytics-out');
    mkdirSync(outDir, { recursive: true });
    await writeCustomers(resolve(outDir, 'customers.csv'), customers);
    writeFileSync(
      resolve(outDir, 'model.json'),
      `${JSON.stringify({ source: file, transactions: table.length, ...model }, null, 2)}\n`,
    );
    const bg = model.bgNbd.params;
    io.stdout(
      `${[
        `customers: ${model.customers}, as of ${model.asOf} (unit: ${model.unit})`,
        `BG/NBD r=${bg.r.toFixed(4)} alpha=${bg.alpha.toFixed(4)} a=${bg.a.toFixed(4)} b=${bg.b.toFixed(4)} LL=${model.bgNbd.logLikelihood.toFixed(2)}`,
        'error' in model.gammaGamma
          ? `Gamma-Gamma: ${model.gammaGamma.error}`
          : `Gamma-Gamma p=${model.gammaGamma.params.p.toFixed(4)} q=${model.gammaGamma.params.q.toFixed(4)} gamma=${model.gammaGamma.params.gamma.toFixed(4)}`,
        `k-means: k=${model.kmeans.k}, silhouette ${model.kmeans.silhouette.toFixed(3)}`,
        `wrote ${resolve(outDir, 'customers.csv')} and model.json`,
      ].join('\n')}\n`,
    );
    return 0;
  } catch (error) {
    io.stderr(`analytics: ${(error as Error).message}\n`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
