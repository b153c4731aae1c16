'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { type ActionState, formValues } from '@/lib/action-state';
import { can } from '@/lib/auth/permissions';
import { requireViewer } from '@/lib/auth/viewer';
import { CreateUserSchema, ResetPasswordSchema, UpdateUserSchema } from './schemas';
import { createUser, type MutationResult, resetUserPassword, updateUser } from './users';

const REASONS: Record<Exclude<MutationResult, { ok: true }>['reason'], ActionState> = {
  forbidden: { ok: false, message: 'forbidden' },
  'not-found': { ok: false, message: 'notFound' },
  stale: { ok: false, message: 'stale' },
  'email-taken': { ok: false, fieldErrors: { email: ['emailTaken'] } },
  'last-admin': { ok: false, message: 'lastAdmin' },
  'password-personal': { ok: false, fieldErrors: { password: ['passwordPersonal'] } },
  'password-common': { ok: false, fieldErrors: { password: ['passwordCommon'] } },
  'password-weak': { ok: false, fieldErrors: { password: ['passwordWeak'] } },
};

function outcome(result: MutationResult, values: Record<string, string>, okMessage: string): ActionState {
  if (result.ok) return { ok: true, id: result.id, message: okMessage };
  return { ...REASONS[result.reason], values };
}

export async function createUserAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const viewer = await requireViewer();
  const values = formValues(form);
  if (!can(viewer, 'users:write')) return { ok: false, message: 'forbidden' };
  const parsed = CreateUserSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { ok: false, fieldErrors: z.flattenError(parsed.error).fieldErrors, values };
  const result = await createUser(viewer, parsed.data);
  if (result.ok) revalidatePath('/admin/users');
  return outcome(result, values, 'userCreated');
}

export async function updateUserAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const viewer = await requireViewer();
  const values = formValues(form);
  if (!can(viewer, 'users:write')) return { ok: false, message: 'forbidden' };
  const parsed = UpdateUserSchema.safeParse({ ...Object.fromEntries(form), active: form.get('active') ?? 'false' });
  if (!parsed.success) return { ok: false, fieldErrors: z.flattenError(parsed.error).fieldErrors, values };
  const result = await updateUser(viewer, parsed.data);
  if (result.ok) revalidatePath('/admin/users');
  return outcome(result, values, 'saved');
}

export async function resetPasswordAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const viewer = await requireViewer();
  if (!can(viewer, 'users:write')) return { ok: false, message: 'forbidden' };
  const parsed = ResetPasswordSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { ok: false, fieldErrors: z.flattenError(parsed.error).fieldErrors };
  const result = await resetUserPassword(viewer, parsed.data);
  return outcome(result, {}, 'passwordReset');
}
