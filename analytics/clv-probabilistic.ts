/**
 * Probabilistic CLV: BG/NBD expected purchases × Gamma-Gamma expected spend, discounted monthly,
 * and the holdout check of BG/NBD predictions.
 *
 * Months: a month is 365.25/12 = 30.4375 days in every time unit, so a model fitted on daily
 * summaries and one fitted on weekly summaries of the same data give the same monthly CLV.
 */
import {
  type BgNbdParams,
  type BtydData,
  bgNbdExpectedIfAlive,
  bgNbdExpectedPurchases,
  ExpectedIfAlive,
  PairCache,
  prepareBtydData,
  probAliveOf,
} from './bgnbd';
import { DAYS_PER_MONTH, daysPerUnit, dayToIso, type TimeInput, type TimeUnit, toDay } from './dates';
import { type GammaGammaParams, gammaGammaExpectedValue, type SpendSummary } from './gamma-gamma';
import { type BtydCustomer, PurchaseDays, type TransactionTable } from './summary';

export type ForecastOptions = {
  bgNbd: BgNbdParams;
  /** Time unit of the summaries the BG/NBD model was fitted on (its α and the customers' t_x, T). */
  unit: TimeUnit;
  /** Horizon in months. Default 12. */
  horizonMonths?: number;
  /** Discount rate per month, e.g. 0.01 (≈ 12.7 % a year). Default 0.01. */
  monthlyDiscountRate?: number;
  /** prepareBtydData of the same customers, when the caller has it (else it is computed). */
  groups?: BtydData;
};

export type ProbabilisticClvOptions = ForecastOptions & {
  gammaGamma: GammaGammaParams;
  /** Share of revenue that is profit; 1 gives revenue-CLV. Default 1. */
  margin?: number;
};

/** What BG/NBD alone predicts for a customer (no spend model needed). */
export type PurchaseForecast = {
  pAlive: number;
  /** E[Y(horizon) | x, t_x, T]: expected purchases over the horizon. */
  expectedPurchases: number;
  /** Σₘ₌₁ᴴ (E[Y(m)] − E[Y(m − 1)]) / (1 + d)ᵐ: expected purchases, each discounted to today. */
  discountedPurchases: number;
};

export type CustomerClv = Omit<PurchaseForecast, 'discountedPurchases'> & {
  /** Gamma-Gamma E[M | x, m̄]: expected value per future purchase. */
  expectedValue: number;
  /** Σₘ₌₁ᴴ (E[Y(m)] − E[Y(m − 1)]) · E[M] · margin / (1 + d)ᵐ, with m in months. */
  clv: number;
};

/**
 * P(alive) and expected purchases over a horizon for each customer, in input order, plus the
 * discounted purchase count CLV multiplies by spend: month m's expected purchases are the increment
 * E[Y(m months)] − E[Y(m − 1 months)] of the BG/NBD conditional expectation, discounted by (1 + d)ᵐ
 * (end of month m). Customers with identical (x, t_x, T) share one computation (and one result object).
 */
export function bgNbdForecast(customers: readonly BtydCustomer[], options: ForecastOptions): PurchaseForecast[] {
  const data = options.groups ?? prepareBtydData(customers);
  if (data.n !== customers.length) throw new RangeError('bgNbdForecast: groups of other customers');
  const columns = forecastColumns(data, options);
  const byGroup = Array.from(
    { length: data.x.length },
    (_, g): PurchaseForecast => ({
      pAlive: columns.pAlive[g],
      expectedPurchases: columns.expectedPurchases[g],
      discountedPurchases: columns.discountedPurchases[g],
    }),
  );
  const out = new Array<PurchaseForecast>(customers.length);
  for (let i = 0; i < customers.length; i++) out[i] = byGroup[data.groupOf[i]];
  return out;
}

/** bgNbdForecast's numbers per (x, t_x, T) group of `data` (index g), as columns. */
export type ForecastColumns = {
  pAlive: Float64Array;
  expectedPurchases: Float64Array;
  discountedPurchases: Float64Array;
};

