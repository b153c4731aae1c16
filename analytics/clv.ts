/**
 * Textbook (deterministic) customer lifetime value. Money is plain numbers; round for display in
 * the caller.
 *
 * Period convention: the customer is acquired at t = 0 (paying AC then); periods are t = 1 … T;
 * the margin Rₜ − Cₜ of period t arrives at the *end* of that period and only if the customer is
 * still retained, which has probability rᵗ; it is discounted by (1 + d)ᵗ. Hence
 *
 *   CLV = Σₜ₌₁ᵀ (Rₜ − Cₜ) · rᵗ / (1 + d)ᵗ − AC.
 *
 * r and d are per period (use annual figures with yearly periods, monthly with monthly ones).
 */

export type TextbookClvInput = {
  /** Revenue per period: one number for every period, or one per period (length ≥ periods). */
  revenue: number | readonly number[];
  /** Cost per period (cost of goods and of serving the customer). Default 0. */
  cost?: number | readonly number[];
  /** Retention rate r per period, 0 ≤ r ≤ 1. */
  retention: number;
  /** Discount rate d per period, d > −1. */
  discountRate: number;
  /** Number of periods T. */
  periods: number;
  /** Acquisition cost AC, paid at t = 0. Default 0. */
  acquisitionCost?: number;
};

const at = (v: number | readonly number[], t: number) => {
  if (typeof v === 'number') return v;
  if (t > v.length) throw new RangeError(`a value for period ${t} is missing`);
  return v[t - 1];
};

/** CLV = Σₜ₌₁ᵀ (Rₜ − Cₜ)·rᵗ/(1 + d)ᵗ − AC with end-of-period cash flows (see the file comment). */
export function textbookClv({
  revenue,
  cost = 0,
  retention,
  discountRate,
  periods,
  acquisitionCost = 0,
}: TextbookClvInput): number {
  if (!(retention >= 0 && retention <= 1)) throw new RangeError('retention must be in [0, 1]');
  if (!(discountRate > -1)) throw new RangeError('discountRate must be > −1');
  if (!Number.isInteger(periods) || periods < 0) throw new RangeError('periods must be a whole number ≥ 0');
  let clv = -acquisitionCost;
  let factor = 1;
  for (let t = 1; t <= periods; t++) {
    factor *= retention / (1 + discountRate);
    clv += (at(revenue, t) - at(cost, t)) * factor;
  }
  return clv;
}

/**
 * The margin multiple Σₜ₌₁^∞ rᵗ/(1 + d)ᵗ = r / (1 + d − r): multiply a constant per-period margin
 * by it for the infinite-horizon CLV (before acquisition cost).
 */
export function marginMultiple(retention: number, discountRate: number): number {
  if (!(retention >= 0 && retention <= 1)) throw new RangeError('retention must be in [0, 1]');
  if (!(discountRate > 0 || retention < 1)) throw new RangeError('the series diverges when r = 1 and d ≤ 0');
  return retention / (1 + discountRate - retention);
}

/** Historical value: what the customer has brought in so far, revenue × margin (margin as a share of revenue). */
export function historicalClv(revenue: number, margin = 1): number {
  return revenue * margin;
}
