/** What every server action returns for expected outcomes (validation, permission, not-found, conflict). */
export type ActionState<TValues = Record<string, string>> = {
  ok: boolean;
  message?: string;
  fieldErrors?: Record<string, string[] | undefined>;
  /** Submitted values echoed back: React 19 resets uncontrolled fields after a form action. */
  values?: Partial<TValues>;
  /** The id of a created record, when the caller needs to navigate to it. */
  id?: string;
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
