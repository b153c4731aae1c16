'use server';

import { revalidatePath } from 'next/cache';
import { defineAction, defineFormAction, succeed } from '@/lib/define-action';
import { logActivity, setTaskDone } from './activities';
import { ActivitySchema, CompleteTaskSchema } from './schemas';

export const logActivityAction = defineFormAction(
  { permission: 'activities:write', schema: ActivitySchema },
  async (viewer, input) => {
    const result = await logActivity(viewer, input);
    if (!result.ok) return result;
    revalidatePath(`/customers/${input.customerId}`);
    revalidatePath('/');
    return succeed(result, input.type === 'task' ? 'taskCreated' : 'activityLogged');
  },
);

export const setTaskDoneAction = defineAction(
  { permission: 'activities:write', schema: CompleteTaskSchema },
  async (viewer, input) => {
    const result = await setTaskDone(viewer, input.id, input.done);
    if (!result.ok) return result;
    if (result.customerId) revalidatePath(`/customers/${result.customerId}`);
    revalidatePath('/');
    return { ok: true, message: input.done ? 'taskDone' : 'taskReopened' };
  },
);
