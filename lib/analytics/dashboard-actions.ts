'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction } from '@/lib/define-action';
import { createFollowUpTasks, type FollowUpOutcome } from './follow-ups';
import { type AnalyticsStatus, getAnalyticsStatus } from './runs';
import { FollowUpSchema } from './schemas';

/** "Create follow-up task for the owner" on the selected at-risk customers (churn-risk dashboard). */
export const createFollowUpTasksAction = defineAction<typeof FollowUpSchema, FollowUpOutcome>(
  { permission: 'activities:write', schema: FollowUpSchema },
  async (viewer, input) => {
    const result = await createFollowUpTasks(viewer, input.ids, { subject: input.subject, body: input.body });
    if (!result.ok) return result;
    revalidatePath('/analytics/churn-risk');
    const { ok: _ok, ...outcome } = result;
    return { ok: true, message: 'followUpsCreated', data: outcome };
  },
);

/** The refresh's progress for the "Refresh now" control, polled while a run is under way. */
export const analyticsStatusAction = defineAction<z.ZodObject, AnalyticsStatus | null>(
  { permission: 'analytics:read', schema: z.object({}) },
  async (viewer) => ({ ok: true, data: await getAnalyticsStatus(viewer) }),
);
