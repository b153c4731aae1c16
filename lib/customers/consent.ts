/**
 * The rules every write of a customer's or a contact's email consent follows (issue 13), pure and
 * client-safe.
 *
 * Consent is four columns that travel together: email_consent, consent_at (when it was given),
 * consent_source (how: CONSENT_SOURCES) and unsubscribed_at (when the person opted out). An unsubscribe is the person's own decision, so
 * nothing staff do undoes it: not an import, not a merge, not the edit form. Only the person opts
 * back in, on the public unsubscribe page, which clears unsubscribed_at. Consent is valid only while
 * unsubscribed_at is null (the segment compiler reads it the same way: lib/marketing/segments/compile.ts).
 */

export type ConsentState = {
  emailConsent: boolean;
  consentAt: Date | null;
  consentSource: string | null;
  unsubscribedAt: Date | null;
};

/**
 * How consent was given, the record a regulator asks for with its time: a staff member's form
 * ('manual'), a CSV import ('import'), a web form ('form'), or the person opting back in on the
 * unsubscribe page ('resubscribe').
 */
export const CONSENT_SOURCES = ['manual', 'import', 'form', 'resubscribe'] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

/** The consent columns of a new record: given now from `source`, or none. */
export function newConsent(given: boolean, source: ConsentSource, now: Date): Omit<ConsentState, 'unsubscribedAt'> {
  return given
    ? { emailConsent: true, consentAt: now, consentSource: source }
    : { emailConsent: false, consentAt: null, consentSource: null };
}

/** Whether the person has opted out (and not opted back in themselves). */
export function isUnsubscribed(state: Pick<ConsentState, 'unsubscribedAt'>): boolean {
  return state.unsubscribedAt !== null;
}

/** Consent that may be acted on: given, and not withdrawn by the person since. */
export function hasValidConsent(state: Pick<ConsentState, 'emailConsent' | 'unsubscribedAt'>): boolean {
  return state.emailConsent && !isUnsubscribed(state);
}

export type ConsentRequest = {
  /** The consent state to store. */
  next: ConsentState;
  /** True when the request asked to turn consent on for someone who unsubscribed: kept off. */
  refused: boolean;
};

const NO_CONSENT = { emailConsent: false, consentAt: null, consentSource: null } as const;

/**
 * What a staff write (an import row, the edit form: `source`) asking for `wanted` makes of
 * `stored`: null leaves it as it is; false withdraws consent (the unsubscribe time, if any, stays);
 * true gives consent, keeping the original time and source when it was already given, unless the
 * person unsubscribed, in which case consent stays off and the request is `refused`.
 */
export function requestConsent(
  stored: ConsentState,
  wanted: boolean | null,
  now: Date,
  source: ConsentSource,
): ConsentRequest {
  if (wanted === null) return { next: stored, refused: false };
  if (!wanted) return { next: { ...stored, ...NO_CONSENT }, refused: false };
  if (isUnsubscribed(stored)) return { next: { ...stored, ...NO_CONSENT }, refused: true };
  if (stored.emailConsent)
    return {
      next: { ...stored, consentAt: stored.consentAt ?? now, consentSource: stored.consentSource ?? source },
      refused: false,
    };
  return { next: { ...stored, emailConsent: true, consentAt: now, consentSource: source }, refused: false };
}

const time = (d: Date | null) => (d === null ? -Infinity : d.getTime());

/**
 * The merged customer's consent: the most restrictive of the two records. Either unsubscribed →
 * unsubscribed (the later time), no consent. Otherwise consent (with its time and source) only when
 * the survivor's own consent is valid and the merge chose to keep it (`keep`: false when the person merging chose the other
 * record's "no consent"); the loser's opt-in never carries over to the survivor's address.
 */
export function mergedConsent(survivor: ConsentState, loser: ConsentState, keep: boolean): ConsentState {
  const unsubscribedAt =
    time(loser.unsubscribedAt) > time(survivor.unsubscribedAt) ? loser.unsubscribedAt : survivor.unsubscribedAt;
  if (unsubscribedAt !== null) return { ...NO_CONSENT, unsubscribedAt };
  if (keep && hasValidConsent(survivor))
    return {
      emailConsent: true,
      consentAt: survivor.consentAt,
      consentSource: survivor.consentSource,
      unsubscribedAt: null,
    };
  return { ...NO_CONSENT, unsubscribedAt: null };
}
