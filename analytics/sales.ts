/**
 * Sales-pipeline metrics. Amounts are plain numbers (converted by the caller); probabilities are
 * shares in [0, 1]; durations are whole UTC days.
 */
import { type TimeInput, toDay } from './dates';

/** Weighted pipeline forecast: Σ amount × win probability over open deals. */
export function weightedPipeline(deals: readonly { amount: number; probability: number }[]): number {
  return deals.reduce((s, d) => {
    if (d.probability < 0 || d.probability > 1) throw new RangeError('probability must be in [0, 1]');
    return s + d.amount * d.probability;
  }, 0);
}

/** Win rate: won / (won + lost) over closed deals; null when none are closed. */
export function winRate({ won, lost }: { won: number; lost: number }): number | null {
  return won + lost > 0 ? won / (won + lost) : null;
}

/** Mean days from creation to close over the given (usually won) deals; null for none. */
export function averageSalesCycle(deals: readonly { createdAt: TimeInput; closedAt: TimeInput }[]): number | null {
  if (deals.length === 0) return null;
  const total = deals.reduce((s, d) => {
    const days = toDay(d.closedAt) - toDay(d.createdAt);
    if (days < 0) throw new RangeError('a deal closes before it was created');
    return s + days;
  }, 0);
  return total / deals.length;
}

export type FunnelStep = { stage: string; reached: number; conversionToNext: number | null };

/**
 * Stage-to-stage conversion. `stages` is the ordered pipeline (e.g. Lead, Qualified, Proposal,
 * Won); each deal gives the furthest stage it reached. reached(s) counts deals whose furthest stage
 * is s or later; conversionToNext(s) = reached(next) / reached(s) (null for the last stage or when
 * none reached s).
 */
export function stageConversion(stages: readonly string[], deals: readonly { furthestStage: string }[]): FunnelStep[] {
  const position = new Map(stages.map((s, i) => [s, i]));
  const atLeast = new Array<number>(stages.length).fill(0);
  for (const d of deals) {
    const p = position.get(d.furthestStage);
    if (p === undefined) throw new RangeError(`unknown stage ${d.furthestStage}`);
    for (let i = 0; i <= p; i++) atLeast[i]++;
  }
  return stages.map((stage, i) => ({
    stage,
    reached: atLeast[i],
    conversionToNext: i + 1 < stages.length && atLeast[i] > 0 ? atLeast[i + 1] / atLeast[i] : null,
  }));
}

/**
 * Sales velocity, revenue per day: (open opportunities × average deal value × win rate) / average
 * sales cycle in days.
 */
export function salesVelocity({
  opportunities,
  averageDealValue,
  winRate: rate,
  salesCycleDays,
}: {
  opportunities: number;
  averageDealValue: number;
  winRate: number;
  salesCycleDays: number;
}): number {
  if (!(salesCycleDays > 0)) throw new RangeError('salesCycleDays must be > 0');
  return (opportunities * averageDealValue * rate) / salesCycleDays;
}
