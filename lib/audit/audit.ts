import 'server-only';
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
