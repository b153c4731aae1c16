/**
 * Customer-service metrics: CSAT and response / resolution times.
 */
import { MS_PER_DAY, type TimeInput, toEpochMs } from './dates';

/**
 * CSAT: the share of satisfied responses, i.e. ratings of 4 or 5 on a 1–5 scale, among all
 * responses. Missing ratings (null/undefined) are not responses; anything else outside 1–5 throws.
 * Returns null when there are no responses.
 */
export function csat(ratings: readonly (number | null | undefined)[]): number | null {
  let responses = 0;
  let satisfied = 0;
  for (const r of ratings) {
    if (r === null || r === undefined) continue;
    if (!Number.isInteger(r) || r < 1 || r > 5) throw new RangeError(`CSAT ratings are whole numbers 1–5, got ${r}`);
    responses++;
    if (r >= 4) satisfied++;
  }
  return responses ? satisfied / responses : null;
}

export type ServiceCase = {
  openedAt: TimeInput;
  firstResponseAt?: TimeInput | null;
  resolvedAt?: TimeInput | null;
};

export type DurationStats = {
  /** Cases that had the event (answered, or resolved). */
  count: number;
  meanHours: number | null;
  medianHours: number | null;
};

const HOUR_MS = MS_PER_DAY / 24;

function stats(hours: number[]): DurationStats {
  if (hours.length === 0) return { count: 0, meanHours: null, medianHours: null };
  const sorted = [...hours].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { count: hours.length, meanHours: hours.reduce((s, h) => s + h, 0) / hours.length, medianHours: median };
}

function durations(cases: readonly ServiceCase[], pick: (c: ServiceCase) => TimeInput | null | undefined): number[] {
  const out: number[] = [];
  for (const c of cases) {
    const at = pick(c);
    if (at === null || at === undefined) continue;
    const h = (toEpochMs(at) - toEpochMs(c.openedAt)) / HOUR_MS;
    if (h < 0) throw new RangeError('a case event precedes its opening');
    out.push(h);
  }
  return out;
}

/** First-response time in hours (wall clock, not business hours) over answered cases. */
export function firstResponseTime(cases: readonly ServiceCase[]): DurationStats {
  return stats(durations(cases, (c) => c.firstResponseAt));
}

/** Resolution time in hours (wall clock) over resolved cases; open cases are left out. */
export function resolutionTime(cases: readonly ServiceCase[]): DurationStats {
  return stats(durations(cases, (c) => c.resolvedAt));
}

/**
 * CSAT from counts (what the dashboard's SQL returns): satisfied (4–5) / responses. No responses →
 * null, never 0 %: "nobody answered" is not "nobody was satisfied".
 */
export function csatFromCounts({ responses, satisfied }: { responses: number; satisfied: number }): number | null {
  if (!Number.isInteger(responses) || !Number.isInteger(satisfied) || responses < 0 || satisfied < 0)
    throw new RangeError('counts are whole numbers ≥ 0');
  if (satisfied > responses) throw new RangeError('more satisfied answers than answers');
  return responses ? satisfied / responses : null;
}

export type Attainment = {
  met: number;
  breached: number;
  /** met + breached: the cases that had a target and reached the event. */
  total: number;
  /** met / total; null when no case had a target (no data, not 0 %). */
  rate: number | null;
  /** Fewer than SMALL_SAMPLE cases: the rate is shown with a warning. */
  small: boolean;
};

/** Below this many cases a rate (attainment, CSAT) is flagged as a small sample. */
export const SMALL_SAMPLE = 5;

/** SLA attainment: the share of cases whose target was met, e.g. 45 met and 5 breached → 90 %. */
export function slaAttainment({ met, breached }: { met: number; breached: number }): Attainment {
  if (!Number.isInteger(met) || !Number.isInteger(breached) || met < 0 || breached < 0)
    throw new RangeError('counts are whole numbers ≥ 0');
  const total = met + breached;
  return { met, breached, total, rate: total ? met / total : null, small: total < SMALL_SAMPLE };
}

/** Median of numbers (the mean of the middle two for an even count); null for none. Non-finite values throw. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  for (const v of values) if (!Number.isFinite(v)) throw new RangeError(`not a finite number: ${v}`);
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
