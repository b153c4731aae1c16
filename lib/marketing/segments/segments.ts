import 'server-only';
import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { PgSelect } from 'drizzle-orm/pg-core';
import { db, type Tx } from '@/db/client';
import { rows } from '@/db/rows';
import { customerScores, customers, segmentMembers, segments, users } from '@/db/schema';
import type { Result } from '@/lib/action-state';
import { audit } from '@/lib/audit/audit';
import { can, type Viewer } from '@/lib/auth/permissions';
import { liveCustomer } from '@/lib/customers/visibility';
import { EXACT_COUNT_CAP, estimatedRows, type Total } from '@/lib/pagination';
import { scoreJoin, segmentWhere, usesScores } from './compile';
import { type Group, SegmentRuleSchema } from './rules';
import type { SegmentInput, SegmentVersionInput, UpdateSegmentInput } from './schemas';
import { recordSegmentSize } from './size-history';

// Segments (shared/DESIGN.md: marketers and admins all; managers read; reps and agents none).
// A segment is a rule tree (rules.ts) compiled to SQL (compile.ts): 'rules' segments are dynamic,
// re-evaluated when used; 'static' ones hold the members frozen in segment_members.

export type SegmentKind = 'rules' | 'static';

export type SegmentListRow = {
  id: string;
  name: string;
  kind: string;
  memberCount: number | null;
  lastComputedAt: Date | null;
  ownerName: string | null;
};

export type SegmentDetail = {
  id: string;
  name: string;
  description: string | null;
  kind: string;
  rule: Group;
  /** False when the stored definition is not a rule tree: it then has no members until saved with a rule. */
  readable: boolean;
  memberCount: number | null;
  lastComputedAt: Date | null;
  version: number;
};

export type SampleCustomer = { id: string; name: string; email: string | null; country: string | null };
export type SegmentPreview = { count: Total; sample: SampleCustomer[] };

/** Segments list (a small table: every segment, newest changes first). Empty for roles without marketing. */
export async function listSegments(viewer: Viewer): Promise<SegmentListRow[]> {
  if (!can(viewer, 'marketing:read')) return [];
  return db
    .select({
      id: segments.id,
      name: segments.name,
      kind: segments.kind,
      memberCount: segments.memberCount,
      lastComputedAt: segments.lastComputedAt,
      ownerName: users.name,
    })
    .from(segments)
    .leftJoin(users, eq(users.id, segments.ownerId))
    .orderBy(desc(segments.updatedAt), asc(segments.id))
    .limit(500);
}

/**
 * The stored rule tree, or null when the definition is not one this version reads (another kind of
 * segment): such a segment selects nobody, never everybody.
 */
export function storedRule(definition: unknown): Group | null {
  const parsed = SegmentRuleSchema.safeParse((definition as { rule?: unknown } | null)?.rule);
  return parsed.success ? parsed.data : null;
}
export const EMPTY_RULE: Group = { type: 'group', match: 'all', children: [] };

/** One segment, or null when missing or the viewer may not read segments. */
export async function getSegment(viewer: Viewer, id: string): Promise<SegmentDetail | null> {
  if (!can(viewer, 'marketing:read')) return null;
  const [row] = await db.select().from(segments).where(eq(segments.id, id));
  if (!row) return null;
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    kind: row.kind,
    rule: storedRule(row.definition) ?? EMPTY_RULE,
    readable: storedRule(row.definition) !== null,
    memberCount: row.memberCount,
    lastComputedAt: row.lastComputedAt,
    version: row.version,
  };
}

/** Narrows a select from customers to those matching a rule (joining the current scores only when the rule reads them). */
export function applyRule<T extends PgSelect>(query: T, rule: Group): T {
  const joined = usesScores(rule) ? (query.leftJoin(customerScores, scoreJoin()) as unknown as T) : query;
  return joined.where(segmentWhere(rule)) as T;
}

