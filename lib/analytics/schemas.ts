import { z } from 'zod';
import { FORMULA, IdsSchema } from '@/lib/customers/schemas';

const noFormula = (s: string) => !FORMULA.test(s);

/** The churn-risk dashboard's bulk follow-up: the selected customers and the task's wording (editable). */
export const FollowUpSchema = z.object({
  ids: IdsSchema,
  subject: z.string().trim().min(1, 'required').max(200, 'tooLong').refine(noFormula, 'formula'),
  body: z.string().trim().max(5000, 'tooLong').refine(noFormula, 'formula').default(''),
});
export type FollowUpInput = z.infer<typeof FollowUpSchema>;
