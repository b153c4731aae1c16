import { z } from 'zod';
import { versionField } from '@/lib/validation';

const decimalShare = z
  .string()
  .trim()
  .regex(/^(0(\.\d{1,4})?|1(\.0{1,4})?)$/, 'share');

export const SettingsSchema = z.object({
  version: versionField,
  companyName: z.string().trim().min(1, 'required').max(120, 'tooLong'),
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, 'currency'),
  fiscalYearStartMonth: z.coerce.number().int().min(1, 'month').max(12, 'month'),
  timeZone: z
    .string()
    .trim()
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'timeZone'),
  clvMargin: decimalShare,
  clvAnnualDiscountRate: decimalShare,
  clvHorizonMonths: z.coerce.number().int('horizonMonths').min(1, 'horizonMonths').max(120, 'horizonMonths'),
  clvAcquisitionCost: z
    .string()
    .trim()
    .regex(/^\d{1,12}(\.\d{1,2})?$/, 'amount'),
  analyticsTimeUnit: z.enum(['day', 'week'], 'timeUnit'),
  /** Blank: all history. */
  rfmWindowMonths: z
    .string()
    .trim()
    .refine((v) => v === '' || (/^\d{1,3}$/.test(v) && Number(v) >= 1 && Number(v) <= 600), 'windowMonths')
    .transform((v) => (v === '' ? null : Number(v))),
});
export type SettingsInput = z.infer<typeof SettingsSchema>;
