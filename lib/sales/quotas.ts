import 'server-only';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { salesQuotas, users } from '@/db/schema';
import type { Result } from '@/lib/action-state';
import { audit } from '@/lib/audit/audit';
import { can, type Viewer } from '@/lib/auth/permissions';

// A rep's quota for a month: set, changed or cleared by a manager or admin from the forecast, with
// the version they read (two managers editing the same quota: the second is told it changed).

/** People who may have a quota: those who own deals. */
const QUOTA_ROLES = ['sales_rep', 'manager', 'admin'] as const;

export const SetQuotaSchema = z.object({
  userId: z.uuid(),
  month: z.string().regex(/^(19\d{2}|2[01]\d{2})-(0[1-9]|1[0-2])$/),
  /** Empty: no quota for the month. */
  amount: z
    .string()
    .trim()
    .regex(/^(\d{1,12}(\.\d{1,2})?)?$/, 'amount'),
  /** The quota's version as read; 0 when there was none. */
  version: z.coerce.number().int().min(0).max(2_147_483_647),
});
export type SetQuotaInput = z.infer<typeof SetQuotaSchema>;

export async function setQuota(
  viewer: Viewer,
  input: SetQuotaInput,
): Promise<Result<{ version: number | null }, 'forbidden' | 'notFound' | 'stale'>> {
  if (!can(viewer, 'quotas:write')) return { ok: false, reason: 'forbidden' };
  const month = `${input.month}-01`;
  return db.transaction(async (tx) => {
    const [person] = await tx
      .select({ id: users.id, active: users.active })
      .from(users)
      .where(and(eq(users.id, input.userId), inArray(users.role, [...QUOTA_ROLES])));
    // A deactivated person gets no new quota (their old one may still be cleared).
    if (!person || (!person.active && input.amount !== '')) return { ok: false, reason: 'notFound' } as const;
    const [current] = await tx
      .select({ id: salesQuotas.id, amount: salesQuotas.amount, version: salesQuotas.version })
      .from(salesQuotas)
      .where(and(eq(salesQuotas.userId, input.userId), eq(salesQuotas.month, month)))
      .for('update');
    if ((current?.version ?? 0) !== input.version) return { ok: false, reason: 'stale' } as const;
    const entityId = `${input.userId}:${input.month}`;
    if (input.amount === '') {
      if (!current) return { ok: true, version: null } as const;
      await tx.delete(salesQuotas).where(eq(salesQuotas.id, current.id));
      await audit(tx, viewer, {
        action: 'delete',
        entity: 'sales_quota',
        entityId,
        diff: { amount: [current.amount, null] },
      });
      return { ok: true, version: null } as const;
    }
    if (!current) {
      // A concurrent insert of the same (user, month) makes this one fail the unique index: stale.
      const [created] = await tx
        .insert(salesQuotas)
        .values({ userId: input.userId, month, amount: input.amount })
        .onConflictDoNothing()
        .returning({ version: salesQuotas.version });
      if (!created) return { ok: false, reason: 'stale' } as const;
      await audit(tx, viewer, {
        action: 'create',
        entity: 'sales_quota',
        entityId,
        diff: { amount: [null, input.amount] },
      });
      return { ok: true, version: created.version } as const;
    }
    const [updated] = await tx
      .update(salesQuotas)
      .set({ amount: input.amount, updatedAt: sql`now()`, version: sql`${salesQuotas.version} + 1` })
      .where(and(eq(salesQuotas.id, current.id), eq(salesQuotas.version, input.version)))
      .returning({ version: salesQuotas.version });
    await audit(tx, viewer, {
      action: 'update',
      entity: 'sales_quota',
      entityId,
      diff: { amount: [current.amount, input.amount] },
    });
    return { ok: true, version: updated.version } as const;
  });
}
