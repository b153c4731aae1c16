'use server';

import { revalidatePath } from 'next/cache';
import { defineFormAction } from '@/lib/define-action';
import { SettingsSchema } from './schemas';
import { updateSettings } from './settings';

export const updateSettingsAction = defineFormAction(
  { permission: 'settings:write', schema: SettingsSchema },
  async (viewer, input) => {
    const result = await updateSettings(viewer, input);
    if (!result.ok) return result;
    revalidatePath('/', 'layout');
    return { ok: true, message: 'saved' };
  },
);
