'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { type ActionState, formValues } from '@/lib/action-state';
import { can } from '@/lib/auth/permissions';
import { requireViewer } from '@/lib/auth/viewer';
import {
  bulkAddTag,
  bulkAssignOwner,
  createCustomer,
  deleteCustomer,
  type MutationResult,
  restoreCustomer,
  updateCustomer,
} from './customers';
import { BulkAssignSchema, BulkTagSchema, CustomerSchema, UpdateCustomerSchema } from './schemas';

const REASONS: Record<Exclude<MutationResult, { ok: true }>['reason'], ActionState> = {
  forbidden: { ok: false, message: 'forbidden' },
  'not-found': { ok: false, message: 'notFound' },
  stale: { ok: false, message: 'stale' },
  owner: { ok: false, fieldErrors: { ownerId: ['owner'] } },
};

const outcome = (result: MutationResult, values: Record<string, string>, message: string): ActionState =>
  result.ok ? { ok: true, id: result.id, message } : { ...REASONS[result.reason], values };

/** FormData → object; `tags` may come as several fields. */
function formObject(form: FormData): Record<string, unknown> {
  return { ...Object.fromEntries(form), emailConsent: form.get('emailConsent') ?? 'false' };
}

export async function createCustomerAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const viewer = await requireViewer();
  const values = formValues(form);
  if (!can(viewer, 'customers:write')) return { ok: false, message: 'forbidden', values };
  const parsed = CustomerSchema.safeParse(formObject(form));
  if (!parsed.success) return { ok: false, fieldErrors: z.flattenError(parsed.error).fieldErrors, values };
  const result = await createCustomer(viewer, parsed.data);
  if (result.ok) revalidatePath('/customers');
  return outcome(result, values, 'customerCreated');
}

export async function updateCustomerAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const viewer = await requireViewer();
  const values = formValues(form);
  if (!can(viewer, 'customers:write')) return { ok: false, message: 'forbidden', values };
  const parsed = UpdateCustomerSchema.safeParse(formObject(form));
  if (!parsed.success) return { ok: false, fieldErrors: z.flattenError(parsed.error).fieldErrors, values };
  const result = await updateCustomer(viewer, parsed.data);
  if (result.ok) revalidatePath(`/customers/${parsed.data.id}`);
  return outcome(result, values, 'saved');
}

export async function deleteCustomerAction(id: string): Promise<ActionState> {
  const viewer = await requireViewer();
  const parsed = z.uuid().safeParse(id);
  if (!parsed.success) return { ok: false, message: 'notFound' };
  const result = await deleteCustomer(viewer, parsed.data);
  if (result.ok) revalidatePath('/customers');
  return outcome(result, {}, 'customerDeleted');
}

export async function restoreCustomerAction(id: string): Promise<ActionState> {
  const viewer = await requireViewer();
  const parsed = z.uuid().safeParse(id);
  if (!parsed.success) return { ok: false, message: 'notFound' };
  const result = await restoreCustomer(viewer, parsed.data);
  if (result.ok) revalidatePath('/customers');
  return outcome(result, {}, 'customerRestored');
}

export async function bulkAssignOwnerAction(input: unknown): Promise<ActionState> {
  const viewer = await requireViewer();
  if (!can(viewer, 'customers:reassign')) return { ok: false, message: 'forbidden' };
  const parsed = BulkAssignSchema.safeParse(input);
  if (!parsed.success)
    return { ok: false, fieldErrors: z.flattenError(parsed.error).fieldErrors, message: 'fixFields' };
  const result = await bulkAssignOwner(viewer, parsed.data.ids, parsed.data.ownerId);
  if (!result.ok) return { ok: false, message: result.reason === 'owner' ? 'ownerInactive' : 'forbidden' };
  revalidatePath('/customers');
  return { ok: true, message: 'bulkChanged', values: { count: String(result.changed) } };
}

export async function bulkAddTagAction(input: unknown): Promise<ActionState> {
  const viewer = await requireViewer();
  if (!can(viewer, 'customers:write')) return { ok: false, message: 'forbidden' };
  const parsed = BulkTagSchema.safeParse(input);
  if (!parsed.success)
    return { ok: false, fieldErrors: z.flattenError(parsed.error).fieldErrors, message: 'fixFields' };
  const result = await bulkAddTag(viewer, parsed.data.ids, parsed.data.tag);
  if (!result.ok) return { ok: false, message: 'forbidden' };
  revalidatePath('/customers');
  return { ok: true, message: 'bulkChanged', values: { count: String(result.changed) } };
}
