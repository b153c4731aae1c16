import { z } from 'zod';
import { versionField } from '@/lib/validation';
import { SegmentRuleSchema } from './rules';

// The segment forms' and actions' inputs (client-safe: the builder checks with them too).

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'tooLong')
    .transform((s) => s || null);

export const SegmentInputSchema = z.object({
  name: z.string('required').trim().min(1, 'required').max(120, 'tooLong'),
  description: text(1000)
    .nullish()
    .transform((s) => s ?? null),
  rule: SegmentRuleSchema,
});
export type SegmentInput = z.infer<typeof SegmentInputSchema>;

const IdVersion = { id: z.uuid(), version: versionField };

export const UpdateSegmentSchema = SegmentInputSchema.extend(IdVersion);
export type UpdateSegmentInput = z.infer<typeof UpdateSegmentSchema>;

/** Delete, or freeze the current members into a static snapshot: checked against the version shown. */
export const SegmentVersionSchema = z.object(IdVersion);
export type SegmentVersionInput = z.infer<typeof SegmentVersionSchema>;

export const PreviewSegmentSchema = z.object({ rule: SegmentRuleSchema });
