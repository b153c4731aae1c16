// The analytics library's model-fit messages (analytics/fit-status.ts, bgnbd.ts, gamma-gamma.ts,
// pipeline.ts) are English sentences stored on the run. The model card shows them in the reader's
// language: a message is read back into its parts (which model, failed or at a limit, which
// reasons) and each part has a catalog entry under analytics.modelCard.fit. Pure, client-safe.
// A sentence the library gains later and this table lacks still reads as "could not be fitted"
// with an unnamed reason: fit-message.unit.test.ts fails when a library phrase is missing here.

/** Each phrase of the library's edge rules (and the convergence failure), by catalog key. */
export const FIT_REASONS = {
  ratesAlike: 'purchase rates barely differ between customers (r and α grow without bound)',
  ratesSpread: 'purchase rates spread without bound (r → 0)',
  gapLong: 'the mean time between purchases grows without bound',
  gapShort: 'the mean time between purchases shrinks to 0',
  dropoutAlike: 'the chance of dropping out barely differs between customers (a and b grow without bound)',
  dropoutSplit: 'customers split into those who drop out at once and those who never do (a → 0)',
  neverDrop: 'customers hardly ever drop out (b/a grows without bound)',
  alwaysDrop: 'every customer seems to drop out after each purchase (b/a → 0)',
  valuesAlike: "a customer's purchases barely vary in value (p grows without bound)",
  valuesSpread: "a customer's purchase values spread without bound (p → 0)",
  spendAlike: 'average spend barely differs between customers (q and γ grow without bound)',
  spendSpread: 'average spend spreads without bound between customers (q → 0)',
  scaleEdge: 'the spend scale runs to the edge of the search range',
  notConverged: 'the likelihood search did not converge',
} as const;
export type FitReason = keyof typeof FIT_REASONS;

const BY_PHRASE = new Map<string, FitReason>(
  Object.entries(FIT_REASONS).map(([key, phrase]) => [phrase, key as FitReason]),
);

export type FitMessage =
  | { kind: 'failed' | 'limit'; model: string; reasons: (FitReason | 'unknown')[] }
  /** BG/NBD: every customer bought on one day only. */
  | { kind: 'noRepeat' }
  /** BG/NBD fitted, but its predictions could not be evaluated. */
  | { kind: 'predictions' }
  /** Gamma-Gamma: q ≤ 1, the mean spend is unbounded. */
  | { kind: 'unboundedSpend'; q: string }
  /** Gamma-Gamma: fewer than two customers with repeat purchases. */
  | { kind: 'tooFewRepeat'; found: number }
  /** Not a sentence this table knows. */
  | { kind: 'unknown'; model: string | null };

const NO_REPEAT = /^BG\/NBD could not be fitted: every customer bought on one day only\b/;
const PREDICTIONS = /^BG\/NBD predictions could not be computed\b/;
const UNBOUNDED = /^Gamma-Gamma could not be fitted: spend varies so much .*\(q = (-?[\d.]+) ≤ 1\)\.?$/;
const TOO_FEW = /^Gamma-Gamma needs at least two customers who bought on more than one day .*; found (\d+)\.?$/;
const FAILED = /^(BG\/NBD|Gamma-Gamma) could not be fitted: (.+?)\.?$/;
const LIMIT = /^(BG\/NBD|Gamma-Gamma) reached a parameter limit: (.+?)\. The parameter values are not estimates/;

const reasonsOf = (list: string): (FitReason | 'unknown')[] =>
  list.split('; ').map((phrase) => BY_PHRASE.get(phrase.trim()) ?? 'unknown');

/** A stored fit message read back into its parts. */
export function parseFitMessage(message: string): FitMessage {
  const text = message.trim();
  if (NO_REPEAT.test(text)) return { kind: 'noRepeat' };
  if (PREDICTIONS.test(text)) return { kind: 'predictions' };
  let m = UNBOUNDED.exec(text);
  if (m) return { kind: 'unboundedSpend', q: m[1] };
  m = TOO_FEW.exec(text);
  if (m) return { kind: 'tooFewRepeat', found: Number(m[1]) };
  m = LIMIT.exec(text);
  if (m) return { kind: 'limit', model: m[1], reasons: reasonsOf(m[2]) };
  m = FAILED.exec(text);
  if (m) return { kind: 'failed', model: m[1], reasons: reasonsOf(m[2]) };
  return { kind: 'unknown', model: /^(BG\/NBD|Gamma-Gamma)\b/.exec(text)?.[1] ?? null };
}

type T = (key: string, values?: Record<string, string | number>) => string;

/** The message in the reader's language (`t` scoped to analytics.modelCard.fit). */
export function fitMessageText(t: T, message: string): string {
  const p = parseFitMessage(message);
  switch (p.kind) {
    case 'failed':
    case 'limit':
      return t(p.kind, { model: p.model, reasons: p.reasons.map((r) => t(`reasons.${r}`)).join(t('separator')) });
    case 'unboundedSpend':
      return t('unboundedSpend', { q: p.q });
    case 'tooFewRepeat':
      return t('tooFewRepeat', { found: p.found });
    case 'unknown':
      return t('unknown', { model: p.model ?? '—' });
    default:
      return t(p.kind);
  }
}
