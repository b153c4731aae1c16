/** The honeypot field of the public lead form: hidden from people, filled by bots (client-safe constant). */
export const HONEYPOT_FIELD_NAME = 'homepage';

/** The fields the public form may send (CaptureSchema), each labelled by `leads.form.<name>`. */
export const CAPTURE_FIELDS = [
  'firstName',
  'lastName',
  'company',
  'title',
  'email',
  'phone',
  'industry',
  'employees',
  'message',
  'source',
] as const;
export type CaptureField = (typeof CAPTURE_FIELDS)[number];

/** The fields named in the thank-you page's `fields` parameter (comma-separated), unknown names dropped. */
export function namedCaptureFields(param: string | null | undefined): CaptureField[] {
  return (param ?? '').split(',').filter((f): f is CaptureField => (CAPTURE_FIELDS as readonly string[]).includes(f));
}
