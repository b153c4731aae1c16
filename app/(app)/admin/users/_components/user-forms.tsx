'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { FormMessage } from '@/components/forms/form-message';
import { useFormFeedback } from '@/components/forms/use-form-feedback';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { Input, Select } from '@/components/ui/input';
import type { Role } from '@/db/schema/enums';
import { initialActionState } from '@/lib/action-state';
import { createUserAction, resetPasswordAction, updateUserAction } from '@/lib/users/user-actions';

type RoleOption = { value: Role; label: string };

export function CreateUserForm({ roles }: { roles: RoleOption[] }) {
  const t = useTranslations('users');
  const [state, action, pending] = useActionState(createUserAction, initialActionState);
  const form = useFormFeedback(state, { redirect: (s) => (s.id ? `/admin/users/${s.id}` : null) });
  const v = state.values ?? {};
  return (
    <form ref={form} action={action} className="max-w-lg space-y-4" noValidate>
      <FormMessage state={state} />
      <FormField label={t('name')} errors={state.fieldErrors?.name}>
        <Input name="name" defaultValue={v.name} required maxLength={120} autoComplete="off" />
      </FormField>
      <FormField label={t('email')} errors={state.fieldErrors?.email}>
        <Input name="email" type="email" defaultValue={v.email} required autoComplete="off" />
      </FormField>
      <FormField label={t('role')} errors={state.fieldErrors?.role}>
        <Select name="role" defaultValue={v.role ?? 'sales_rep'}>
          {roles.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </Select>
      </FormField>
      <FormField label={t('initialPassword')} errors={state.fieldErrors?.password} hint={t('passwordHint')}>
        <Input name="password" type="password" required autoComplete="new-password" />
      </FormField>
      <Button type="submit" disabled={pending}>
        {t('create')}
      </Button>
    </form>
  );
}

export type EditableUser = { id: string; name: string; email: string; role: Role; active: boolean; version: number };

export function EditUserForm({ user, roles }: { user: EditableUser; roles: RoleOption[] }) {
  const t = useTranslations('users');
  const [state, action, pending] = useActionState(updateUserAction, initialActionState);
  const form = useFormFeedback(state);
  const v = state.values ?? {};
  // An unticked box is absent from the echoed values: after a refusal, absent means unticked.
  const active = state.values ? v.active === 'on' : user.active;
  return (
    <form ref={form} action={action} className="max-w-lg space-y-4" noValidate key={user.version}>
      <input type="hidden" name="id" value={user.id} />
      <input type="hidden" name="version" value={user.version} />
      <FormMessage state={state} />
      <FormField label={t('name')} errors={state.fieldErrors?.name}>
        <Input name="name" defaultValue={v.name ?? user.name} required maxLength={120} />
      </FormField>
      <FormField label={t('role')} errors={state.fieldErrors?.role}>
        <Select name="role" defaultValue={v.role ?? user.role}>
          {roles.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </Select>
      </FormField>
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input type="checkbox" name="active" defaultChecked={active} className="h-4 w-4 rounded border-slate-300" />
        {t('activeLabel')}
      </label>
      <Button type="submit" disabled={pending}>
        {t('save')}
      </Button>
    </form>
  );
}

export function ResetPasswordForm({ userId }: { userId: string }) {
  const t = useTranslations('users');
  const [state, action, pending] = useActionState(resetPasswordAction, initialActionState);
  const form = useFormFeedback(state);
  return (
    <form ref={form} action={action} className="max-w-lg space-y-4" noValidate>
      <input type="hidden" name="id" value={userId} />
      <FormMessage state={state} />
      <FormField label={t('newPassword')} errors={state.fieldErrors?.password} hint={t('passwordHint')}>
        <Input name="password" type="password" required autoComplete="new-password" />
      </FormField>
      <Button type="submit" variant="secondary" disabled={pending}>
        {t('resetPassword')}
      </Button>
    </form>
  );
}
