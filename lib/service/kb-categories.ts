import 'server-only';
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { qualified } from '@/db/rows';
import { kbArticles, kbCategories } from '@/db/schema';
import type { Result } from '@/lib/action-state';
import { audit, changedFields } from '@/lib/audit/audit';
import { can, type Viewer } from '@/lib/auth/permissions';
import type { CategoryInput, DeleteCategoryInput } from './kb-schemas';

// Knowledge-base categories: everyone who reads the knowledge base sees them; admins and managers
// keep them (kb:categories). Removing one leaves its articles without a category.

export type KbCategory = { id: string; name: string; position: number; version: number; articles: number };

/** Categories in their order, with how many articles the viewer may read in each. */
export async function listCategories(viewer: Viewer): Promise<KbCategory[]> {
  if (!can(viewer, 'kb:read')) return [];
  const readable = can(viewer, 'kb:write') ? sql`true` : sql`${qualified(kbArticles.status)} = 'published'`;
  return db
    .select({
      id: kbCategories.id,
      name: kbCategories.name,
      position: kbCategories.position,
      version: kbCategories.version,
      articles: sql<number>`(select count(*)::int from ${kbArticles} where ${qualified(kbArticles.categoryId)} = ${qualified(kbCategories.id)} and ${readable})`,
    })
    .from(kbCategories)
    .orderBy(asc(kbCategories.position), asc(kbCategories.name))
    .limit(200);
}

type SaveResult = Result<{ id: string }, 'forbidden' | 'notFound' | 'stale' | 'categoryNameTaken'>;

/** Creates a category (at the end when no position is given) or renames/moves one (optimistic locking). */
export async function saveCategory(viewer: Viewer, input: CategoryInput): Promise<SaveResult> {
  if (!can(viewer, 'kb:categories')) return { ok: false, reason: 'forbidden' };
  return db.transaction(async (tx): Promise<SaveResult> => {
    const [taken] = await tx
      .select({ id: kbCategories.id })
      .from(kbCategories)
      .where(
        and(
          sql`lower(${kbCategories.name}) = lower(${input.name})`,
          input.id ? ne(kbCategories.id, input.id) : undefined,
        ),
      );
    if (taken) return { ok: false, reason: 'categoryNameTaken' };
    if (!input.id) {
      const [{ next }] = await tx
        .select({ next: sql<number>`coalesce(max(${kbCategories.position}) + 1, 0)::int` })
        .from(kbCategories);
      const values = { name: input.name, position: input.position ?? Math.min(next, 999) };
      const [created] = await tx
        .insert(kbCategories)
        .values(values)
        .onConflictDoNothing()
        .returning({ id: kbCategories.id });
      if (!created) return { ok: false, reason: 'categoryNameTaken' };
      await audit(tx, viewer, { action: 'create', entity: 'kb_category', entityId: created.id, diff: values });
      return { ok: true, id: created.id };
    }
    const [before] = await tx.select().from(kbCategories).where(eq(kbCategories.id, input.id)).for('update');
    if (!before) return { ok: false, reason: 'notFound' };
    if (before.version !== input.version) return { ok: false, reason: 'stale' };
    const next = { name: input.name, position: input.position ?? before.position };
    await tx
      .update(kbCategories)
      .set({ ...next, updatedAt: sql`now()`, version: sql`${kbCategories.version} + 1` })
      .where(eq(kbCategories.id, input.id));
    await audit(tx, viewer, {
      action: 'update',
      entity: 'kb_category',
      entityId: input.id,
      diff: changedFields(before, next),
    });
    return { ok: true, id: input.id };
  });
}

/** Removes a category (optimistic locking); its articles stay, without a category. */
export async function deleteCategory(
  viewer: Viewer,
  input: DeleteCategoryInput,
): Promise<Result<{ id: string }, 'forbidden' | 'notFound' | 'stale'>> {
  if (!can(viewer, 'kb:categories')) return { ok: false, reason: 'forbidden' };
  return db.transaction(async (tx) => {
    const [removed] = await tx
      .delete(kbCategories)
      .where(and(eq(kbCategories.id, input.id), eq(kbCategories.version, input.version)))
      .returning({ id: kbCategories.id, name: kbCategories.name });
    if (!removed) {
      const [exists] = await tx.select({ id: kbCategories.id }).from(kbCategories).where(eq(kbCategories.id, input.id));
      return { ok: false, reason: exists ? 'stale' : 'notFound' } as const;
    }
    await audit(tx, viewer, {
      action: 'delete',
      entity: 'kb_category',
      entityId: input.id,
      diff: { name: removed.name },
    });
    return { ok: true, id: input.id } as const;
  });
}
