'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction, succeed } from '@/lib/define-action';
import { requestDuplicateScan } from './scan';

/** "Scan now" (admins): queues a duplicate scan; the page then says it is running until it is done. */
export const scanDuplicatesAction = defineAction(
  { permission: 'customers:scanDuplicates', schema: z.object({}).strict() },
  async (viewer) => {
    const result = await requestDuplicateScan(viewer);
    if (result.ok) revalidatePath('/customers/duplicates');
    return succeed(result, result.ok && !result.queued ? 'duplicateScanWaiting' : 'duplicateScanQueued');
  },
);