/**
 * The live count while editing a rule, capped as lists count (countCapped's rule), and a sample of
 * 20 of the matching customers. Both come from one pass over the matches: a "newest 20" sample
 * would walk the creation-date index row by row and, for a rare rule, probe every customer's
 * score (0.35–1.9 s at 100k customers); the first 20 of the counted matches cost nothing extra.
 */
export async function previewSegment(viewer: Viewer, rule: Group): Promise<SegmentPreview | null> {
  if (!can(viewer, 'marketing:read')) return null;
  const members = applyRule(db.select({ id: customers.id }).from(customers).$dynamic(), rule);
  const [r] = await rows<{ n: number; ids: string[] | string | null }>(
    db,
    sql`select count(*)::int as n, to_json((array_agg(m.id))[1:20]) as ids
        from (${members.getSQL()} limit ${EXACT_COUNT_CAP + 1}) m`,
  );
  const ids: string[] = typeof r.ids === 'string' ? JSON.parse(r.ids) : (r.ids ?? []);
  const count: Total =
    r.n <= EXACT_COUNT_CAP
      ? { value: r.n, exact: true }
      : { value: Math.max(await estimatedRows(db, members), EXACT_COUNT_CAP + 1), exact: false };
  const sample = ids.length
    ? await db
        .select({ id: customers.id, name: customers.name, email: customers.email, country: customers.country })
        .from(customers)
        .where(inArray(customers.id, ids))
        .orderBy(asc(customers.name), asc(customers.id))
    : [];
  return { count, sample };
}

export async function countMembers(tx: typeof db | Tx, rule: Group): Promise<number> {
  const [{ n }] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(applyRule(tx.select({ id: customers.id }).from(customers).$dynamic(), rule).as('m'));
  return n;
}

export async function createSegment(viewer: Viewer, input: SegmentInput): Promise<Result<{ id: string }, 'forbidden'>> {
  if (!can(viewer, 'marketing:write')) return { ok: false, reason: 'forbidden' };
  return db.transaction(async (tx) => {
    const memberCount = await countMembers(tx, input.rule);
    const [row] = await tx
      .insert(segments)
      .values({
        name: input.name,
        description: input.description,
        kind: 'rules',
        definition: { version: 1, rule: input.rule },
        ownerId: viewer.userId,
        memberCount,
        lastComputedAt: sql`now()`,
      })
      .returning({ id: segments.id });
    await recordSegmentSize(tx, row.id, memberCount, 'save');
    await audit(tx, viewer, {
      action: 'create',
      entity: 'segment',
      entityId: row.id,
      diff: { name: input.name, rule: input.rule, memberCount },
    });
    return { ok: true, id: row.id } as const;
  });
}

/**
 * Saves name, description and rule, checked against the version the editor loaded. A dynamic
 * segment's count is recomputed; a static one keeps its frozen members until frozen again.
 */
export async function updateSegment(
  viewer: Viewer,
  input: UpdateSegmentInput,
): Promise<Result<{ id: string }, 'forbidden' | 'notFound' | 'stale'>> {
  if (!can(viewer, 'marketing:write')) return { ok: false, reason: 'forbidden' };
  const { id, version } = input;
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(segments).where(eq(segments.id, id)).for('update');
    if (!before) return { ok: false, reason: 'notFound' } as const;
    if (before.version !== version) return { ok: false, reason: 'stale' } as const;
    const dynamic = before.kind !== 'static';
    const memberCount = dynamic ? await countMembers(tx, input.rule) : before.memberCount;
    await tx
      .update(segments)
      .set({
        name: input.name,
        description: input.description,
        definition: { version: 1, rule: input.rule },
        ...(dynamic ? { memberCount, lastComputedAt: sql`now()` } : {}),
        updatedAt: sql`now()`,
        version: sql`${segments.version} + 1`,
      })
      .where(and(eq(segments.id, id), eq(segments.version, version)));
    if (dynamic && memberCount !== null) await recordSegmentSize(tx, id, memberCount, 'save');
    const diff: Record<string, unknown> = {};
    if (before.name !== input.name) diff.name = [before.name, input.name];
    if (before.description !== input.description) diff.description = [before.description, input.description];
    const beforeRule = storedRule(before.definition);
    if (JSON.stringify(beforeRule) !== JSON.stringify(input.rule)) diff.rule = [beforeRule, input.rule];
    await audit(tx, viewer, { action: 'update', entity: 'segment', entityId: id, diff });
    return { ok: true, id } as const;
  });
}