/** bgNbdForecast per group of prepared data, as columns: no object per customer or group. */
export function forecastColumns(data: BtydData, options: ForecastOptions): ForecastColumns {
  const { bgNbd, unit, horizonMonths = 12, monthlyDiscountRate = 0.01 } = options;
  if (!Number.isInteger(horizonMonths) || horizonMonths < 1)
    throw new RangeError('horizonMonths must be a whole number ≥ 1');
  const unitsPerMonth = DAYS_PER_MONTH / daysPerUnit(unit);
  const discount = Array.from({ length: horizonMonths + 1 }, (_, m) => (1 + monthlyDiscountRate) ** m);
  // E[Y(m months)] / P(alive) per (x, T), the 2F1 part, shared by every t_x; keyed x · |T values| + T index.
  const nT = data.TValues.length;
  const ifAlive = new Map<number, Float64Array>();
  const expectedIfAlive = new ExpectedIfAlive(bgNbd);
  const groups = data.x.length;
  const out: ForecastColumns = {
    pAlive: new Float64Array(groups),
    expectedPurchases: new Float64Array(groups),
    discountedPurchases: new Float64Array(groups),
  };
  for (let g = 0; g < groups; g++) {
    const x = data.x[g];
    const T = data.TValues[data.TIndex[g]];
    const key = x * nT + data.TIndex[g];
    let perMonth = ifAlive.get(key);
    if (!perMonth) {
      perMonth = new Float64Array(horizonMonths + 1);
      for (let m = 1; m <= horizonMonths; m++) perMonth[m] = expectedIfAlive.at(m * unitsPerMonth, x, T);
      ifAlive.set(key, perMonth);
    }
    const pAlive = probAliveOf(bgNbd, x, data.txValues[data.txIndex[g]], T);
    let previous = 0;
    let discountedPurchases = 0;
    for (let m = 1; m <= horizonMonths; m++) {
      // bgNbdConditionalExpected(bgNbd, m · unitsPerMonth, c), its factors computed once.
      const cumulative = perMonth[m] * pAlive;
      discountedPurchases += (cumulative - previous) / discount[m];
      previous = cumulative;
    }
    out.pAlive[g] = pAlive;
    out.expectedPurchases[g] = previous;
    out.discountedPurchases[g] = discountedPurchases;
  }
  return out;
}

/**
 * Discounted CLV over a horizon for each customer, in input order: the discounted expected
 * purchases of bgNbdForecast valued at the Gamma-Gamma expected spend, times the margin.
 */
export function customerLifetimeValue(
  customers: readonly (BtydCustomer & SpendSummary)[],
  options: ProbabilisticClvOptions,
): CustomerClv[] {
  const forecasts = bgNbdForecast(customers, options);
  return customers.map((c, i) => clvOf(forecasts[i], c, options.gammaGamma, options.margin ?? 1));
}

/** One customer's CLV from its BG/NBD forecast and the Gamma-Gamma spend model. */
export function clvOf(
  forecast: PurchaseForecast,
  customer: SpendSummary,
  gammaGamma: GammaGammaParams,
  margin = 1,
): CustomerClv {
  const expectedValue = gammaGammaExpectedValue(gammaGamma, customer);
  return {
    expectedPurchases: forecast.expectedPurchases,
    expectedValue,
    pAlive: forecast.pAlive,
    clv: forecast.discountedPurchases * expectedValue * margin,
  };
}

export type HoldoutRow = BtydCustomer & { xHoldout: number };

export type HoldoutFit = {
  customers: number;
  actualTotal: number;
  predictedTotal: number;
  /** Mean absolute error of per-customer predictions. */
  mae: number;
  /** Mean actual and predicted holdout purchases by calibration frequency x = 0 … 6 and "7+". */
  byFrequency: { x: string; customers: number; actualMean: number; predictedMean: number }[];
};

/**
 * Compares E[Y(holdoutLength) | calibration history] with the purchases actually made in the
 * holdout period (the conditional-expectation chart of FHL 2005, figure 4).
 */
export function bgNbdHoldoutFit(params: BgNbdParams, rows: readonly HoldoutRow[], holdoutLength: number): HoldoutFit {
  return bgNbdHoldoutFitColumns(
    params,
    {
      n: rows.length,
      x: Float64Array.from(rows, (r) => r.x),
      tx: Float64Array.from(rows, (r) => r.tx),
      T: Float64Array.from(rows, (r) => r.T),
      xHoldout: Float64Array.from(rows, (r) => r.xHoldout),
    },
    holdoutLength,
  );
}

