import { z } from 'zod';
import { BoardFilterSchema, CardCursorSchema } from './board-filters';

/** A board move: the deal, the version the user saw, where it goes, and why when it closes. */
export const MoveDealSchema = z.object({
  dealId: z.uuid(),
  version: z.int().min(1).max(2_147_483_647),
  toStageId: z.uuid(),
  /** The card it lands after in the target column; null: at the top. */
  afterId: z.uuid().nullable(),
  reason: z.string().trim().max(200, 'tooLong').optional(),
});
export type MoveDealInput = z.infer<typeof MoveDealSchema>;

/** "Show more" in a column. */
export const ColumnPageSchema = z.object({
  stageId: z.uuid(),
  filter: BoardFilterSchema,
  after: CardCursorSchema,
});