export async function deleteSegment(
  viewer: Viewer,
  input: SegmentVersionInput,
): Promise<Result<{ id: string }, 'forbidden' | 'notFound' | 'stale'>> {
  if (!can(viewer, 'marketing:write')) return { ok: false, reason: 'forbidden' };
  return db.transaction(async (tx) => {
    const [deleted] = await tx
      .delete(segments)
      .where(and(eq(segments.id, input.id), eq(segments.version, input.version)))
      .returning({ name: segments.name, definition: segments.definition });
    if (!deleted) {
      const [exists] = await tx.select({ id: segments.id }).from(segments).where(eq(segments.id, input.id));
      return { ok: false, reason: exists ? 'stale' : 'notFound' } as const;
    }
    await audit(tx, viewer, { action: 'delete', entity: 'segment', entityId: input.id, diff: deleted });
    return { ok: true, id: input.id } as const;
  });
}

/**
 * Freezes the customers the rule selects now into segment_members (replacing any earlier snapshot)
 * and makes the segment static: one INSERT … SELECT, in the transaction with its audit row.
 */
export async function freezeSegment(
  viewer: Viewer,
  input: SegmentVersionInput,
): Promise<Result<{ id: string; memberCount: number }, 'forbidden' | 'notFound' | 'stale' | 'invalid'>> {
  if (!can(viewer, 'marketing:write')) return { ok: false, reason: 'forbidden' };
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(segments).where(eq(segments.id, input.id)).for('update');
    if (!before) return { ok: false, reason: 'notFound' } as const;
    if (before.version !== input.version) return { ok: false, reason: 'stale' } as const;
    const rule = storedRule(before.definition);
    if (!rule) return { ok: false, reason: 'invalid' } as const;
    await tx.delete(segmentMembers).where(eq(segmentMembers.segmentId, input.id));
    await tx.insert(segmentMembers).select(
      applyRule(
        tx
          .select({ segmentId: sql<string>`${input.id}::uuid`.as('segment_id'), customerId: customers.id })
          .from(customers)
          .$dynamic(),
        rule,
      ),
    );
    const [{ memberCount }] = await tx
      .select({ memberCount: sql<number>`count(*)::int` })
      .from(segmentMembers)
      .where(eq(segmentMembers.segmentId, input.id));
    await tx
      .update(segments)
      .set({
        kind: 'static',
        memberCount,
        lastComputedAt: sql`now()`,
        updatedAt: sql`now()`,
        version: sql`${segments.version} + 1`,
      })
      .where(eq(segments.id, input.id));
    await recordSegmentSize(tx, input.id, memberCount, 'freeze');
    await audit(tx, viewer, {
      action: 'freeze',
      entity: 'segment',
      entityId: input.id,
      diff: { kind: [before.kind, 'static'], memberCount: [before.memberCount, memberCount] },
    });
    return { ok: true, id: input.id, memberCount } as const;
  });
}

/** Condition: the customer is a member of the segment (frozen members for static, the rule for dynamic). */
export function memberCondition(segment: Pick<SegmentDetail, 'id' | 'kind' | 'rule' | 'readable'>): {
  join: boolean;
  where: SQL;
} {
  if (segment.kind === 'static')
    return {
      join: false,
      where: sql`exists (select 1 from ${segmentMembers} where ${segmentMembers.segmentId} = ${segment.id}
        and ${segmentMembers.customerId} = ${customers.id}) and ${liveCustomer()}`,
    };
  if (!segment.readable) return { join: false, where: sql`false` };
  return { join: usesScores(segment.rule), where: segmentWhere(segment.rule) };
}
