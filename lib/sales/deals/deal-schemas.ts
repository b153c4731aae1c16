import { z } from 'zod';
import { FORMULA } from '@/lib/customers/schemas';
import { supportedYear, versionField } from '@/lib/validation';

// The deal forms' schemas (client-safe). Messages are "validation" catalog keys.

export const FORECAST_CATEGORIES = ['pipeline', 'best_case', 'commit', 'omitted'] as const;
export type ForecastCategory = (typeof FORECAST_CATEGORIES)[number];

const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);

const nameField = z
  .string()
  .trim()
  .min(1, 'required')
  .max(200, 'tooLong')
  .refine((v) => !FORMULA.test(v), 'formula');

/** Thousands grouped by commas, as English and Chinese write them: "1,500" or "12,345.60". */
const GROUPED = /^\d{1,3}(,\d{3})+(\.\d{1,2})?$/;

/**
 * Money as an exact decimal string: up to 12 digits and 2 decimals, never negative. Commas are
 * read only as thousands groups: "1,5" is refused rather than read as 15.
 */
export const amountField = z
  .string()
  .trim()
  .transform((v) => (GROUPED.test(v) ? v.replace(/,/g, '') : v))
  .pipe(z.string().regex(/^\d{1,12}(\.\d{1,2})?$/, 'amount'));

const closeDateField = z
  .preprocess(blankToNull, z.iso.date('date').nullable().optional())
  .refine((d) => !d || supportedYear(new Date(`${d}T00:00:00Z`)), 'date')
  .transform((v) => v ?? null);

const optionalId = (message: string) =>
  z.preprocess(blankToNull, z.uuid(message).nullable().optional()).transform((v) => v ?? null);

const dealFields = {
  name: nameField,
  amount: amountField,
  expectedCloseDate: closeDateField,
  contactId: optionalId('contact'),
  /** Only managers and admins choose the owner; anyone else's deal is their own. */
  ownerId: optionalId('owner'),
  forecastCategory: z.enum(FORECAST_CATEGORIES, 'forecastCategory').catch('pipeline'),
};

export const CreateDealSchema = z.object({
  customerId: z.uuid(),
  ...dealFields,
  /** An open stage; absent: the first open stage. */
  stageId: optionalId('stage'),
});
export type CreateDealInput = z.infer<typeof CreateDealSchema>;

export const UpdateDealSchema = z.object({ id: z.uuid(), version: versionField, ...dealFields });
export type UpdateDealInput = z.infer<typeof UpdateDealSchema>;

export const BulkReassignDealsSchema = z.object({
  ids: z.array(z.uuid()).min(1, 'selectRows').max(500, 'tooMany'),
  ownerId: z.uuid('owner'),
});

/** `datetime-local` values (no zone) are read as UTC wall time by the browser form helper. */
const dateTime = z.preprocess(
  (v) => (v === '' || v === null ? undefined : v),
  z.coerce.date('date').refine(supportedYear, 'date').optional(),
);

/** A call, task or note logged on a deal (it lands on the deal's and its customer's timelines). */
export const DealActivitySchema = z
  .object({
    dealId: z.uuid(),
    type: z.enum(['call', 'email', 'meeting', 'note', 'task'], 'activityType'),
    subject: z
      .string()
      .trim()
      .min(1, 'required')
      .max(200, 'tooLong')
      .refine((v) => !FORMULA.test(v), 'formula'),
    body: z
      .preprocess(blankToNull, z.string().trim().max(5000, 'tooLong').nullable().optional())
      .transform((v) => v ?? null),
    occurredAt: dateTime,
    dueAt: dateTime,
  })
  .superRefine((a, ctx) => {
    if (a.type === 'task' && !a.dueAt) ctx.addIssue({ code: 'custom', path: ['dueAt'], message: 'dueRequired' });
  });
export type DealActivityInput = z.infer<typeof DealActivitySchema>;
