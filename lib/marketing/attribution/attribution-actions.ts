'use server';
import { revalidatePath } from 'next/cache';
import { defineAction, succeed } from '@/lib/define-action';
import { RecalculateSchema, recalculateAttribution } from './recalculate';

export const recalculateAttributionAction = defineAction(
  { permission: 'marketing:write', schema: RecalculateSchema },
  async (viewer, input) => {
    const result = await recalculateAttribution(viewer, input);
    if (result.ok) revalidatePath('/marketing');
    return succeed(result, 'attributionQueued');
  },
);
