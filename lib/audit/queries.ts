import 'server-only';
import { and, asc, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import { db } from '@/db/client';
import { auditLog, users } from '@/db/schema';
import { can, type Viewer } from '@/lib/auth/permissions';

export type AuditRow = {
  id: number;
  at: Date;
  actorName: string | null;
  action: string;
  entity: string;
  entityId: string;
  diff: Record<string, unknown> | null;
};
export type AuditFilter = {
  actorId?: string;
  entity?: string;
  action?: string;
  from?: Date;
  to?: Date;
  before?: number;
  limit?: number;
};

/** Newest first, keyset-paged by id (`before`), so deep pages cost the same as the first. Admins only. */
export async function listAuditLog(
  viewer: Viewer,
  filter: AuditFilter = {},
): Promise<{ rows: AuditRow[]; nextBefore: number | null }> {
  if (!can(viewer, 'audit:read')) return { rows: [], nextBefore: null };
  const limit = filter.limit ?? 50;
  const conditions: SQL[] = [];
  if (filter.actorId) conditions.push(eq(auditLog.actorId, filter.actorId));
  if (filter.entity) conditions.push(eq(auditLog.entity, filter.entity));
  if (filter.action) conditions.push(eq(auditLog.action, filter.action));
  if (filter.from) conditions.push(gte(auditLog.at, filter.from));
  if (filter.to) conditions.push(lt(auditLog.at, filter.to));
  if (filter.before) conditions.push(lt(auditLog.id, filter.before));
  const rows = await db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actorName: users.name,
      action: auditLog.action,
      entity: auditLog.entity,
      entityId: auditLog.entityId,
      diff: auditLog.diff,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(limit + 1);
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  return { rows: page, nextBefore: more ? page[page.length - 1].id : null };
}

/** The entity and action names that occur, for the filter menus. */
/**
 * The filter choices: record types and actions in the log, and every user as a possible actor,
 * deactivated ones included (what a departed user did is often what an admin looks for). Admins only.
 */
export async function listAuditFacets(
  viewer: Viewer,
): Promise<{ entities: string[]; actions: string[]; actors: { id: string; name: string; active: boolean }[] }> {
  if (!can(viewer, 'audit:read')) return { entities: [], actions: [], actors: [] };
  const [entities, actions, actors] = await Promise.all([
    db.selectDistinct({ v: auditLog.entity }).from(auditLog).orderBy(auditLog.entity),
    db.selectDistinct({ v: auditLog.action }).from(auditLog).orderBy(auditLog.action),
    db
      .select({ id: users.id, name: users.name, active: users.active })
      .from(users)
      .orderBy(desc(users.active), asc(users.name), asc(users.id)),
  ]);
  return { entities: entities.map((e) => e.v), actions: actions.map((a) => a.v), actors };
}
