'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { defineFormAction } from '@/lib/define-action';
import { mergeCustomers } from './merge';
import { MergeSchema, mergeFormObject } from './schemas';

/**
 * Merges two customers (admins and managers). Success redirects to the survivor's page: redirecting
 * from the action (rather than navigating from the form) keeps Next from re-rendering the merge page,
 * whose loser no longer exists.
 */
export const mergeCustomersAction = defineFormAction(
  { permission: 'customers:merge', schema: MergeSchema, toObject: mergeFormObject },
  async (viewer, input) => {
    const result = await mergeCustomers(viewer, input);
    if (!result.ok) return result;
    revalidatePath('/customers');
    revalidatePath('/customers/duplicates');
    revalidatePath(`/customers/${result.survivorId}`);
    // The survivor's page says so ("Customers merged."): the only sign of success otherwise is a new URL.
    redirect(`/customers/${result.survivorId}?merged=1`);
  },
);
