// Reading a web-to-lead request: pure functions (no server imports), unit-tested.

/** The largest capture body read: a lead form is a few hundred bytes; anything bigger is not one. */
export const MAX_CAPTURE_BYTES = 16 * 1024;

export type CaptureBody =
  | { kind: 'json' | 'form'; fields: Record<string, unknown> }
  | { kind: 'unsupported' }
  | { kind: 'malformed' };

/**
 * The fields of a capture body: JSON (an object) or a form (urlencoded; multipart is read by the
 * caller into URLSearchParams-like pairs). Repeated form fields keep their first value; field
 * names are kept as sent (the schema picks the ones it knows).
 */
export function readCaptureBody(contentType: string | null, text: string): CaptureBody {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (text.length > MAX_CAPTURE_BYTES) return { kind: 'malformed' };
  if (type === 'application/json') {
    try {
      const value: unknown = JSON.parse(text);
      if (!value || typeof value !== 'object' || Array.isArray(value)) return { kind: 'malformed' };
      return { kind: 'json', fields: value as Record<string, unknown> };
    } catch {
      return { kind: 'malformed' };
    }
  }
  if (type === 'application/x-www-form-urlencoded' || type === 'text/plain' || type === '') {
    return { kind: 'form', fields: formFields(new URLSearchParams(text)) };
  }
  return { kind: 'unsupported' };
}

/** Pairs → an object, first value per name. */
export function formFields(pairs: Iterable<[string, FormDataEntryValue | string]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of pairs) if (!(k in out) && typeof v === 'string') out[k] = v;
  return out;
}

/** Whether the caller wants a JSON answer (a script's fetch) rather than a redirect (a plain HTML form post). */
export function wantsJson(kind: 'json' | 'form', accept: string | null): boolean {
  if (kind === 'json') return true;
  const a = (accept ?? '').toLowerCase();
  return a.includes('application/json') && !a.includes('text/html');
}
