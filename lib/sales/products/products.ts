import 'server-only';
import { and, asc, eq, ne, type SQL, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { products } from '@/db/schema';
import type { Result } from '@/lib/action-state';
import { audit, changedFields } from '@/lib/audit/audit';
import { can, type Viewer } from '@/lib/auth/permissions';
import { likePattern } from '@/lib/customers/filters';
import { countCapped } from '@/lib/pagination';
import {
  PRODUCT_PAGE_SIZE,
  type ProductFilter,
  type ProductInput,
  type SetProductActiveInput,
  type UpdateProductInput,
} from './schemas';

// The price book. Admins and managers keep it; sales reps read its active products (to quote
// them); agents and marketers have no access (every function returns nothing for them).

export type ProductRow = {
  id: string;
  sku: string;
  name: string;
  description: string | null;
  category: string | null;
  unitPrice: string;
  currency: string;
  active: boolean;
  version: number;
};

const columns = {
  id: products.id,
  sku: products.sku,
  name: products.name,
  description: products.description,
  category: products.category,
  unitPrice: products.unitPrice,
  currency: products.currency,
  active: products.active,
  version: products.version,
};

/** Products a viewer may read: writers all, reps the active ones, anyone else none. */
export function visibleProducts(viewer: Viewer): SQL {
  if (can(viewer, 'products:write')) return sql`true`;
  if (can(viewer, 'products:read')) return eq(products.active, true);
  return sql`false`;
}

export async function listProducts(
  viewer: Viewer,
  filter: ProductFilter,
): Promise<{ rows: ProductRow[]; total: number; totalExact: boolean }> {
  const conditions: SQL[] = [visibleProducts(viewer)];
  if (filter.status === 'active') conditions.push(eq(products.active, true));
  if (filter.status === 'inactive') conditions.push(eq(products.active, false));
  if (filter.category) conditions.push(eq(products.category, filter.category));
  if (filter.q) {
    const like = likePattern(filter.q);
    conditions.push(sql`(${products.name} ilike ${like} or ${products.sku} ilike ${like})`);
  }
  const where = and(...conditions);
  const [list, total] = await Promise.all([
    db
      .select(columns)
      .from(products)
      .where(where)
      .orderBy(asc(products.name), asc(products.id))
      .limit(PRODUCT_PAGE_SIZE)
      .offset((filter.page - 1) * PRODUCT_PAGE_SIZE),
    countCapped(db, db.select({ id: products.id }).from(products).where(where)),
  ]);
  return { rows: list, total: total.value, totalExact: total.exact };
}

/** The categories in use, for the filter. */
export async function listProductCategories(viewer: Viewer): Promise<string[]> {
  const found = await db
    .selectDistinct({ category: products.category })
    .from(products)
    .where(and(visibleProducts(viewer), sql`${products.category} is not null`))
    .orderBy(asc(products.category));
  return found.map((r) => r.category as string);
}

/** Active products to put on a quote (the price book is small: hundreds, not millions). */
export async function listQuotableProducts(viewer: Viewer): Promise<ProductRow[]> {
  if (!can(viewer, 'quotes:write')) return [];
  return db.select(columns).from(products).where(eq(products.active, true)).orderBy(asc(products.name)).limit(1000);
}

export async function getProduct(viewer: Viewer, id: string): Promise<ProductRow | null> {
  const [row] = await db
    .select(columns)
    .from(products)
    .where(and(eq(products.id, id), visibleProducts(viewer)));
  return row ?? null;
}

export async function createProduct(
  viewer: Viewer,
  input: ProductInput,
): Promise<Result<{ id: string }, 'forbidden' | 'skuTaken'>> {
  if (!can(viewer, 'products:write')) return { ok: false, reason: 'forbidden' };
  return db.transaction(async (tx) => {
    const [created] = await tx.insert(products).values(input).onConflictDoNothing().returning({ id: products.id });
    if (!created) return { ok: false, reason: 'skuTaken' } as const;
    await audit(tx, viewer, { action: 'create', entity: 'product', entityId: created.id, diff: { ...input } });
    return { ok: true, id: created.id } as const;
  });
}

export async function updateProduct(
  viewer: Viewer,
  input: UpdateProductInput,
): Promise<Result<{ id: string }, 'forbidden' | 'notFound' | 'stale' | 'skuTaken'>> {
  if (!can(viewer, 'products:write')) return { ok: false, reason: 'forbidden' };
  const { id, version, ...next } = input;
  return db.transaction(async (tx) => {
    const [before] = await tx.select(columns).from(products).where(eq(products.id, id)).for('update');
    if (!before) return { ok: false, reason: 'notFound' } as const;
    if (before.version !== version) return { ok: false, reason: 'stale' } as const;
    const [taken] = await tx
      .select({ id: products.id })
      .from(products)
      .where(and(eq(products.sku, next.sku), ne(products.id, id)));
    if (taken) return { ok: false, reason: 'skuTaken' } as const;
    await tx
      .update(products)
      .set({ ...next, updatedAt: sql`now()`, version: sql`${products.version} + 1` })
      .where(and(eq(products.id, id), eq(products.version, version)));
    await audit(tx, viewer, { action: 'update', entity: 'product', entityId: id, diff: changedFields(before, next) });
    return { ok: true, id } as const;
  });
}

/** Deactivates (or reactivates) a product: it stays on quotes and orders that name it, but cannot be quoted. */
export async function setProductActive(
  viewer: Viewer,
  input: SetProductActiveInput,
): Promise<Result<{ id: string }, 'forbidden' | 'notFound' | 'stale'>> {
  if (!can(viewer, 'products:write')) return { ok: false, reason: 'forbidden' };
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(products)
      .set({ active: input.active, updatedAt: sql`now()`, version: sql`${products.version} + 1` })
      .where(and(eq(products.id, input.id), eq(products.version, input.version)))
      .returning({ id: products.id });
    if (!updated) {
      const [exists] = await tx.select({ id: products.id }).from(products).where(eq(products.id, input.id));
      return { ok: false, reason: exists ? 'stale' : 'notFound' } as const;
    }
    await audit(tx, viewer, {
      action: input.active ? 'activate' : 'deactivate',
      entity: 'product',
      entityId: input.id,
      diff: { active: [!input.active, input.active] },
    });
    return { ok: true, id: input.id } as const;
  });
}
