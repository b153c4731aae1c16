'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { type ActionState, formValues } from '@/lib/action-state';
import { can } from '@/lib/auth/permissions';
import { requireViewer } from '@/lib/auth/viewer';
import { SettingsSchema } from './schemas';
import { updateSettings } from './settings';

export async function updateSettingsAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const viewer = await requireViewer();
  const values = formValues(form);
  if (!can(viewer, 'settings:write')) return { ok: false, message: 'forbidden', values };
  const parsed = SettingsSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { ok: false, fieldErrors: z.flattenError(parsed.error).fieldErrors, values };
  const result = await updateSettings(viewer, parsed.data);
  if (result !== 'ok') return { ok: false, message: result, values };
  revalidatePath('/', 'layout');
  return { ok: true, message: 'saved' };
}
