/** FormData from plain values, as a browser form submit would send them to a server action. */
export function form(values: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(values)) f.set(k, v);
  return f;
}

/** The previous-state argument useActionState passes on the first submit. */
export const initial = { ok: false };
