import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { auditLog, users } from '@/db/schema';
import { setupTestDatabase } from '@/lib/testing/db';
import { createTestUser } from '@/lib/testing/factories';
import { form, initial } from '@/lib/testing/forms';
import { signInAs } from '@/lib/testing/session-mock';
import { createUserAction, resetPasswordAction, updateUserAction } from './user-actions';
import { listUsers } from './users';

vi.mock('@/lib/auth/auth', async () => (await import('@/lib/testing/session-mock')).authMock);
vi.mock('next/cache', async () => (await import('@/lib/testing/next-mocks')).cacheMock);

setupTestDatabase();

describe('user administration', () => {
  beforeEach(() => signInAs(null));

  it('an admin creates a user; the change is audited and the password is stored hashed', async () => {
    const admin = await createTestUser('admin');
    signInAs(admin);
    const result = await createUserAction(
      initial,
      form({ name: 'Mei Chen', email: 'Mei.Chen@Example.com', role: 'sales_rep', password: 'a-long-password' }),
    );
    expect(result).toMatchObject({ ok: true });
    const [row] = await db.select().from(users).where(eq(users.email, 'mei.chen@example.com'));
    expect(row.role).toBe('sales_rep');
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    const [entry] = await db.select().from(auditLog).where(eq(auditLog.entityId, row.id));
    expect(entry).toMatchObject({ actorId: admin.userId, action: 'create', entity: 'user' });
    expect(JSON.stringify(entry.diff)).not.toContain('password');
  });

  it('rejects bad input with field errors and writes nothing', async () => {
    signInAs(await createTestUser('admin'));
    const before = (await db.select().from(users)).length;
    const result = await createUserAction(
      initial,
      form({ name: '', email: 'not-an-email', role: 'emperor', password: 'short' }),
    );
    expect(result.ok).toBe(false);
    expect(result.fieldErrors).toMatchObject({
      name: ['required'],
      email: ['email'],
      role: ['role'],
      password: ['passwordLength'],
    });
    expect(result.values).toMatchObject({ email: 'not-an-email' });
    expect(result.values).not.toHaveProperty('password');
    expect((await db.select().from(users)).length).toBe(before);
  });

  it('refuses trivial, common and personal passwords with a field error saying which; nothing is written', async () => {
    signInAs(await createTestUser('admin'));
    const base = { name: 'Wang Fang', email: 'wang.fang@example.com', role: 'sales_rep' };
    const cases = [
      [' '.repeat(12), 'passwordWeak'],
      ['a'.repeat(12), 'passwordWeak'],
      ['password1234', 'passwordCommon'],
      ['wangfang-2024!', 'passwordPersonal'],
      ['aaaaaaaaaa', 'passwordLength'],
    ] as const;
    for (const [password, key] of cases) {
      const result = await createUserAction(initial, form({ ...base, password }));
      expect(result, password).toMatchObject({ ok: false, fieldErrors: { password: [key] } });
      expect(result.values).toMatchObject({ name: 'Wang Fang', email: 'wang.fang@example.com' });
    }
    expect(await db.select().from(users).where(eq(users.email, 'wang.fang@example.com'))).toHaveLength(0);
  });

  it('a password reset follows the same policy, against the target user’s own name and email', async () => {
    signInAs(await createTestUser('admin'));
    const target = await createTestUser('marketer', { email: 'li.na@example.com', name: 'Li Na Zhao' });
    const [before] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, target.userId));
    for (const [password, key] of [
      ['zhao-velvet-harbor-58', 'passwordPersonal'],
      ['iloveyou2024', 'passwordCommon'],
      ['abcdefghijkl', 'passwordWeak'],
    ] as const) {
      const result = await resetPasswordAction(initial, form({ id: target.userId, password }));
      expect(result, password).toMatchObject({ ok: false, fieldErrors: { password: [key] } });
    }
    const [after] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, target.userId));
    expect(after.hash).toBe(before.hash);
  });

  it('refuses a second user with the same email (any case) as a field error', async () => {
    signInAs(await createTestUser('admin'));
    await createTestUser('marketer', { email: 'taken@example.com' });
    const result = await createUserAction(
      initial,
      form({ name: 'X', email: 'TAKEN@example.com', role: 'marketer', password: 'a-long-password' }),
    );
    expect(result.fieldErrors?.email).toEqual(['emailTaken']);
  });

  it('a sales rep calling the create action directly is refused and nothing is written', async () => {
    signInAs(await createTestUser('sales_rep'));
    const result = await createUserAction(
      initial,
      form({ name: 'Mallory', email: 'mallory@example.com', role: 'admin', password: 'a-long-password' }),
    );
    expect(result).toMatchObject({ ok: false, message: 'forbidden' });
    expect(await db.select().from(users).where(eq(users.email, 'mallory@example.com'))).toHaveLength(0);
  });

  it('a manager may read users but not change them (update and password reset refused)', async () => {
    const manager = await createTestUser('manager');
    const target = await createTestUser('sales_rep');
    signInAs(manager);
    expect((await listUsers(manager, {})).total).toBeGreaterThan(0);
    const update = await updateUserAction(
      initial,
      form({ id: target.userId, version: '1', name: 'Renamed', role: 'admin', active: 'on' }),
    );
    expect(update).toMatchObject({ ok: false, message: 'forbidden' });
    const reset = await resetPasswordAction(initial, form({ id: target.userId, password: 'new-password-123' }));
    expect(reset).toMatchObject({ ok: false, message: 'forbidden' });
    const [row] = await db.select().from(users).where(eq(users.id, target.userId));
    expect(row).toMatchObject({ name: target.name, role: 'sales_rep' });
  });

  it('a sales rep listing users gets nothing', async () => {
    const rep = await createTestUser('sales_rep');
    expect(await listUsers(rep, {})).toEqual({ rows: [], total: 0 });
  });

  it('a signed-out caller is redirected to /login before anything runs', async () => {
    signInAs(null);
    await expect(
      createUserAction(
        initial,
        form({ name: 'X', email: 'x@example.com', role: 'admin', password: 'a-long-password' }),
      ),
    ).rejects.toThrow(/NEXT_REDIRECT/);
  });

  it('a deactivated user is refused on their next request, even with a valid session', async () => {
    const admin = await createTestUser('admin');
    signInAs(admin);
    await db.update(users).set({ active: false }).where(eq(users.id, admin.userId));
    await expect(
      createUserAction(
        initial,
        form({ name: 'X', email: 'y@example.com', role: 'admin', password: 'a-long-password' }),
      ),
    ).rejects.toThrow(/NEXT_REDIRECT/);
    expect(await db.select().from(users).where(eq(users.email, 'y@example.com'))).toHaveLength(0);
  });
});

