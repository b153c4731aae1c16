'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction, defineFormAction, succeed } from '@/lib/define-action';
import {
  bulkAddTag,
  bulkAssignOwner,
  createCustomer,
  deleteCustomer,
  restoreCustomer,
  updateCustomer,
} from './customers';
import { BulkAssignSchema, BulkTagSchema, CustomerSchema, UpdateCustomerSchema } from './schemas';

export const createCustomerAction = defineFormAction(
  { permission: 'customers:write', schema: CustomerSchema, checkboxes: ['emailConsent'] },
  async (viewer, input) => {
    const result = await createCustomer(viewer, input);
    if (result.ok) revalidatePath('/customers');
    return succeed(result, 'customerCreated');
  },
);

export const updateCustomerAction = defineFormAction(
  { permission: 'customers:write', schema: UpdateCustomerSchema, checkboxes: ['emailConsent'] },
  async (viewer, input) => {
    const result = await updateCustomer(viewer, input);
    if (result.ok) revalidatePath(`/customers/${input.id}`);
    return succeed(result, 'saved');
  },
);

export const deleteCustomerAction = defineAction(
  { permission: 'customers:write', schema: z.uuid() },
  async (viewer, id) => {
    const result = await deleteCustomer(viewer, id);
    if (result.ok) revalidatePath('/customers');
    return succeed(result, 'customerDeleted');
  },
);

export const restoreCustomerAction = defineAction(
  { permission: 'customers:write', schema: z.uuid() },
  async (viewer, id) => {
    const result = await restoreCustomer(viewer, id);
    if (result.ok) revalidatePath('/customers');
    return succeed(result, 'customerRestored');
  },
);

export const bulkAssignOwnerAction = defineAction(
  { permission: 'customers:reassign', schema: BulkAssignSchema },
  async (viewer, input) => {
    const result = await bulkAssignOwner(viewer, input.ids, input.ownerId);
    if (!result.ok) return result;
    revalidatePath('/customers');
    return { ok: true, message: 'bulkChanged', data: { count: result.changed } };
  },
);

export const bulkAddTagAction = defineAction(
  { permission: 'customers:write', schema: BulkTagSchema },
  async (viewer, input) => {
    const result = await bulkAddTag(viewer, input.ids, input.tag);
    if (!result.ok) return result;
    revalidatePath('/customers');
    return { ok: true, message: 'bulkChanged', data: { count: result.changed } };
  },
);
