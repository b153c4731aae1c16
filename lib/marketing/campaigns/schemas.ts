import { z } from 'zod';
import { supportedYear, versionField } from '@/lib/validation';
import { unknownMergeFields } from './render';

// The campaign forms' and actions' inputs (client-safe: a form may check with them too).

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'tooLong')
    .nullish()
    .transform((s) => s || null);

/** A body or subject may use only the merge fields of render.ts: an unknown {{name}} is refused next to its field. */
const template = (max: number) =>
  z
    .string()
    .max(max, 'tooLong')
    .refine((s) => unknownMergeFields(s).length === 0, 'mergeField');

/**
 * Active content a mail program strips or flags as dangerous (and so a spam filter scores): script
 * elements, event-handler attributes and javascript: URLs. Refused when the campaign is saved rather
 * than sent as written.
 */
const ACTIVE_HTML = /<\s*script\b|\son[a-z]+\s*=|(?:href|src|action)\s*=\s*["']?\s*javascript:/i;

export function hasActiveHtml(html: string): boolean {
  return ACTIVE_HTML.test(html);
}

export const CampaignInputSchema = z.object({
  name: z.string('required').trim().min(1, 'required').max(120, 'tooLong'),
  subject: template(200).pipe(z.string().trim().min(1, 'required')),
  fromName: optionalText(120),
  fromAddress: z
    .union([z.literal(''), z.email('email').max(254, 'tooLong')])
    .nullish()
    .transform((s) => (s ? s.toLowerCase() : null)),
  bodyText: template(200_000).pipe(z.string().trim().min(1, 'required')),
  bodyHtml: template(500_000)
    .refine((s) => !hasActiveHtml(s), 'activeHtml')
    .nullish()
    .transform((s) => (s?.trim() ? s : null)),
  segmentId: z
    .union([z.literal(''), z.uuid()])
    .nullish()
    .transform((s) => s || null),
  cost: z
    .string()
    .trim()
    .regex(/^\d{1,12}(\.\d{1,2})?$/, 'amount')
    .default('0'),
  ratePerMinute: z.coerce
    .number('ratePerMinute')
    .int('ratePerMinute')
    .min(1, 'ratePerMinute')
    .max(100_000, 'ratePerMinute')
    .default(600),
  holdoutPercent: z.coerce
    .number('holdoutPercent')
    .int('holdoutPercent')
    .min(0, 'holdoutPercent')
    .max(50, 'holdoutPercent')
    .default(0),
  attributionDays: z.coerce
    .number('attributionDays')
    .int('attributionDays')
    .min(1, 'attributionDays')
    .max(365, 'attributionDays')
    .default(7),
});
export type CampaignInput = z.infer<typeof CampaignInputSchema>;

const IdVersion = { id: z.uuid(), version: versionField };

export const UpdateCampaignSchema = CampaignInputSchema.extend(IdVersion);
export type UpdateCampaignInput = z.infer<typeof UpdateCampaignSchema>;

/** Send now, pause, resume, cancel: checked against the version shown. */
export const CampaignVersionSchema = z.object(IdVersion);
export type CampaignVersionInput = z.infer<typeof CampaignVersionSchema>;

export const ScheduleCampaignSchema = z.object({
  ...IdVersion,
  scheduledAt: z.coerce
    .date('date')
    .refine((d) => !Number.isNaN(d.getTime()), 'date')
    .refine((d) => d.getTime() > Date.now() - 60_000, 'date')
    // Not beyond SUPPORTED_YEARS: year 10000 and up is a PostgreSQL error, not a schedule.
    .refine(supportedYear, 'date'),
});
export type ScheduleCampaignInput = z.infer<typeof ScheduleCampaignSchema>;

/** A test send: the campaign rendered for one customer, to one address. */
export const TestSendSchema = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  to: z.email('email').max(254, 'tooLong'),
});
export type TestSendInput = z.infer<typeof TestSendSchema>;

/** The editor's recipient picker: customers of a segment whose name contains, or address starts with, `q`. */
export const RecipientSearchSchema = z.object({
  segmentId: z.uuid(),
  q: z.string().trim().max(100, 'tooLong').default(''),
});
export type RecipientSearchInput = z.infer<typeof RecipientSearchSchema>;

/** The editor's per-recipient preview: the subject and bodies as written (saved or not), for one customer. */
export const PreviewCampaignSchema = z.object({
  segmentId: z.uuid(),
  customerId: z.uuid(),
  subject: z.string().max(200, 'tooLong'),
  bodyText: z.string().max(200_000, 'tooLong'),
  bodyHtml: z
    .string()
    .max(500_000, 'tooLong')
    .nullish()
    .transform((s) => (s?.trim() ? s : null)),
});
export type PreviewCampaignInput = z.infer<typeof PreviewCampaignSchema>;

export const EstimateAudienceSchema = z.object({ segmentId: z.uuid() });
