/**
 * npm run bench:analytics [-- --customers 100000 --seed 1]
 *
 * Generates ~100k customers / ~1M transactions from known BG/NBD and Gamma-Gamma parameters (in
 * days) with the seeded simulator, runs the full pipeline (as the CLI and the refresh job do) and
 * prints the time of each step and the recovered parameters next to the truth. Not a test: times
 * depend on the machine. Target: under 15 s in total on 2 cores.
 */
import { analyzeCustomers } from './pipeline';
import { simulateTransactions, simulationEnd } from './simulate';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const customers = flag('customers', 100_000);
const seed = flag('seed', 1);

const truth = { r: 1.2, alpha: 45, a: 0.8, b: 10 }; // ≈ 9 repeat purchases in the mean 1.5 years
const spend = { p: 4, q: 3.5, gamma: 60 }; // mean spend pγ/(q − 1) = 96
const start = '2023-01-01';
const days = 730;

const t0 = performance.now();
const table = simulateTransactions({ customers, start, acquisitionDays: 365, days, params: truth, spend, seed });
const generated = performance.now() - t0;

// The pipeline calls the clock once before the first step and once after each; recording CPU time
// at the same calls gives per-step CPU time, which shows what a busy machine does to wall time.
const cpuMarks: number[] = [];
const clock = () => {
  cpuMarks.push(process.cpuUsage().user / 1000);
  return performance.now();
};
const { model } = analyzeCustomers(table, { asOf: simulationEnd(start, days), unit: 'day', seed, clock });
const t = model.timingsMs;
const cpu: Record<string, number> = {};
Object.keys(t).forEach((step, i) => {
  cpu[step] = cpuMarks[i + 1] - cpuMarks[i];
});

const rows: [string, string][] = [
  ['transaction summary (x, t_x, T; RFM inputs)', 'summary'],
  ['RFM scores, 10 segments, value matrix', 'rfm'],
  ['BG/NBD fit', 'bgnbdFit'],
  ['BG/NBD forecast: P(alive), 12-month purchases', 'forecast'],
  ['Gamma-Gamma fit', 'gammaGammaFit'],
  ['probabilistic CLV, 12 months', 'clv'],
  ['textbook CLV', 'textbookClv'],
  ['k-means k = 2…8 with sampled silhouette', 'kmeans'],
  ['assembling per-customer results', 'results'],
];
const sum = (m: Record<string, number>) => rows.reduce((s, [, key]) => s + (m[key] ?? 0), 0);
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`.padStart(9);

console.log(
  `\n${customers.toLocaleString('en')} customers, ${table.length.toLocaleString('en')} transactions (generated in ${fmt(generated).trim()}, not counted)\n`,
);
console.log(`${'step'.padEnd(46)}${'wall'.padStart(9)}${'cpu'.padStart(9)}`);
for (const [name, key] of rows) console.log(`${name.padEnd(46)}${fmt(t[key] ?? 0)}${fmt(cpu[key] ?? 0)}`);
console.log(`${'total'.padEnd(46)}${fmt(sum(t))}${fmt(sum(cpu))}   (target < 15 s wall)\n`);

const bg = model.bgNbd.params;
console.log(`BG/NBD       truth r=${truth.r} α=${truth.alpha} a=${truth.a} b=${truth.b}`);
console.log(
  `             fit   r=${bg.r.toFixed(3)} α=${bg.alpha.toFixed(2)} a=${bg.a.toFixed(3)} b=${bg.b.toFixed(2)}  (${model.bgNbd.iterations} iterations)`,
);
if ('params' in model.gammaGamma) {
  const gg = model.gammaGamma.params;
  console.log(`Gamma-Gamma  truth p=${spend.p} q=${spend.q} γ=${spend.gamma}`);
  console.log(
    `             fit   p=${gg.p.toFixed(3)} q=${gg.q.toFixed(3)} γ=${gg.gamma.toFixed(2)}  (spend rounded to cents, same-day purchases merged)`,
  );
}
console.log(
  `k-means      k=${model.kmeans.k}, silhouette ${model.kmeans.silhouette.toFixed(3)}: ${model.kmeans.clusters.map((c) => `${c.label} (${c.size})`).join('; ')}`,
);
console.log(`\nwhole process (tsx start-up, generation, pipeline): ${(performance.now() / 1000).toFixed(2)} s`);
