import { z } from 'zod';
import { SCORE_RULE_KINDS } from '@/analytics/lead-score';
import { emailField, FORMULA, phoneField } from '@/lib/customers/schemas';
import { amountField } from '@/lib/sales/deals/deal-schemas';
import { dateParam, optional, pageParam } from '@/lib/search-params';
import { versionField } from '@/lib/validation';

// Validation messages are catalog keys (namespace "validation").

/** Statuses a rep sets by hand; 'converted' is set only by converting (lib/sales/leads/convert.ts). */
export const WORK_STATUSES = ['new', 'contacted', 'qualified', 'unqualified'] as const;
export const LEAD_STATUSES = ['new', 'contacted', 'qualified', 'converted', 'unqualified'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

const text = (max: number) => z.string().trim().max(max, 'tooLong');
const noFormula = (v: string | null) => v === null || !FORMULA.test(v);
/** Optional text: empty becomes null, so "cleared" and "never set" are the same. */
const optionalText = (max: number) =>
  z
    .preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), text(max).nullable().optional())
    .transform((v) => v ?? null)
    .refine(noFormula, 'formula');
const requiredText = (max: number) => text(max).min(1, 'required').refine(noFormula, 'formula');
/**
 * Free text written as prose (notes, the visitor's message): "- call back Monday" or "@Anna" are
 * ordinary there. It is never a CSV cell on its own terms: an export quotes it (lib/csv/write.ts).
 */
const proseText = (max: number) =>
  z
    .preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), text(max).nullable().optional())
    .transform((v) => v ?? null);

const employeesField = z
  .preprocess(
    (v) => (v === '' || v === null || v === undefined ? null : typeof v === 'string' ? v.replace(/[\s,]/g, '') : v),
    z.coerce.number('employees').int('employees').min(1, 'employees').max(10_000_000, 'employees').nullable(),
  )
  .transform((v) => v ?? null);

const ownerField = z
  .preprocess((v) => (v === '' ? null : v), z.uuid('owner').nullable().optional())
  .transform((v) => v ?? null);

/** What a person tells about themselves: shared by the form and the public capture endpoint. */
const personFields = {
  firstName: requiredText(100),
  lastName: optionalText(100),
  company: optionalText(200),
  title: optionalText(100),
  email: emailField,
  phone: phoneField,
  industry: optionalText(60),
  employees: employeesField,
};

const unqualifiedNeedsReason = (
  v: { status: string; unqualifiedReason: string | null },
  ctx: { addIssue: (issue: { code: 'custom'; path: string[]; message: string }) => void },
) => {
  if (v.status === 'unqualified' && !v.unqualifiedReason)
    ctx.addIssue({ code: 'custom', path: ['unqualifiedReason'], message: 'reasonRequired' });
};

const leadFields = z.object({
  ...personFields,
  source: optionalText(60),
  notes: proseText(5000),
  ownerId: ownerField,
  status: z.enum(WORK_STATUSES, 'leadStatus'),
  unqualifiedReason: optionalText(200),
});

export const LeadSchema = leadFields.superRefine(unqualifiedNeedsReason);
export type LeadInput = z.infer<typeof LeadSchema>;

export const UpdateLeadSchema = leadFields
  .extend({ id: z.uuid(), version: versionField })
  .superRefine(unqualifiedNeedsReason);
export type UpdateLeadInput = z.infer<typeof UpdateLeadSchema>;

/** A status change from the lead page's buttons (contacted, qualified, unqualified with its reason). */
export const LeadStatusSchema = z
  .object({
    id: z.uuid(),
    version: versionField,
    status: z.enum(WORK_STATUSES, 'leadStatus'),
    unqualifiedReason: optionalText(200),
  })
  .superRefine(unqualifiedNeedsReason);
export type LeadStatusInput = z.infer<typeof LeadStatusSchema>;

export const BulkAssignLeadsSchema = z.object({
  ids: z.array(z.uuid()).min(1, 'selectRows').max(500, 'tooMany'),
  ownerId: z.uuid('owner'),
});

/**
 * Converting: into a new customer or one found by the duplicate check (`customerId`), with an
 * optional deal (a name makes one; amount and close date go with it).
 */
