'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction, defineFormAction, succeed } from '@/lib/define-action';
import { createContact, deleteContact, updateContact } from './contacts';
import { ContactSchema, UpdateContactSchema } from './schemas';

export const createContactAction = defineFormAction(
  { permission: 'contacts:write', schema: ContactSchema, checkboxes: ['isPrimary', 'emailConsent'] },
  async (viewer, input) => {
    const result = await createContact(viewer, input);
    if (result.ok) revalidatePath(`/customers/${input.customerId}`);
    return succeed(result, 'contactCreated');
  },
);

export const updateContactAction = defineFormAction(
  { permission: 'contacts:write', schema: UpdateContactSchema, checkboxes: ['isPrimary', 'emailConsent'] },
  async (viewer, input) => {
    const result = await updateContact(viewer, input);
    if (result.ok) revalidatePath('/customers', 'layout');
    return succeed(result, 'saved');
  },
);

export const deleteContactAction = defineAction(
  { permission: 'contacts:write', schema: z.uuid() },
  async (viewer, id) => {
    const result = await deleteContact(viewer, id);
    if (!result.ok) return result;
    revalidatePath(`/customers/${result.customerId}`);
    return { ok: true, message: 'contactDeleted' };
  },
);
