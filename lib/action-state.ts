// The shapes every server action returns (client-safe: no server imports).

/**
 * Why an expected failure happened. One closed list for the whole product: data functions return
 * one of these, and `defineAction` turns each into the same message everywhere (see REASONS in
 * lib/define-action.ts). Add a reason here and there, never a one-off message in an action.
 */
export type Reason =
  | 'forbidden'
  | 'notFound'
  | 'stale'
  | 'invalid'
  | 'ownerInactive'
  | 'contactNotOfCustomer'
  | 'emailTaken'
  | 'lastAdmin'
  | 'sameRecord'
  | 'passwordPersonal'
  | 'passwordCommon'
  | 'passwordWeak'
  | 'alreadyRunning'
  | 'reasonRequired'
  | 'tooManyUploads'
  | 'leadConverted'
  | 'leadUnqualified'
  | 'ruleTaken'
  | 'customerNotEditable'
  | 'noOpenStage'
  | 'skuTaken'
  | 'discountTooLarge'
  | 'amountTooLarge'
  | 'quoteExpired'
  | 'dealClosed'
  | 'dealWon'
  | 'dealDeleted'
  | 'stageInUse'
  | 'lastStage'
  | 'stageTarget'
  | 'assigneeInactive'
  | 'statusMove'
  | 'calendarNameTaken'
  | 'escalationAssignee'
  | 'categoryNameTaken'
  | 'slaTargetTooLong'
  | 'calendarTooSparse'
  | 'consentUnsubscribed'
  | 'campaignState'
  | 'noAudience';

/** `params` fill the placeholders of the reason's message (e.g. the quote that won a deal). */
export type Failure<R extends Reason = Reason> = { ok: false; reason: R; params?: Record<string, string> };

/**
 * What a data function returns for an expected outcome: success with its data, or one of the
 * reasons it may fail for (a closed union per function, e.g. `Result<{ id: string }, 'notFound' | 'stale'>`).
 */
export type Result<T extends object = object, R extends Reason = Reason> = ({ ok: true } & T) | Failure<R>;

/** What every server action returns for expected outcomes (validation, permission, not-found, conflict). */
export type ActionState<TData = unknown, TValues = Record<string, string>> = {
  ok: boolean;
  /** A catalog key of the "messages" namespace (success or failure), translated by the form. */
  message?: string;
  /** Values for the placeholders of `message`. */
  messageParams?: Record<string, string>;
  /** The reason of a failure, for callers that react to a specific one (e.g. `stale`). */
  reason?: Reason;
  /** Per field, catalog keys of the "validation" namespace. */
  fieldErrors?: Record<string, string[] | undefined>;
  /** Submitted values echoed back: React 19 resets uncontrolled fields after a form action. */
  values?: Partial<TValues>;
  /** The id of a created record, when the caller needs to navigate to it. */
  id?: string;
  /** What a successful action hands back to its caller (counts, search results). */
  data?: TData;
};

export const initialActionState: ActionState = { ok: false };

/** Plain string fields of a FormData, for echoing back after a failed submit (never passwords). */
export function formValues(form: FormData, omit: string[] = ['password']): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value === 'string' && !omit.includes(key) && !key.startsWith('$')) values[key] = value;
  }
  return values;
}
