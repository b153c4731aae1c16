'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction } from '@/lib/define-action';
import { requestAnalyticsRefresh } from './refresh-request';

/**
 * "Refresh now" (managers and admins): queues a refresh and returns at once; progress shows on the
 * run row (getAnalyticsStatus). Refused while a refresh is running.
 */
export const refreshAnalyticsAction = defineAction(
  { permission: 'analytics:refresh', schema: z.object({}) },
  async (viewer) => {
    const result = await requestAnalyticsRefresh(viewer);
    if (!result.ok) return result;
    revalidatePath('/', 'layout');
    return { ok: true, message: 'analyticsRefreshQueued' };
  },
);
