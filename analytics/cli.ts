/**
 * npm run analytics -- <transactions.csv> [--asof DATE] [--unit day|week] [--holdout DATE] [--out DIR]
 *   [--customer-col NAME --date-col NAME --amount-col NAME] [--date-format FORMAT] [--encoding LABEL]
 *   [--horizon-months 12] [--discount 0.01] [--margin 1] [--retention R] [--cluster-clv] [--seed 1]
 *
 * Streams the CSV (bytes → strict decoding → the incremental CSV parser; progress on stderr), then
 * writes DIR/customers.csv (one row per customer) and DIR/model.json (fitted parameters and their
 * status, log-likelihoods, chosen k, holdout check). Refuses a file rather than guess: invalid
 * text in the encoding, an unclosed quote, a record with another field count than the header, an
 * amount that is not a plain decimal number, a date that does not exist or is not in the format.
 * Rows with a blank customer id are skipped and counted; negative amounts are returns.
 */
import { createReadStream, createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { csvField, isBlankRecord, readCsvBatches } from './csv';
import { dayParser, dayToIso, toDay } from './dates';
import { decodeText, TextDecodeError } from './decode';
import type { FitStatus } from './fit-status';
import { analyzeCustomers, type CustomerResult, type PipelineOptions } from './pipeline';
import { TransactionTable } from './summary';

const USAGE = `usage: npm run analytics -- <transactions.csv> [--asof YYYY-MM-DD] [--unit day|week] [--holdout YYYY-MM-DD]
  [--out DIR] [--customer-col NAME] [--date-col NAME] [--amount-col NAME] [--date-format FORMAT]
  [--encoding LABEL] [--horizon-months N] [--discount MONTHLY_RATE] [--margin SHARE] [--retention YEARLY_RATE]
  [--cluster-clv] [--seed N]
  dates are ISO 8601 (YYYY-MM-DD, or YYYY-MM-DDTHH:mm[:ss][Z|±HH:mm]) unless --date-format says otherwise,
  e.g. MM/DD/YYYY, DD/MM/YYYY, DD.MM.YYYY or "YYYY-MM-DD HH:mm[:ss]" (the time is dropped: the day as written).
  the file must be UTF-8 unless --encoding names another (latin1, windows-1252, gbk, gb18030, shift_jis, …).`;

const VALUE_FLAGS = [
  'asof',
  'unit',
  'holdout',
  'out',
  'customer-col',
  'date-col',
  'amount-col',
  'date-format',
  'encoding',
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

/** A plain decimal amount: digits with an optional leading minus and decimal point (no 0x, 1e3, 1,000). */
const AMOUNT = /^-?(?:\d+(?:\.\d*)?|\.\d+)$/;

export type ReadOptions = {
  columns?: { customer?: string; date?: string; amount?: string };
  /** See dayParser; ISO 8601 when omitted. */
  dateFormat?: string;
  /** A WHATWG encoding label; default UTF-8. */
  encoding?: string;
};

export type ReadResult = {
  table: TransactionTable;
  lastDay: number;
  /** Rows skipped because their customer id is blank, and the line of the first. */
  blankCustomer: { rows: number; firstLine: number | null };
  /** Rows with a negative amount (returns). */
  returns: number;
};

/**
 * Reads the CSV into a TransactionTable, streaming, and stops at the first record it cannot read
 * with an Error naming the line.
 */
export async function readTransactions(
  file: string,
  { columns = {}, dateFormat, encoding = 'utf-8' }: ReadOptions = {},
  progress: (rows: number) => void = () => {},
): Promise<ReadResult> {
  const parseDay = dayParser(dateFormat);
  const dateHint = dateFormat
    ? ''
    : '; for another layout pass --date-format (e.g. MM/DD/YYYY, DD/MM/YYYY, "YYYY-MM-DD HH:mm[:ss]")';
  const table = new TransactionTable();
  const blankCustomer: ReadResult['blankCustomer'] = { rows: 0, firstLine: null };
  let returns = 0;
  let header: string[] | null = null;
  let idx = [0, 0, 0];
  let lastDay = -Infinity;
  // Default 64 KiB chunks: 1 MiB ones read 1M rows twice as slowly (each batch of records lives
  // longer, so more of them reach the old generation and cost garbage collection).
  const text = decodeText(createReadStream(file), encoding);
  try {
    for await (const batch of readCsvBatches(text))
      for (const { line, fields } of batch) {
        if (isBlankRecord(fields)) continue;
        if (!header) {
          const names = fields.map((h) => h.trim());
          header = names;
          const lower = names.map((h) => h.toLowerCase());
          const find = (given: string | undefined, defaults: string[], what: string) => {
            const at = given !== undefined ? names.indexOf(given) : lower.findIndex((h) => defaults.includes(h));
            if (at < 0)
              throw new Error(
                `no ${what} column (${given ?? defaults.join(', ')}) in ${names.join(', ')}; use --${what}-col`,
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
        if (fields.length !== header.length)
          throw new Error(
            `line ${line}: ${fields.length} fields, but the header has ${header.length}; a value holding a comma (e.g. 8,199.00) must be quoted`,
          );
        const customerId = fields[idx[0]];
        if (customerId.trim() === '') {
          blankCustomer.rows++;
          blankCustomer.firstLine ??= line;
          continue;
        }
        const amountText = fields[idx[2]].trim();
        if (!AMOUNT.test(amountText))
          throw new Error(
            amountText === ''
              ? `line ${line}: amount is empty`
              : `line ${line}: amount ${JSON.stringify(fields[idx[2]])} is not a plain decimal number (digits, an optional leading minus and decimal point)`,
          );
        const amount = Number(amountText);
        let day: number;
        try {
          day = parseDay(fields[idx[1]].trim());
        } catch (error) {
          throw new Error(`line ${line}: date ${(error as Error).message}${dateHint}`);
        }
        if (amount < 0) returns++;
        if (day > lastDay) lastDay = day;
        table.addDay(customerId, day, amount);
        if (table.length % 100_000 === 0) progress(table.length);
      }
  } catch (error) {
    if (error instanceof TextDecodeError)
      throw new Error(
        `line ${error.line} is not valid ${error.encoding} text${encoding === 'utf-8' ? '; if the file was saved in another encoding, pass --encoding (e.g. latin1, windows-1252, gbk)' : ''}`,
      );
    throw error;
  }
  if (!header || table.length === 0) throw new Error(`${file} has no transactions`);
  return { table, lastDay, blankCustomer, returns };
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
  ['expected_value', (c) => (c.probabilistic?.expectedValue != null ? round(c.probabilistic.expectedValue, 2) : null)],
  ['clv', (c) => (c.probabilistic?.clv != null ? round(c.probabilistic.clv, 2) : null)],
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
    for (const name of ['asof', 'holdout'])
      if (flags[name] !== undefined) {
        try {
          toDay(flags[name]);
        } catch (error) {
          throw new Error(`--${name}: ${(error as Error).message}`);
        }
      }
    const started = performance.now();
    const read = await readTransactions(
      file,
      {
        columns: { customer: flags['customer-col'], date: flags['date-col'], amount: flags['amount-col'] },
        dateFormat: flags['date-format'],
        encoding: flags.encoding,
      },
      (rows) => io.stderr(`read ${rows.toLocaleString('en')} rows…\n`),
    );
    const { table, lastDay } = read;
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
    const input = { transactions: table.length, skippedBlankCustomerId: read.blankCustomer.rows };
    writeFileSync(resolve(outDir, 'model.json'), `${JSON.stringify({ source: file, ...input, ...model }, null, 2)}\n`);
    io.stdout(`${report(read, model, resolve(outDir, 'customers.csv')).join('\n')}\n`);
    return 0;
  } catch (error) {
    io.stderr(`analytics: ${(error as Error).message}\n`);
    return 1;
  }
}

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
const money = (v: number) => v.toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** What went into the analysis and what came out, with anything that could not be fitted said loudly. */
function report(read: ReadResult, model: ReturnType<typeof analyzeCustomers>['model'], written: string): string[] {
  const lines: string[] = [];
  const warn = (status: FitStatus, consequence = '', prefix = '') => {
    if (status.state === 'failed') lines.push(`WARNING: ${prefix}${status.message} ${consequence}`.trimEnd());
    else if (status.state === 'limit') lines.push(`WARNING: ${prefix}${status.message}`);
  };
  if (read.blankCustomer.rows > 0)
    lines.push(
      `skipped ${count(read.blankCustomer.rows, 'row')} with a blank customer id (the first on line ${read.blankCustomer.firstLine})`,
    );
  if (read.returns > 0) {
    const { amount, customersWithoutPurchase } = model.returns;
    lines.push(
      `returns: ${count(read.returns, 'row')} with a negative amount (${money(amount)} in all, on or before ${model.asOf}), netted against earlier purchases, never counted as one` +
        (customersWithoutPurchase > 0
          ? `; ${count(customersWithoutPurchase, 'customer has', 'customers have')} no purchase left and ${customersWithoutPurchase === 1 ? 'is' : 'are'} not analysed`
          : ''),
    );
  }
  lines.push(`customers: ${model.customers}, as of ${model.asOf} (unit: ${model.unit})`);
  const bg = model.bgNbd;
  if (bg.status.state === 'failed')
    warn(bg.status, 'p_alive, expected_purchases, expected_value and clv are left empty.');
  else {
    const { r, alpha, a, b } = bg.params;
    lines.push(
      `BG/NBD r=${r.toFixed(4)} alpha=${alpha.toFixed(4)} a=${a.toFixed(4)} b=${b.toFixed(4)} LL=${bg.logLikelihood.toFixed(2)}`,
    );
    warn(bg.status);
  }
  const gg = model.gammaGamma;
  const ggConsequence =
    bg.status.state === 'failed'
      ? 'expected_value and clv are left empty.'
      : 'expected_value and clv are left empty; p_alive and expected_purchases come from BG/NBD alone.';
  if ('params' in gg && gg.status.state !== 'failed') {
    lines.push(
      `Gamma-Gamma p=${gg.params.p.toFixed(4)} q=${gg.params.q.toFixed(4)} gamma=${gg.params.gamma.toFixed(4)}`,
    );
    warn(gg.status);
  } else warn(gg.status, ggConsequence);
  if (model.holdout) warn(model.holdout.fit.status, 'There is no holdout check.', 'holdout calibration fit: ');
  lines.push(`k-means: k=${model.kmeans.k}, silhouette ${model.kmeans.silhouette.toFixed(3)}`);
  lines.push(`wrote ${written} and model.json`);
  return lines;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
