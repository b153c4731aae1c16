import { z } from 'zod';
import { ROLES } from '@/db/schema/enums';
import { versionField } from '@/lib/validation';

// Validation messages are catalog keys (namespace "validation"); forms translate them.

// Length here; the rest of the password policy (lib/auth/password-policy.ts) needs dictionaries
// that stay on the server, so createUser and resetUserPassword apply it.
const password = z.string().min(12, 'passwordLength').max(200, 'passwordLength');
const name = z.string().trim().min(1, 'required').max(120, 'tooLong');

export const CreateUserSchema = z.object({
  name,
  email: z
    .email('email')
    .max(254, 'tooLong')
    .transform((e) => e.toLowerCase()),
  role: z.enum(ROLES, 'role'),
  password,
});
export type CreateUserInput = z.infer<typeof CreateUserSchema>;

export const UpdateUserSchema = z.object({
  id: z.uuid(),
  version: versionField,
  name,
  role: z.enum(ROLES, 'role'),
  active: z.preprocess((v) => v === true || v === 'true' || v === 'on', z.boolean()),
});
export type UpdateUserInput = z.infer<typeof UpdateUserSchema>;

export const ResetPasswordSchema = z.object({ id: z.uuid(), password });
export type ResetPasswordInput = z.infer<typeof ResetPasswordSchema>;
