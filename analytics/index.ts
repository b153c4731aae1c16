/**
 * Lodestar analytics: pure TypeScript, no database, React or Next imports, never reads the clock
 * (pass `asOf`) and never uses Math.random (everything random takes a seed).
 *
 * Money is plain numbers here: convert numeric(14,2) strings before calling, round for display
 * after. Days are UTC calendar days; BTYD times are in a chosen unit (day or week).
 */

// Dates and time units
export { DAYS_PER_MONTH, dayToIso, daysPerUnit, toDay, type TimeInput, type TimeUnit } from './dates';

// Transactions → per-customer summaries
export {
  calibrationHoldoutSplit,
  summarizeTransactions,
  toTransactionTable,
  TransactionTable,
  type BtydCustomer,
  type CalibrationHoldoutRow,
  type CustomerSummary,
  type GroupedTransactions,
  type SummaryOptions,
  type Transaction,
} from './summary';

// RFM
export { quantileBreaks, quantileType7, rfmInputs, rfmScores, scoreAgainstBreaks, weightedRfmScore } from './rfm';
export type { RfmBins, RfmBreaks, RfmInput, RfmOptions, RfmScore, RfmWeights } from './rfm';
export { RFM_DEFAULT_SEGMENTS, segmentRfm, UNMATCHED_SEGMENT, VALUE_CLASS_LIST, valueMatrix } from './rfm-segments';
export type { SegmentRule, ValueClass, ValueMatrixOptions, ValueMatrixRow } from './rfm-segments';

// CLV
export { historicalClv, marginMultiple, textbookClv, type TextbookClvInput } from './clv';
export {
  bgNbdConditionalExpected,
  bgNbdExpectedPurchases,
  bgNbdLogLikelihood,
  bgNbdProbAlive,
  bgNbdProbPurchases,
  bgNbdStandardErrors,
  fitBgNbd,
  prepareBtydData,
  type BgNbdFit,
  type BgNbdParams,
  type BtydData,
  type FitOptions,
} from './bgnbd';
export {
  fitGammaGamma,
  gammaGammaExpectedValue,
  gammaGammaLogLikelihood,
  gammaGammaStandardErrors,
  spendFrequencyCorrelation,
  type GammaGammaFit,
  type GammaGammaParams,
  type SpendSummary,
} from './gamma-gamma';
export { bgNbdHoldoutFit, customerLifetimeValue, type CustomerClv, type HoldoutFit, type ProbabilisticClvOptions } from './clv-probabilistic';

// Segmentation
export { assignToNearest, chooseKMeans, describeCentroid, inertia, kmeansBest, rfmFeatures, standardize } from './kmeans';
export type { ChooseKOptions, FeatureName, KChoice, KMeansFit, KMeansOptions, Standardized } from './kmeans';
export { sampledSilhouetteScore, silhouetteScore } from './silhouette';

// Retention, service, churn
export { churnRate, cohortRetention, repeatPurchaseRate, retentionRate, type Cohort } from './retention';
export { csat, firstResponseTime, resolutionTime, type DurationStats, type ServiceCase } from './service';
export { auc, BASE_CHURN_FEATURES, churnRows, explainPrediction, fitLogistic, predictProbability, trainChurnModel } from './churn';
export type { ChurnModelReport, ChurnRow, ExtraFeatures, LogisticModel } from './churn';

// Baskets and sales
export { alsoBought, basketRules, type BasketOptions, type BasketRule, type Itemset } from './basket';
export { averageSalesCycle, salesVelocity, stageConversion, weightedPipeline, winRate, type FunnelStep } from './sales';

// Everything at once (CLI, refresh job)
export { analyzeCustomers, type CustomerResult, type ModelSummary, type PipelineOptions } from './pipeline';

// Seeded randomness and simulation (tests, demos, benchmarks)
export { createRng, mulberry32, type Rng } from './random';
export { simulateBgNbd, simulateTransactions, simulationEnd, type SimulatedCustomer } from './simulate';

// Numerics, for callers that need them directly
export { digamma, hyp2f1, logBeta, logGamma, logHyp2f1 } from './special-functions';
