/**
 * Seeded simulators for the BG/NBD and Gamma-Gamma models, used by the parameter-recovery tests,
 * the benchmark and demos. Same seed, same data.
 */
import type { BgNbdParams } from './bgnbd';
import { dayToIso, toDay } from './dates';
import type { GammaGammaParams } from './gamma-gamma';
import { createRng, type Rng } from './random';
import { TransactionTable } from './summary';

/**
 * Repeat-purchase times in (0, horizon] of one customer who first bought at 0: λ ~ Gamma(r, α),
 * p ~ Beta(a, b); exponential gaps at rate λ; after each repeat purchase the customer drops out
 * with probability p (the first purchase never ends a customer, as in the BG/NBD likelihood).
 */
export function simulateBgNbdPurchases(rng: Rng, { r, alpha, a, b }: BgNbdParams, horizon: number): number[] {
  const lambda = rng.gamma(r, alpha);
  const p = rng.beta(a, b);
  const times: number[] = [];
  let t = 0;
  for (;;) {
    t += rng.exponential(lambda);
    if (t > horizon) return times;
    times.push(t);
    if (rng.uniform() < p) return times;
  }
}

export type SimulatedCustomer = {
  x: number;
  tx: number;
  T: number;
  xHoldout: number;
  meanRepeatValue: number;
  holdoutValue: number;
};

export type SimulateOptions = {
  params: BgNbdParams;
  spend?: GammaGammaParams;
  customers: number;
  /** Calibration age T of each customer (drawn per customer). */
  age: (rng: Rng) => number;
  /** Length of the holdout period after T. Default 0. */
  holdout?: number;
  seed: number;
};

/**
 * Customers in continuous time: x, t_x, T over the calibration period, the number of purchases
 * in the holdout period (T, T + holdout], and, with `spend`, the mean repeat value and holdout
 * spend drawn from the Gamma-Gamma model (ν ~ Gamma(q, rate γ), each value ~ Gamma(p, rate ν)).
 */
export function simulateBgNbd({
  params,
  spend,
  customers,
  age,
  holdout = 0,
  seed,
}: SimulateOptions): SimulatedCustomer[] {
  const rng = createRng(seed);
  const out: SimulatedCustomer[] = [];
  for (let i = 0; i < customers; i++) {
    const T = age(rng);
    const times = simulateBgNbdPurchases(rng, params, T + holdout);
    let x = 0;
    let tx = 0;
    for (const t of times) {
      if (t <= T) {
        x++;
        tx = t;
      }
    }
    const xHoldout = times.length - x;
    let meanRepeatValue = 0;
    let holdoutValue = 0;
    if (spend) {
      const nu = rng.gamma(spend.q, spend.gamma);
      for (let k = 0; k < times.length; k++) {
        const v = rng.gamma(spend.p, nu);
        if (k < x) meanRepeatValue += v / x;
        else holdoutValue += v;
      }
    }
    out.push({ x, tx, T, xHoldout, meanRepeatValue, holdoutValue });
  }
  return out;
}

export type SimulateTransactionsOptions = {
  customers: number;
  /** First day of the acquisition window, 'YYYY-MM-DD'. */
  start: string;
  /** Customers are acquired uniformly over this many days from start. */
  acquisitionDays: number;
  /** Transactions run to start + days − 1. */
  days: number;
  /** BG/NBD parameters in days. */
  params: BgNbdParams;
  spend: GammaGammaParams;
  seed: number;
};

/**
 * A transaction table like a shop's: each customer's first purchase on a uniformly drawn day in the
 * acquisition window, repeat purchases from BG/NBD (times rounded down to days, so some land on
 * the same day), amounts from Gamma-Gamma rounded to cents. Customer ids are C0000001, C0000002, …
 */
export function simulateTransactions(o: SimulateTransactionsOptions): TransactionTable {
  const rng = createRng(o.seed);
  const table = new TransactionTable();
  const startDay = toDay(o.start);
  const width = String(o.customers).length;
  for (let i = 0; i < o.customers; i++) {
    const id = `C${String(i + 1).padStart(Math.max(7, width), '0')}`;
    const first = startDay + rng.int(o.acquisitionDays);
    const horizon = startDay + o.days - first;
    const nu = rng.gamma(o.spend.q, o.spend.gamma);
    const value = () => Math.max(0.01, Math.round(rng.gamma(o.spend.p, nu) * 100) / 100);
    table.addDay(id, first, value());
    for (const t of simulateBgNbdPurchases(rng, o.params, horizon - 1))
      table.addDay(id, first + Math.floor(t), value());
  }
  return table;
}

/** The last day of a simulated table's window, 'YYYY-MM-DD' (its natural asOf). */
export function simulationEnd(start: string, days: number): string {
  return dayToIso(toDay(start) + days - 1);
}
