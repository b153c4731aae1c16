import { z } from 'zod';
import { LOCALES } from '@/lib/i18n/config';
import { supportedYear, versionField } from '@/lib/validation';
import { CUSTOMER_FIELD_SPECS, type FieldSpec, FORM_FIELDS, type FormField } from './fields';

// Validation messages are catalog keys (namespace "validation").

const text = (max: number) => z.string().trim().max(max, 'tooLong');
/** Optional text: empty strings become null so "cleared" and "never set" are the same. */
const optionalText = (max: number) =>
  z
    .preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), text(max).nullable().optional())
    .transform((v) => v ?? null);

/** Cells that a spreadsheet would run as a formula (=…, @…, +cmd…, -cmd…) are refused. */
export const FORMULA = /^\s*(=|@|[+-]\s*[A-Za-z(])/;
const safe = <T extends z.ZodType<string | null>>(schema: T) =>
  schema.refine((v) => v === null || !FORMULA.test(v as string), 'formula');

export const emailField = z
  .preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? null : typeof v === 'string' ? v.trim().toLowerCase() : v),
    z.email('email').max(254, 'tooLong').nullable().optional(),
  )
  .transform((v) => v ?? null);

export const phoneField = z
  .preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? null : typeof v === 'string' ? v.trim() : v),
    z
      .string()
      .max(40, 'tooLong')
      .regex(/^\+?[0-9 ()./-]{5,}$/, { error: 'phone', abort: true })
      .refine((p) => (p.match(/\d/g)?.length ?? 0) >= 5, 'phone')
      .nullable()
      .optional(),
  )
  .transform((v) => v ?? null);

const country = z
  .preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? null : typeof v === 'string' ? v.trim().toUpperCase() : v),
    z
      .string()
      .regex(/^[A-Z]{2}$/, 'country')
      .nullable()
      .optional(),
  )
  .transform((v) => v ?? null);

const website = (max: number) =>
  z
    .preprocess(
      (v) =>
        typeof v === 'string' && v.trim() === ''
          ? null
          : typeof v === 'string' && !/^https?:\/\//i.test(v.trim())
            ? `https://${v.trim()}`
            : v,
      z
        .url({ protocol: /^https?$/, error: 'url' })
        .max(max, 'tooLong')
        .nullable()
        .optional(),
    )
    .transform((v) => v ?? null);

/** Tags as a comma-separated string or an array: trimmed, lower-cased, unique, at most 20 of ≤ 30 chars. */
export const tagsField = z
  .preprocess((v) => (typeof v === 'string' ? v.split(',') : (v ?? [])), z.array(z.string()))
  .transform((tags) => [...new Set(tags.map((t) => t.trim().toLowerCase()).filter(Boolean))])
  .refine((tags) => !tags.some((t) => FORMULA.test(t)), { error: 'formula', abort: true })
  .refine((tags) => tags.length <= 20 && tags.every((t) => t.length <= 30), 'tags');

const checkbox = z.preprocess((v) => v === true || v === 'true' || v === 'on' || v === '1', z.boolean());

/** The customer's language: one the app writes in, or blank for not known (null). */
const localeField = z
  .preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? null : v),
    z.enum(LOCALES, 'locale').nullable().optional(),
  )
  .transform((v) => v ?? null);

const ownerField = z
  .preprocess((v) => (v === '' ? null : v), z.uuid('owner').nullable().optional())
  .transform((v) => v ?? null);

/** The form's parser for each kind of field (lib/customers/fields.ts), given the field's spec. */
const PARSERS = {
  requiredText: (s: FieldSpec) => safe(text(s.max!).min(1, 'required')),
  text: (s: FieldSpec) => safe(optionalText(s.max!)),
  email: () => emailField,
  phone: () => phoneField,
  url: (s: FieldSpec) => website(s.max!),
  country: () => country,
  tags: () => tagsField,
  owner: () => ownerField,
  boolean: () => checkbox,
  locale: () => localeField,
};
type Parser<S> = S extends { kind: 'enum'; values: readonly (infer V extends string)[] }
  ? z.ZodEnum<{ [K in V]: K }>
  : S extends { kind: 'text'; required: true }
    ? ReturnType<typeof PARSERS.requiredText>
    : S extends { kind: infer K extends keyof typeof PARSERS }
      ? ReturnType<(typeof PARSERS)[K]>
      : never;

