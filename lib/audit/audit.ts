import 'server-only';
import { and, inArray, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { db, Tx } from '@/db/client';
import { auditLog } from '@/db/schema';
import type { Viewer } from '@/lib/auth/permissions';

export type AuditEntry = {
  action: string;
  entity: string;
  entityId: string;
  /** Changed fields as { field: [before, after] }, or the created/removed values. Never secrets. */
  diff?: Record<string, unknown>;
};

/** Records one mutation. Call it inside the mutation's transaction so both land or neither does. */
export async function audit(
  tx: Tx | typeof db,
  actor: Pick<Viewer, 'userId'> | null,
  entry: AuditEntry,
): Promise<void> {
  await tx.insert(auditLog).values({ actorId: actor?.userId ?? null, ...entry });
}

/** Records many mutations in one statement (bulk actions). */
export async function auditMany(
  tx: Tx | typeof db,
  actor: Pick<Viewer, 'userId'> | null,
  entries: AuditEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  await tx.insert(auditLog).values(entries.map((e) => ({ actorId: actor?.userId ?? null, ...e })));
}

/** The fields that differ between two versions of a record, as { field: [before, after] }. */
export function changedFields<T extends Record<string, unknown>>(
  before: T,
  after: Partial<T>,
): Record<string, [unknown, unknown]> {
  const diff: Record<string, [unknown, unknown]> = {};
  for (const key of Object.keys(after) as (keyof T & string)[]) {
    const a = before[key];
    const b = after[key];
    if (b !== undefined && JSON.stringify(a) !== JSON.stringify(b)) diff[key] = [a, b];
  }
  return diff;
}

/** A table whose rows have an owner and optimistic locking (customers, leads, deals). */
type OwnedTable = PgTable & { id: PgColumn; ownerId: PgColumn; version: PgColumn; updatedAt: PgColumn };

/**
 * Bulk reassignment: gives the rows among `ids` that `allowed` lets the viewer change, and that
 * another user owns, to `ownerId`, and audits each with its previous owner ({ ownerId: [before,
 * after] }, as every other change). One locked read and one update in the caller's transaction.
 * Returns the ids that changed.
 */
export async function reassignOwners(
  tx: Tx,
  actor: Pick<Viewer, 'userId'>,
  target: { table: OwnedTable; entity: string },
  ids: string[],
  allowed: SQL,
  ownerId: string,
): Promise<string[]> {
  const { table, entity } = target;
  const picked = await tx
    .select({ id: table.id, before: table.ownerId })
    .from(table)
    .where(and(inArray(table.id, ids), allowed, sql`${table.ownerId} is distinct from ${ownerId}`))
    .for('update');
  if (picked.length === 0) return [];
  const changed = picked.map((p) => p.id as string);
  await tx
    .update(table)
    .set({ ownerId, updatedAt: sql`now()`, version: sql`${table.version} + 1` } as never)
    .where(inArray(table.id, changed));
  await auditMany(
    tx,
    actor,
    picked.map(({ id, before }) => ({
      action: 'assign',
      entity,
      entityId: id as string,
      diff: { ownerId: [before, ownerId] },
    })),
  );
  return changed;
}
