'use server';
import { revalidatePath } from 'next/cache';
import { defineFormAction } from '@/lib/define-action';
import { SetQuotaSchema, setQuota } from './quotas';

/** Sets, changes or clears one rep's quota for one month (the forecast's quota cells). */
export const setQuotaAction = defineFormAction(
  { permission: 'quotas:write', schema: SetQuotaSchema },
  async (viewer, input) => {
    const result = await setQuota(viewer, input);
    if (!result.ok) return result;
    revalidatePath('/sales/forecast');
    return { ok: true, message: 'saved', data: { version: result.version } };
  },
);
