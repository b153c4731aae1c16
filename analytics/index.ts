/**
 * Lodestar analytics: pure TypeScript, no database, React or Next imports, never reads the clock
 * (pass `asOf`) and never uses Math.random (everything random takes a seed).
 *
 * Money is plain numbers here: convert numeric(14,2) strings before calling, round for display
 * after. Days are UTC calendar days; BTYD times are in a chosen unit (day or week).
 */

// Baskets and sales
export { alsoBought, type BasketOptions, type BasketRule, basketRules, type Itemset } from './basket';
export {
  type BgNbdFit,
  type BgNbdParams,
  type BtydData,
  bgNbdConditionalExpected,
  bgNbdExpectedIfAlive,
  bgNbdExpectedPurchases,
  bgNbdLogLikelihood,
  bgNbdProbAlive,
  bgNbdProbPurchases,
  bgNbdStandardErrors,
  ExpectedIfAlive,
  type FitOptions,
  fitBgNbd,
  PairCache,
  prepareBtydData,
} from './bgnbd';
export type {
  ChurnColumns,
  ChurnModelColumns,
  ChurnModelReport,
  ChurnRow,
  ExtraFeatures,
  LogisticModel,
} from './churn';
export {
  auc,
  BASE_CHURN_FEATURES,
  churnRows,
  explainPrediction,
  fitLogistic,
  fitLogisticFlat,
  predictProbability,
  trainChurnModel,
  trainChurnModelColumns,
} from './churn';
// CLV
export { historicalClv, marginMultiple, type TextbookClvInput, textbookClv } from './clv';
export {
  bgNbdForecast,
  bgNbdHoldoutFit,
  type CustomerClv,
  clvOf,
  cumulativeRepeatPurchases,
  customerLifetimeValue,
  type ForecastOptions,
  type HoldoutFit,
  type ProbabilisticClvOptions,
  type PurchaseForecast,
  type TrackingPoint,
} from './clv-probabilistic';
// Reading files: the one CSV parser (incremental, with line numbers) and strict decoding
export {
  type CsvErrorCode,
  CsvParseError,
  type CsvRecord,
  CsvStreamParser,
  csvField,
  detectDelimiter,
  isBlankRecord,
  type ParseOptions,
  parseCsv,
  parseCsvRecords,
  readCsvBatches,
} from './csv';
// Dates and time units
export {
  DAYS_PER_MONTH,
  dayParser,
  daysPerUnit,
  dayToIso,
  monthIndex,
  type TimeInput,
  type TimeUnit,
  toDay,
} from './dates';
export { decodeText, TextDecodeError } from './decode';
export type { FitStatus } from './fit-status';
export {
  fitGammaGamma,
  type GammaGammaFit,
  type GammaGammaParams,
  gammaGammaExpectedValue,
  gammaGammaLogLikelihood,
  gammaGammaStandardErrors,
  prepareSpendData,
  type SpendData,
  type SpendSummary,
  spendFrequencyCorrelation,
} from './gamma-gamma';
export type { ChooseKOptions, FeatureName, KChoice, KMeansFit, KMeansOptions, Points, Standardized } from './kmeans';
// Segmentation
export {
  assignToNearest,
  chooseKMeans,
  describeCentroid,
  inertia,
  kmeansBest,
  rfmFeatures,
  standardize,
} from './kmeans';
export {
  emailDomain,
  FREE_MAIL_DOMAINS,
  matchingRules,
  SCORE_RULE_KINDS,
  type ScoredLead,
  type ScoreReason,
  type ScoreRule,
  type ScoreRuleKind,
  scoreLead,
} from './lead-score';
// Campaigns: lift against a holdout group, ROI
export {
  campaignLift,
  type GroupStats,
  type Lift,
  type LiftCaveat,
  MIN_GROUP_SIZE,
  roi,
  studentTCdf,
  studentTQuantile,
} from './lift';
// Everything at once (CLI, refresh job)
export {
  analyzeCore,
  analyzeCustomers,
  type Clustering,
  type CoreAnalysis,
  type CustomerResult,
  clusterCustomers,
  customerResults,
  customerTextbookClv,
  holdoutCheck,
  type ModelSummary,
  modelSummary,
  type PipelineOptions,
} from './pipeline';
// Seeded randomness and simulation (tests, demos, benchmarks)
export { createRng, mulberry32, type Rng } from './random';
// Retention, service, churn
export {
  type Cohort,
  churnRate,
  cohortRetention,
  cohortRetentionBy,
  type GroupedCohort,
  repeatPurchaseRate,
  retentionRate,
} from './retention';
export type { RfmBins, RfmBreaks, RfmInput, RfmOptions, RfmScore, RfmWeights } from './rfm';
// RFM
export { quantileBreaks, quantileType7, rfmInputs, rfmScores, scoreAgainstBreaks, weightedRfmScore } from './rfm';
export type { SegmentRule, ValueClass, ValueMatrixOptions, ValueMatrixRow } from './rfm-segments';
export { RFM_DEFAULT_SEGMENTS, segmentRfm, UNMATCHED_SEGMENT, VALUE_CLASS_LIST, valueMatrix } from './rfm-segments';
export { averageSalesCycle, type FunnelStep, salesVelocity, stageConversion, weightedPipeline, winRate } from './sales';
export { csat, type DurationStats, firstResponseTime, resolutionTime, type ServiceCase } from './service';
export { sampledSilhouetteScore, silhouetteScore } from './silhouette';
export { type SimulatedCustomer, simulateBgNbd, simulateTransactions, simulationEnd } from './simulate';
// Numerics, for callers that need them directly
export { digamma, hyp2f1, logBeta, logGamma, logHyp2f1 } from './special-functions';
// Transactions → per-customer summaries
export {
  type BtydCustomer,
  type CalibrationHoldoutRow,
  type CustomerSummary,
  calibrationHoldoutSplit,
  type GroupedTransactions,
  PurchaseDays,
  type SummaryOptions,
  summarizeTransactions,
  type Transaction,
  TransactionTable,
  toTransactionTable,
} from './summary';
