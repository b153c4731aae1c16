'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { type ActionState, formValues } from '@/lib/action-state';
import { can } from '@/lib/auth/permissions';
import { requireViewer } from '@/lib/auth/viewer';
import { type ContactResult, createContact, deleteContact, updateContact } from './contacts';
import { ContactSchema, UpdateContactSchema } from './schemas';

const failure = (result: Exclude<ContactResult, { ok: true }>, values: Record<string, string>): ActionState => ({
  ok: false,
  message: result.reason === 'not-found' ? 'notFound' : result.reason,
  values,
});

const withPrimary = (form: FormData) => ({ ...Object.fromEntries(form), isPrimary: form.get('isPrimary') ?? 'false' });

export async function createContactAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const viewer = await requireViewer();
  const values = formValues(form);
  if (!can(viewer, 'contacts:write')) return { ok: false, message: 'forbidden', values };
  const parsed = ContactSchema.safeParse(withPrimary(form));
  if (!parsed.success) return { ok: false, fieldErrors: z.flattenError(parsed.error).fieldErrors, values };
  const result = await createContact(viewer, parsed.data);
  if (!result.ok) return failure(result, values);
  revalidatePath(`/customers/${parsed.data.customerId}`);
  return { ok: true, id: result.id, message: 'contactCreated' };
}

export async function updateContactAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const viewer = await requireViewer();
  const values = formValues(form);
  if (!can(viewer, 'contacts:write')) return { ok: false, message: 'forbidden', values };
  const parsed = UpdateContactSchema.safeParse(withPrimary(form));
  if (!parsed.success) return { ok: false, fieldErrors: z.flattenError(parsed.error).fieldErrors, values };
  const result = await updateContact(viewer, parsed.data);
  if (!result.ok) return failure(result, values);
  revalidatePath('/customers', 'layout');
  return { ok: true, id: result.id, message: 'saved' };
}

export async function deleteContactAction(id: string): Promise<ActionState> {
  const viewer = await requireViewer();
  const parsed = z.uuid().safeParse(id);
  if (!parsed.success) return { ok: false, message: 'notFound' };
  const result = await deleteContact(viewer, parsed.data);
  if (!result.ok) return failure(result, {});
  revalidatePath(`/customers/${result.customerId}`);
  return { ok: true, message: 'contactDeleted' };
}
