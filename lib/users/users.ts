import 'server-only';
import { and, asc, count, eq, ilike, ne, or, type SQL, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { users } from '@/db/schema';
import type { Role } from '@/db/schema/enums';
import type { Result } from '@/lib/action-state';
import { audit, changedFields } from '@/lib/audit/audit';
import { hashPassword } from '@/lib/auth/password';
import { type PasswordProblem, passwordProblem } from '@/lib/auth/password-policy';
import { can, type Viewer } from '@/lib/auth/permissions';
import { revokeUserSessions } from '@/lib/auth/sessions';
import type { CreateUserInput, ResetPasswordInput, UpdateUserInput } from './schemas';

export type UserRow = {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  lastLoginAt: Date | null;
  createdAt: Date;
  version: number;
};

const userColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  active: users.active,
  lastLoginAt: users.lastLoginAt,
  createdAt: users.createdAt,
  version: users.version,
};

export type UserFilter = { q?: string; role?: Role; active?: boolean; page?: number; pageSize?: number };

export async function listUsers(viewer: Viewer, filter: UserFilter = {}): Promise<{ rows: UserRow[]; total: number }> {
  if (!can(viewer, 'users:read')) return { rows: [], total: 0 };
  const pageSize = filter.pageSize ?? 50;
  const page = Math.max(1, filter.page ?? 1);
  const conditions: SQL[] = [];
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, '\\$&')}%`;
    conditions.push(or(ilike(users.name, like), ilike(users.email, like)) as SQL);
  }
  if (filter.role) conditions.push(eq(users.role, filter.role));
  if (filter.active !== undefined) conditions.push(eq(users.active, filter.active));
  const where = conditions.length ? and(...conditions) : undefined;
  const [rows, [{ total }]] = await Promise.all([
    db
      .select(userColumns)
      .from(users)
      .where(where)
      .orderBy(asc(users.name), asc(users.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ total: count() }).from(users).where(where),
  ]);
  return { rows, total };
}

export async function getUser(viewer: Viewer, id: string): Promise<UserRow | null> {
  if (!can(viewer, 'users:read')) return null;
  const [row] = await db.select(userColumns).from(users).where(eq(users.id, id)).limit(1);
  return row ?? null;
}

/** Active users for owner pickers (every signed-in role may see names of colleagues). */
export async function listAssignableUsers(roles?: Role[]): Promise<{ id: string; name: string; role: Role }[]> {
  const rows = await db
    .select({ id: users.id, name: users.name, role: users.role })
    .from(users)
    .where(eq(users.active, true))
    .orderBy(asc(users.name));
  return roles ? rows.filter((r) => roles.includes(r.role)) : rows;
}

export type MutationResult = Result<
  { id: string },
  'forbidden' | 'notFound' | 'stale' | 'emailTaken' | 'lastAdmin' | PasswordProblem
>;

export async function createUser(viewer: Viewer, input: CreateUserInput): Promise<MutationResult> {
  if (!can(viewer, 'users:write')) return { ok: false, reason: 'forbidden' };
  const problem = await passwordProblem(input.password, input);
  if (problem) return { ok: false, reason: problem };
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.email)).limit(1);
    if (existing) return { ok: false, reason: 'emailTaken' } as const;
    const [created] = await tx
      .insert(users)
      .values({ email: input.email, name: input.name, role: input.role, passwordHash })
      .onConflictDoNothing()
      .returning({ id: users.id });
    if (!created) return { ok: false, reason: 'emailTaken' } as const;
    await audit(tx, viewer, {
      action: 'create',
      entity: 'user',
      entityId: created.id,
      diff: { email: input.email, name: input.name, role: input.role },
    });
    return { ok: true, id: created.id } as const;
  });
}

export async function updateUser(viewer: Viewer, input: UpdateUserInput): Promise<MutationResult> {
  if (!can(viewer, 'users:write')) return { ok: false, reason: 'forbidden' };
  return db.transaction(async (tx) => {
    // Lock every active admin row first: two admins demoting each other at once are serialised here,
    // so the "at least one active admin" rule cannot be raced.
    const admins = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.role, 'admin'), eq(users.active, true)))
      .for('update');
    const [before] = await tx.select(userColumns).from(users).where(eq(users.id, input.id)).for('update');
    if (!before) return { ok: false, reason: 'notFound' } as const;
    if (before.version !== input.version) return { ok: false, reason: 'stale' } as const;
    const losesAdmin = before.role === 'admin' && before.active && (input.role !== 'admin' || !input.active);
    if (losesAdmin && admins.filter((a) => a.id !== input.id).length === 0)
      return { ok: false, reason: 'lastAdmin' } as const;

    const next = { name: input.name, role: input.role, active: input.active };
    const diff = changedFields(before, next);
    if (Object.keys(diff).length === 0) return { ok: true, id: input.id } as const; // nothing changed
    await tx
      .update(users)
      .set({ ...next, updatedAt: sql`now()`, version: sql`${users.version} + 1` })
      .where(and(eq(users.id, input.id), eq(users.version, input.version)));
    // Deactivation ends the user's sessions for good: reactivating later does not revive them.
    if (before.active && !input.active) await revokeUserSessions(tx, input.id);
    await audit(tx, viewer, { action: 'update', entity: 'user', entityId: input.id, diff });
    return { ok: true, id: input.id } as const;
  });
}

export async function resetUserPassword(viewer: Viewer, input: ResetPasswordInput): Promise<MutationResult> {
  if (!can(viewer, 'users:write')) return { ok: false, reason: 'forbidden' };
  const [target] = await db
    .select({ email: users.email, name: users.name })
    .from(users)
    .where(eq(users.id, input.id))
    .limit(1);
  if (!target) return { ok: false, reason: 'notFound' };
  const problem = await passwordProblem(input.password, target);
  if (problem) return { ok: false, reason: problem };
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(users)
      .set({ passwordHash, updatedAt: sql`now()`, version: sql`${users.version} + 1` })
      .where(eq(users.id, input.id))
      .returning({ id: users.id });
    if (!updated) return { ok: false, reason: 'notFound' } as const;
    // A new password ends every session signed in with the old one.
    await revokeUserSessions(tx, input.id);
    await audit(tx, viewer, { action: 'reset_password', entity: 'user', entityId: input.id });
    return { ok: true, id: input.id } as const;
  });
}

/** Count of active admins other than `exceptId` (for UI hints; the rule itself is enforced in updateUser). */
export async function countOtherActiveAdmins(exceptId: string): Promise<number> {
  const [{ n }] = await db
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.role, 'admin'), eq(users.active, true), ne(users.id, exceptId)));
  return n;
}

export async function setUserLocale(viewer: Viewer, locale: string): Promise<void> {
  await db.update(users).set({ locale }).where(eq(users.id, viewer.userId));
}
