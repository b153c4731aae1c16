'use server';

import { revalidatePath } from 'next/cache';
import { defineFormAction, succeed } from '@/lib/define-action';
import { CreateUserSchema, ResetPasswordSchema, UpdateUserSchema } from './schemas';
import { createUser, resetUserPassword, updateUser } from './users';

export const createUserAction = defineFormAction(
  { permission: 'users:write', schema: CreateUserSchema },
  async (viewer, input) => {
    const result = await createUser(viewer, input);
    if (result.ok) revalidatePath('/admin/users');
    return succeed(result, 'userCreated');
  },
);

export const updateUserAction = defineFormAction(
  { permission: 'users:write', schema: UpdateUserSchema, checkboxes: ['active'] },
  async (viewer, input) => {
    const result = await updateUser(viewer, input);
    if (result.ok) revalidatePath('/admin/users');
    return succeed(result, 'saved');
  },
);

export const resetPasswordAction = defineFormAction(
  { permission: 'users:write', schema: ResetPasswordSchema },
  async (viewer, input) => {
    const result = await resetUserPassword(viewer, input);
    // The reset moves the user's row version: the page's edit form must get the new one, or its
    // next save (say, deactivating the user) is refused as someone else's change.
    if (result.ok) revalidatePath(`/admin/users/${input.id}`);
    return succeed(result, 'passwordReset');
  },
);
