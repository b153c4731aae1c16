'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { type ActionState, formValues } from '@/lib/action-state';
import { can } from '@/lib/auth/permissions';
import { requireViewer } from '@/lib/auth/viewer';
import { logActivity, setTaskDone } from './activities';
import { ActivitySchema, CompleteTaskSchema } from './schemas';

export async function logActivityAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const viewer = await requireViewer();
  const values = formValues(form);
  if (!can(viewer, 'activities:write')) return { ok: false, message: 'forbidden', values };
  const parsed = ActivitySchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { ok: false, fieldErrors: z.flattenError(parsed.error).fieldErrors, values };
  const result = await logActivity(viewer, parsed.data);
  if (!result.ok) {
    if (result.reason === 'owner') return { ok: false, fieldErrors: { ownerId: ['owner'] }, values };
    if (result.reason === 'contact') return { ok: false, fieldErrors: { contactId: ['contact'] }, values };
    return { ok: false, message: result.reason === 'not-found' ? 'notFound' : 'forbidden', values };
  }
  revalidatePath(`/customers/${parsed.data.customerId}`);
  revalidatePath('/');
  return { ok: true, id: result.id, message: parsed.data.type === 'task' ? 'taskCreated' : 'activityLogged' };
}

export async function setTaskDoneAction(input: unknown): Promise<ActionState> {
  const viewer = await requireViewer();
  if (!can(viewer, 'activities:write')) return { ok: false, message: 'forbidden' };
  const parsed = CompleteTaskSchema.safeParse(input);
  if (!parsed.success) return { ok: false, message: 'notFound' };
  const result = await setTaskDone(viewer, parsed.data.id, parsed.data.done);
  if (!result.ok) return { ok: false, message: result.reason === 'not-found' ? 'notFound' : 'forbidden' };
  if (result.customerId) revalidatePath(`/customers/${result.customerId}`);
  revalidatePath('/');
  return { ok: true, message: parsed.data.done ? 'taskDone' : 'taskReopened' };
}
