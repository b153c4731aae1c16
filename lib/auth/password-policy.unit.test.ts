import { describe, expect, it } from 'vitest';
import { CreateUserSchema, ResetPasswordSchema } from '@/lib/users/schemas';
import { passwordProblem, personalWords } from './password-policy';

const mei = { email: 'mei.chen@example.com', name: 'Mei Chen' };

describe('password policy', () => {
  it('accepts long random-looking passwords and passphrases of unrelated words', async () => {
    for (const password of ['velvet-harbor-quartz-58', 'Kx9#mP2$vL5q', 'plum orbit canvas 71', 'a-long-password-1'])
      expect(await passwordProblem(password, mei), password).toBeNull();
  });

  it('refuses trivial passwords: one character repeated (spaces too), sequences, keyboard walks', async () => {
    for (const password of [' '.repeat(12), 'a'.repeat(12), 'abcdefghijkl', "asdfghjkl;'\\", 'abcabcabcabc'])
      expect(await passwordProblem(password, mei), JSON.stringify(password)).toBe('passwordWeak');
  });

  it('refuses common passwords and small variations of them', async () => {
    for (const password of [
      '123456789012',
      'password1234',
      'qwertyuiop12',
      'qazwsxedcrfv',
      'iloveyou2024',
      'Password1234',
    ])
      expect(await passwordProblem(password, mei), password).toBe('passwordCommon');
  });

  it('refuses a password that contains the user’s email, its parts or their name, in any case', async () => {
    for (const password of ['mei.chen@example.com', 'MEI.CHEN-velvet-58', 'velvet-harbor-Chen-58', 'meichen-quartz-71'])
      expect(await passwordProblem(password, mei), password).toBe('passwordPersonal');
    // The same password is fine for someone else.
    expect(await passwordProblem('velvet-harbor-Chen-58', { email: 'bo@example.com', name: 'Bo Li' })).toBeNull();
  });

  it('splits email and name into the pieces it looks for', () => {
    expect(personalWords({ email: 'Mei.Chen+crm@Example.com', name: ' Mei  Chen ' })).toEqual([
      'mei.chen+crm@example.com',
      'mei.chen+crm',
      'meichen',
      'mei',
      'chen',
      'crm',
    ]);
  });

  it('the form schemas want 12 to 200 characters (so ten spaces or "aaaaaaaaaa" never reach the estimate)', () => {
    const base = { name: 'Mei Chen', email: 'mei.chen@example.com', role: 'sales_rep' };
    expect(CreateUserSchema.safeParse({ ...base, password: 'x'.repeat(11) }).success).toBe(false);
    expect(CreateUserSchema.safeParse({ ...base, password: 'x'.repeat(12) }).success).toBe(true);
    expect(CreateUserSchema.safeParse({ ...base, password: 'x'.repeat(201) }).success).toBe(false);
    const id = '00000000-0000-4000-8000-000000000000';
    expect(ResetPasswordSchema.safeParse({ id, password: ' '.repeat(10) }).success).toBe(false);
  });
});