function parser(field: FormField) {
  const s: FieldSpec = CUSTOMER_FIELD_SPECS[field];
  // An enum's message is the field's own catalog key ("kind": "Choose person or company").
  if (s.kind === 'enum') return z.enum(s.values!, field);
  if (s.kind === 'text' && s.required) return PARSERS.requiredText(s);
  if (!(s.kind in PARSERS)) throw new Error(`customer field ${field}: no form parser for kind ${s.kind}`);
  return PARSERS[s.kind as keyof typeof PARSERS](s);
}

/** The customer form: every field of lib/customers/fields.ts marked `form`, parsed by its kind. */
export const CustomerSchema = z.object(
  Object.fromEntries(FORM_FIELDS.map((field) => [field, parser(field)])) as {
    [K in FormField]: Parser<(typeof CUSTOMER_FIELD_SPECS)[K]>;
  },
);
export type CustomerInput = z.infer<typeof CustomerSchema>;

export const UpdateCustomerSchema = CustomerSchema.extend({
  id: z.uuid(),
  version: versionField,
});
export type UpdateCustomerInput = z.infer<typeof UpdateCustomerSchema>;

export const ContactSchema = z.object({
  customerId: z.uuid(),
  firstName: safe(text(100).min(1, 'required')),
  lastName: safe(optionalText(100)),
  email: emailField,
  phone: phoneField,
  title: safe(optionalText(100)),
  isPrimary: checkbox,
  emailConsent: checkbox,
});
export type ContactInput = z.infer<typeof ContactSchema>;
export const UpdateContactSchema = ContactSchema.omit({ customerId: true }).extend({
  id: z.uuid(),
  version: versionField,
});
export type UpdateContactInput = z.infer<typeof UpdateContactSchema>;

export const IdsSchema = z.array(z.uuid()).min(1, 'selectRows').max(500, 'tooMany');
export const BulkAssignSchema = z.object({ ids: IdsSchema, ownerId: z.uuid('owner') });
export const BulkTagSchema = z.object({
  ids: IdsSchema,
  tag: z
    .string()
    .trim()
    .toLowerCase()
    .min(1, 'required')
    .max(30, 'tooLong')
    .refine((t) => !FORMULA.test(t), { error: 'formula', abort: true })
    .refine((t) => !t.includes(','), 'tags'),
});

/** `datetime-local` values (no zone) are read as UTC wall time by the browser form helper. */
const dateTime = z.preprocess(
  (v) => (v === '' || v === null ? undefined : v),
  z.coerce.date('date').refine(supportedYear, 'date').optional(),
);

export const ActivitySchema = z
  .object({
    customerId: z.uuid(),
    contactId: z.preprocess((v) => (v === '' ? null : v), z.uuid().nullable().optional()).transform((v) => v ?? null),
    type: z.enum(['call', 'email', 'meeting', 'note', 'task'], 'activityType'),
    subject: safe(text(200).min(1, 'required')),
    body: safe(optionalText(5000)),
    occurredAt: dateTime,
    dueAt: dateTime,
    ownerId: z
      .preprocess((v) => (v === '' ? null : v), z.uuid('owner').nullable().optional())
      .transform((v) => v ?? null),
  })
  .superRefine((a, ctx) => {
    if (a.type === 'task' && !a.dueAt) ctx.addIssue({ code: 'custom', path: ['dueAt'], message: 'dueRequired' });
  });
export type ActivityInput = z.infer<typeof ActivitySchema>;

export const CompleteTaskSchema = z.object({ id: z.uuid(), done: z.boolean() });
