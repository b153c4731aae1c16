/**
 * Whether a fitted model can be used, in words for a person when it cannot. A maximum-likelihood
 * search always ends somewhere, so without this a degenerate fit (every customer bought once, or a
 * parameter run to the edge of its search box) prints numbers that look like estimates.
 */
export type FitStatus =
  | { state: 'fitted' }
  /**
   * Some parameters ran to a limit that is itself a simpler, valid model (e.g. every customer has
   * the same purchase rate): predictions are usable, those parameter values are not estimates.
   */
  | { state: 'limit'; message: string }
  /** No usable model: predictions that need it are left out. */
  | { state: 'failed'; message: string };

/** A search coordinate this close to the ±20 box edge counts as at the edge (as optimize.ts's atBound). */
const EDGE = 19.5;

export type EdgeRule = {
  /** Index of the search coordinate. */
  coordinate: number;
  /** What running to +edge / −edge means; `limit: true` when that end is a valid simpler model. */
  upper: { limit: boolean; says: string };
  lower: { limit: boolean; says: string };
};

/**
 * Status of a fit from its search coordinates: failed if it did not converge or any coordinate is at
 * an edge whose limit is no model; limit if only limit edges were reached; fitted otherwise.
 */
export function fitStatusFromSearch(
  model: string,
  search: readonly number[],
  converged: boolean,
  rules: readonly EdgeRule[],
): FitStatus {
  const failures: string[] = [];
  const limits: string[] = [];
  for (const rule of rules) {
    const v = search[rule.coordinate];
    const end = v >= EDGE ? rule.upper : v <= -EDGE ? rule.lower : null;
    if (end) (end.limit ? limits : failures).push(end.says);
  }
  if (!converged) failures.push('the likelihood search did not converge');
  if (failures.length) return { state: 'failed', message: `${model} could not be fitted: ${failures.join('; ')}.` };
  if (limits.length)
    return {
      state: 'limit',
      message: `${model} reached a parameter limit: ${limits.join('; ')}. The parameter values are not estimates; predictions use the limiting model.`,
    };
  return { state: 'fitted' };
}