/** bgNbdHoldoutFit of rows given as columns (calibrationHoldoutColumns'). */
export function bgNbdHoldoutFitColumns(
  params: BgNbdParams,
  rows: { n: number; x: ArrayLike<number>; tx: ArrayLike<number>; T: ArrayLike<number>; xHoldout: ArrayLike<number> },
  holdoutLength: number,
): HoldoutFit {
  const buckets = Array.from({ length: 8 }, (_, i) => ({
    x: i < 7 ? String(i) : '7+',
    customers: 0,
    actual: 0,
    predicted: 0,
  }));
  // bgNbdConditionalExpected(params, holdoutLength, row), its 2F1 factor shared per (x, T).
  const ifAlive = new PairCache<number>();
  let actualTotal = 0;
  let predictedTotal = 0;
  let absError = 0;
  for (let i = 0; i < rows.n; i++) {
    const x = rows.x[i];
    const T = rows.T[i];
    const xHoldout = rows.xHoldout[i];
    const shared =
      holdoutLength === 0
        ? 0
        : (ifAlive.get(x, T) ?? ifAlive.set(T, bgNbdExpectedIfAlive(params, holdoutLength, x, T)));
    const predicted = holdoutLength === 0 ? 0 : shared * probAliveOf(params, x, rows.tx[i], T);
    const bucket = buckets[Math.min(x, 7)];
    bucket.customers++;
    bucket.actual += xHoldout;
    bucket.predicted += predicted;
    actualTotal += xHoldout;
    predictedTotal += predicted;
    absError += Math.abs(predicted - xHoldout);
  }
  return {
    customers: rows.n,
    actualTotal,
    predictedTotal,
    mae: rows.n ? absError / rows.n : 0,
    byFrequency: buckets
      .filter((b) => b.customers > 0)
      .map((b) => ({
        x: b.x,
        customers: b.customers,
        actualMean: b.actual / b.customers,
        predictedMean: b.predicted / b.customers,
      })),
  };
}

export type TrackingPoint = { day: string; actual: number; predicted: number };

/**
 * Cumulative repeat purchases over calendar time, actual against the model (the tracking plot of
 * FHL 2005, figure 2), for the customers acquired by calibrationEnd (calibrationHoldoutSplit's
 * sample). Actual: their purchase days after the first, counted up to each point (calibration and
 * holdout days netted as calibrationHoldoutSplit nets them). Predicted: Σᵢ E[X(d − firstᵢ)], the
 * BG/NBD expected repeat purchases since each customer's first purchase. A point every `stepDays`
 * from the first acquisition, and one at observationEnd.
 */
export function cumulativeRepeatPurchases(
  table: TransactionTable,
  params: BgNbdParams,
  {
    calibrationEnd,
    observationEnd,
    unit = 'day',
    stepDays = 7,
  }: { calibrationEnd: TimeInput; observationEnd: TimeInput; unit?: TimeUnit; stepDays?: number },
): TrackingPoint[] {
  const calDay = toDay(calibrationEnd);
  const obsDay = toDay(observationEnd);
  if (obsDay <= calDay) throw new RangeError('observationEnd must be after calibrationEnd');
  const g = table.group();
  const purchases = new PurchaseDays();
  const firsts: number[] = [];
  const repeats: number[] = [];
  for (let c = 0; c < g.customerIds.length; c++) {
    const start = g.offsets[c];
    let calEnd = start;
    while (calEnd < g.offsets[c + 1] && g.days[calEnd] <= calDay) calEnd++;
    const count = purchases.of(g, start, calEnd);
    if (count === 0) continue;
    firsts.push(purchases.days[0]);
    for (let k = 1; k < count; k++) repeats.push(purchases.days[k]);
    let obsEnd = calEnd;
    while (obsEnd < g.offsets[c + 1] && g.days[obsEnd] <= obsDay) obsEnd++;
    const holdout = purchases.of(g, calEnd, obsEnd);
    for (let k = 0; k < holdout; k++) repeats.push(purchases.days[k]);
  }
  if (firsts.length === 0) return [];
  let origin = Infinity;
  for (const f of firsts) origin = Math.min(origin, f);
  const span = obsDay - origin;
  const firstCount = new Float64Array(span + 1);
  const repeatCount = new Float64Array(span + 1);
  for (const f of firsts) firstCount[f - origin]++;
  for (const r of repeats) repeatCount[r - origin]++;
  const perUnit = daysPerUnit(unit);
  const expected = new Float64Array(span + 1);
  for (let k = 1; k <= span; k++) expected[k] = bgNbdExpectedPurchases(params, k / perUnit);
  const points: TrackingPoint[] = [];
  let actual = 0;
  let counted = -1;
  const at = (offset: number) => {
    while (counted < offset) actual += repeatCount[++counted];
    let predicted = 0;
    for (let f = 0; f <= offset; f++) if (firstCount[f]) predicted += firstCount[f] * expected[offset - f];
    points.push({ day: dayToIso(origin + offset), actual, predicted });
  };
  for (let offset = stepDays; offset < span; offset += stepDays) at(offset);
  at(span);
  return points;
}
