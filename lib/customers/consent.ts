/**
 * The rules every write of a customer's email consent follows (issue 13), pure and client-safe.
 *
 * Consent is three columns that travel together: email_consent, consent_at (when it was given) and
 * unsubscribed_at (when the person opted out). An unsubscribe is the person's own decision, so
 * nothing staff do undoes it: not an import, not a merge, not the edit form. Only the person opts
 * back in, on the public unsubscribe page, which clears unsubscribed_at. Consent is valid only while
 * unsubscribed_at is null (the segment compiler reads it the same way: lib/marketing/segments/compile.ts).
 */

export type ConsentState = { emailConsent: boolean; consentAt: Date | null; unsubscribedAt: Date | null };

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

/**
 * What a staff write (an import row, the edit form) asking for `wanted` makes of `stored`: null
 * leaves it as it is; false withdraws consent (the unsubscribe time, if any, stays); true gives
 * consent, keeping the original time when it was already given, unless the person unsubscribed,
 * in which case consent stays off and the request is `refused`.
 */
export function requestConsent(stored: ConsentState, wanted: boolean | null, now: Date): ConsentRequest {
  if (wanted === null) return { next: stored, refused: false };
  if (!wanted) return { next: { ...stored, emailConsent: false, consentAt: null }, refused: false };
  if (isUnsubscribed(stored)) return { next: { ...stored, emailConsent: false, consentAt: null }, refused: true };
  return {
    next: { ...stored, emailConsent: true, consentAt: stored.emailConsent ? (stored.consentAt ?? now) : now },
    refused: false,
  };
}

const time = (d: Date | null) => (d === null ? -Infinity : d.getTime());

/**
 * The merged customer's consent: the most restrictive of the two records. Either unsubscribed →
 * unsubscribed (the later time), no consent. Otherwise consent only when the survivor's own consent
 * is valid and the merge chose to keep it (`keep`: false when the person merging chose the other
 * record's "no consent"); the loser's opt-in never carries over to the survivor's address.
 */
export function mergedConsent(survivor: ConsentState, loser: ConsentState, keep: boolean): ConsentState {
  const unsubscribedAt =
    time(loser.unsubscribedAt) > time(survivor.unsubscribedAt) ? loser.unsubscribedAt : survivor.unsubscribedAt;
  if (unsubscribedAt !== null) return { emailConsent: false, consentAt: null, unsubscribedAt };
  if (keep && hasValidConsent(survivor))
    return { emailConsent: true, consentAt: survivor.consentAt, unsubscribedAt: null };
  return { emailConsent: false, consentAt: null, unsubscribedAt: null };
}