describe('the last active admin', () => {
  it('cannot be demoted or deactivated, but can be once another admin exists', async () => {
    // Deactivate every other admin created by earlier tests so this one is the last.
    await db.update(users).set({ active: false }).where(eq(users.role, 'admin'));
    const admin = await createTestUser('admin');
    signInAs(admin);
    const demote = await updateUserAction(
      initial,
      form({ id: admin.userId, version: '1', name: admin.name, role: 'manager', active: 'on' }),
    );
    expect(demote).toMatchObject({ ok: false, message: 'lastAdmin' });
    const deactivate = await updateUserAction(
      initial,
      form({ id: admin.userId, version: '1', name: admin.name, role: 'admin' }),
    );
    expect(deactivate).toMatchObject({ ok: false, message: 'lastAdmin' });
    expect((await db.select().from(users).where(eq(users.id, admin.userId)))[0]).toMatchObject({
      role: 'admin',
      active: true,
      version: 1,
    });

    await createTestUser('admin');
    const ok = await updateUserAction(
      initial,
      form({ id: admin.userId, version: '1', name: admin.name, role: 'manager', active: 'on' }),
    );
    expect(ok.ok).toBe(true);
  });

  it('two admins demoting each other at the same time leave one admin', async () => {
    await db.update(users).set({ active: false }).where(eq(users.role, 'admin'));
    const a = await createTestUser('admin');
    const b = await createTestUser('admin');
    const { updateUser } = await import('./users');
    const results = await Promise.all([
      updateUser(a, { id: b.userId, version: 1, name: b.name, role: 'manager', active: true }),
      updateUser(b, { id: a.userId, version: 1, name: a.name, role: 'manager', active: true }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'lastAdmin' }]);
  });
});

describe('concurrent edits', () => {
  it('the second saver of the same version is told the record changed; the first save stands', async () => {
    const admin = await createTestUser('admin');
    const target = await createTestUser('service_agent');
    signInAs(admin);
    const first = await updateUserAction(
      initial,
      form({ id: target.userId, version: '1', name: 'First', role: 'service_agent', active: 'on' }),
    );
    const second = await updateUserAction(
      initial,
      form({ id: target.userId, version: '1', name: 'Second', role: 'marketer', active: 'on' }),
    );
    expect(first.ok).toBe(true);
    expect(second).toMatchObject({ ok: false, message: 'stale', values: { name: 'Second' } });
    expect((await db.select().from(users).where(eq(users.id, target.userId)))[0]).toMatchObject({
      name: 'First',
      role: 'service_agent',
      version: 2,
    });
  });
});
