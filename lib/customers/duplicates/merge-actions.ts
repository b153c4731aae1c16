'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import type { ActionState } from '@/lib/action-state';
import { can } from '@/lib/auth/permissions';
import { requireViewer } from '@/lib/auth/viewer';
import { mergeCustomers } from './merge';
import { MergeSchema, mergeFormObject } from './schemas';

/**
 * Merges two customers (admins and managers). Failures come back as keys of the
 * "customerMerge.messages" namespace. Success redirects to the survivor's page: redirecting from the
 * action (rather than navigating from the form) keeps Next from re-rendering the merge page, whose
 * loser no longer exists.
 */
export async function mergeCustomersAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const viewer = await requireViewer();
  if (!can(viewer, 'customers:merge')) return { ok: false, message: 'forbidden' };
  const parsed = MergeSchema.safeParse(mergeFormObject(form));
  if (!parsed.success) {
    const fieldErrors = z.flattenError(parsed.error).fieldErrors;
    return { ok: false, message: fieldErrors.b?.includes('same') ? 'same' : 'invalid', fieldErrors };
  }
  const result = await mergeCustomers(viewer, parsed.data);
  if (!result.ok) return { ok: false, message: result.reason === 'not-found' ? 'notFound' : result.reason };
  revalidatePath('/customers');
  revalidatePath('/customers/duplicates');
  revalidatePath(`/customers/${result.survivorId}`);
  redirect(`/customers/${result.survivorId}`);
}