export const ConvertLeadSchema = z
  .object({
    id: z.uuid(),
    version: versionField,
    customerId: z
      .preprocess((v) => (v === '' || v === 'new' ? null : v), z.uuid('invalid').nullable().optional())
      .transform((v) => v ?? null),
    createDeal: z.preprocess((v) => v === true || v === 'true' || v === 'on', z.boolean()),
    dealName: optionalText(200),
    dealAmount: z.preprocess((v) => (v === '' || v === undefined ? '0' : v), amountField).transform((v) => v),
    dealCloseDate: z
      .preprocess(
        (v) => (v === '' ? null : v),
        z.iso
          .date('date')
          .refine((d) => {
            const y = Number(d.slice(0, 4));
            return y >= 1900 && y <= 2200;
          }, 'date')
          .nullable()
          .optional(),
      )
      .transform((v) => v ?? null),
  })
  .superRefine((v, ctx) => {
    if (v.createDeal && !v.dealName) ctx.addIssue({ code: 'custom', path: ['dealName'], message: 'required' });
  });
export type ConvertLeadInput = z.infer<typeof ConvertLeadSchema>;

/**
 * The public web-to-lead form. Field names are what a hand-written HTML form would use; `homepage`
 * is the honeypot (hidden from people, filled by bots) and is checked before this schema.
 */
export const CaptureSchema = z.object({
  ...personFields,
  email: emailField.refine((v) => v !== null, 'required'),
  message: proseText(2000),
  source: optionalText(60),
});
export type CaptureInput = z.infer<typeof CaptureSchema>;

export const LEAD_SORTS = ['createdAt', 'score', 'name', 'status'] as const;
export type LeadSort = (typeof LEAD_SORTS)[number];
export const LEAD_PAGE_SIZES = [25, 50, 100] as const;
const scoreParam = optional(z.coerce.number().int().min(0).max(100));

/** The lead list's URL search params; invalid values are dropped rather than failing the page. */
export const LeadFilterSchema = z.object({
  q: optional(z.string().trim().max(100)),
  status: optional(z.enum(LEAD_STATUSES)),
  source: optional(z.string().trim().max(60)),
  /** Managers and admins only (a rep's list is their own leads). */
  owner: optional(z.union([z.literal('me'), z.literal('none'), z.uuid()])),
  scoreMin: scoreParam,
  scoreMax: scoreParam,
  from: dateParam,
  sort: z.enum(LEAD_SORTS).catch('createdAt'),
  dir: z.enum(['asc', 'desc']).catch('desc'),
  page: pageParam,
  size: z.coerce
    .number()
    .pipe(z.union(LEAD_PAGE_SIZES.map((n) => z.literal(n)) as [z.ZodLiteral<25>, z.ZodLiteral<50>, z.ZodLiteral<100>]))
    .catch(50),
});
export type LeadFilter = z.infer<typeof LeadFilterSchema>;

export const ScoreRuleSchema = z
  .object({
    kind: z.enum(SCORE_RULE_KINDS, 'ruleKind'),
    value: requiredText(100),
    // An empty field is missing, not 0 (Number('') is 0).
    points: z.preprocess(
      (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
      z.coerce.number('points').int('points').min(-100, 'points').max(100, 'points'),
    ),
    active: z.preprocess((v) => v === true || v === 'true' || v === 'on', z.boolean()),
  })
  .superRefine((v, ctx) => {
    const n = Number(v.value);
    if ((v.kind === 'employees' || v.kind === 'activity') && !(Number.isInteger(n) && n >= 0 && n <= 10_000_000))
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'ruleNumber' });
  });
export type ScoreRuleInput = z.infer<typeof ScoreRuleSchema>;
export const UpdateScoreRuleSchema = ScoreRuleSchema.and(z.object({ id: z.uuid(), version: versionField }));
export type UpdateScoreRuleInput = z.infer<typeof UpdateScoreRuleSchema>;

export const LeadSettingsSchema = z.object({
  version: versionField,
  leadAssignment: z.enum(['round_robin', 'least_loaded'], 'leadAssignment'),
  leadThanksUrl: z
    .preprocess(
      (v) => (typeof v === 'string' && v.trim() === '' ? null : typeof v === 'string' ? v.trim() : v),
      z
        .url({ protocol: /^https?$/, error: 'url' })
        .max(500, 'tooLong')
        .nullable()
        .optional(),
    )
    .transform((v) => v ?? null),
});
export type LeadSettingsInput = z.infer<typeof LeadSettingsSchema>;
