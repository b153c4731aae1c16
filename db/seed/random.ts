/**
 * The seed's random choices (int, chance, pick, weighted, uuid) on top of the one seeded generator
 * of the code base, analytics/random.ts: its mulberry32 stream and its normal, exponential, gamma
 * and beta samplers are used as they are, never re-implemented here. Same seed → same sequence →
 * same data on every run.
 */
import { createRng, type Rng as Draws } from '../../analytics/random';

export class Rng {
  private readonly draws: Draws;

  constructor(seed: number) {
    this.draws = createRng(seed);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.draws.uniform();
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + this.draws.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.draws.int(items.length)];
  }

  /** Picks by weight: `weighted([['a', 3], ['b', 1]])` returns 'a' three times as often. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let x = this.next() * total;
    for (const [value, w] of entries) {
      x -= w;
      if (x < 0) return value;
    }
    return entries[entries.length - 1][0];
  }

  normal(mean = 0, sd = 1): number {
    return mean + sd * this.draws.normal();
  }

  /** Exponential with the given rate (mean 1/rate). */
  exponential(rate: number): number {
    return this.draws.exponential(rate);
  }

  /** Gamma with shape k and rate β (mean k/β). */
  gamma(shape: number, rate: number): number {
    return this.draws.gamma(shape, rate);
  }

  beta(a: number, b: number): number {
    return this.draws.beta(a, b);
  }

  /** A version-4-shaped UUID drawn from this generator, so ids are the same on every run. */
  uuid(): string {
    const hex = (n: number) =>
      Math.floor(this.next() * 2 ** 32)
        .toString(16)
        .padStart(8, '0')
        .slice(0, n);
    const a = hex(8);
    const b = hex(4);
    const c = `4${hex(3)}`;
    const d = `${'89ab'[this.int(0, 3)]}${hex(3)}`;
    const e = hex(8) + hex(4);
    return `${a}-${b}-${c}-${d}-${e}`;
  }
}
