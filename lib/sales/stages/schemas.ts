import { z } from 'zod';
import { versionField } from '@/lib/validation';

// The stage admin's forms (client-safe). Messages are "validation" catalog keys.

const checkbox = z.preprocess((v) => v === true || v === 'true' || v === 'on' || v === '1', z.boolean());
const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);

export const STAGE_KINDS = ['open', 'won', 'lost'] as const;
export type StageKind = (typeof STAGE_KINDS)[number];

/** Not a spreadsheet formula: stage names go into CSV exports. */
const notFormula = (v: string) => !/^\s*(=|@|[+-]\s*[A-Za-z(])/.test(v);

const stageFields = {
  /** The name in the default locale (English), shown wherever a translation is blank. */
  name: z.string().trim().min(1, 'required').max(60, 'tooLong').refine(notFormula, 'formula'),
  /** The 简体中文 name (pipeline_stages.names["zh-CN"]); blank falls back to `name`, missing keeps it as it is. */
  nameZh: z.string().trim().max(60, 'tooLong').refine(notFormula, 'formula').optional(),
  // Blank is missing, not 0 (a bare z.coerce.number reads '' as 0).
  probability: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce.number('probability').int('probability').min(0, 'probability').max(100, 'probability'),
  ),
  /** Open, or closing the deals moved into it as won or lost. */
  kind: z.enum(STAGE_KINDS, 'stageKind'),
  rottingDays: z
    .preprocess(
      blankToNull,
      z.coerce
        .number('rottingDays')
        .int('rottingDays')
        .min(1, 'rottingDays')
        .max(3650, 'rottingDays')
        .nullable()
        .optional(),
    )
    .transform((v) => v ?? null),
};

export const CreateStageSchema = z.object(stageFields);
export type CreateStageInput = z.infer<typeof CreateStageSchema>;

export const UpdateStageSchema = z.object({ id: z.uuid(), version: versionField, ...stageFields, active: checkbox });
export type UpdateStageInput = z.infer<typeof UpdateStageSchema>;

export const MoveStageSchema = z.object({ id: z.uuid(), direction: z.enum(['up', 'down']) });
export type MoveStageInput = z.infer<typeof MoveStageSchema>;

export const RemoveStageSchema = z.object({
  id: z.uuid(),
  version: versionField,
  /** The active stage of the same kind that receives the removed stage's deals. */
  targetId: z.uuid('stageTarget'),
});
export type RemoveStageInput = z.infer<typeof RemoveStageSchema>;
