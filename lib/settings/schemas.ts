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
});
export type SettingsInput = z.infer<typeof SettingsSchema>;
