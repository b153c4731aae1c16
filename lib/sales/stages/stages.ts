import 'server-only';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { db, type Tx } from '@/db/client';
import { rows } from '@/db/rows';
import { dealStageHistory, deals, pipelineStages } from '@/db/schema';
import type { StageNames } from '@/db/schema/sales';
import type { Result } from '@/lib/action-state';
import { audit, changedFields } from '@/lib/audit/audit';
import { can, type Viewer } from '@/lib/auth/permissions';
import { DEFAULT_LOCALE, type Locale } from '@/lib/i18n/config';
import { STAGE_MOVE_LOCK } from '@/lib/sales/deals/board';
import { localStageName, stageLocale, stageNameSql } from './names';
import type { CreateStageInput, MoveStageInput, RemoveStageInput, StageKind, UpdateStageInput } from './schemas';

// The pipeline's stages (admins change them, managers read them). Every change locks the stage rows
// first, so two admins cannot both remove "the other" last open stage; removing a stage moves its
// deals under the board's stage move lock, so a move into it either lands before (and is moved
// along) or finds the stage gone.

export type StageRow = {
  id: string;
  /** The default (English) name, as edited. */
  name: string;
  /** The 简体中文 name as edited ('' when none). */
  nameZh: string;
  /** The name in the viewer's locale (the default one where the translation is blank). */
  displayName: string;
  position: number;
  probability: number;
  kind: StageKind;
  rottingDays: number | null;
  active: boolean;
  version: number;
  /** Deals in the stage now (any status, deleted ones left out). */
  dealCount: number;
};

const kindOf = (s: { isWon: boolean; isLost: boolean }): StageKind => (s.isWon ? 'won' : s.isLost ? 'lost' : 'open');
const flags = (kind: StageKind) => ({ isWon: kind === 'won', isLost: kind === 'lost' });

/** Every stage (active ones first, in board order) with its number of deals; null for roles without the right. */
export async function listStageAdmin(viewer: Viewer, locale?: Locale): Promise<StageRow[] | null> {
  if (!can(viewer, 'stages:read')) return null;
  const lang = stageLocale(viewer, locale);
  const found = await rows<{
    id: string;
    name: string;
    names: StageNames | null;
    position: number;
    probability: number;
    is_won: boolean;
    is_lost: boolean;
    rotting_days: number | null;
    active: boolean;
    version: number;
    n: number;
  }>(
    db,
    // One grouped pass over deals (a per-stage count probed the stage index once per stage: 3× slower
    // on the large seed's 90k deals).
    sql`select s.id, s.name, s.names, s.position, s.probability, s.is_won, s.is_lost, s.rotting_days, s.active, s.version,
               coalesce(c.n, 0)::int as n
        from ${pipelineStages} s
        left join (select ${deals.stageId} as stage_id, count(*) as n from ${deals} where ${deals.deletedAt} is null
                   group by ${deals.stageId}) c on c.stage_id = s.id
        order by s.active desc, s.position`,
  );
  return found.map((s) => ({
    id: s.id,
    name: s.name,
    nameZh: s.names?.['zh-CN'] ?? '',
    displayName: localStageName(s, lang),
    position: s.position,
    probability: s.probability,
    kind: kindOf({ isWon: s.is_won, isLost: s.is_lost }),
    rottingDays: s.rotting_days,
    active: s.active,
    version: s.version,
    dealCount: s.n,
  }));
}

type LockedStage = {
  id: string;
  name: string;
  names: StageNames;
  position: number;
  probability: number;
  isWon: boolean;
  isLost: boolean;
  rottingDays: number | null;
  active: boolean;
  version: number;
};

/**
 * The stage's translations with its 简体中文 name set: a blank one is dropped (the default name shows),
 * an absent one (a caller that does not edit it) leaves the translations as they were.
 */
function withZh(names: StageNames | null, nameZh: string | undefined): StageNames {
  const { 'zh-CN': _old, ...rest } = names ?? {};
  if (nameZh === undefined) return { ...(names ?? {}) };
  return nameZh ? { ...rest, 'zh-CN': nameZh } : rest;
}

/** Locks every stage row (a few dozen at most): stage changes take turns. */
async function lockStages(tx: Tx): Promise<LockedStage[]> {
  return tx
    .select({
      id: pipelineStages.id,
      name: pipelineStages.name,
      names: pipelineStages.names,
      position: pipelineStages.position,
      probability: pipelineStages.probability,
      isWon: pipelineStages.isWon,
      isLost: pipelineStages.isLost,
      rottingDays: pipelineStages.rottingDays,
      active: pipelineStages.active,
      version: pipelineStages.version,
    })
    .from(pipelineStages)
    .orderBy(asc(pipelineStages.position))
    .for('update');
}

/** The pipeline keeps at least one active open, one won and one lost stage without `without`. */
function keepsEveryKind(stages: LockedStage[], without: string, kind: StageKind): boolean {
  return stages.some((s) => s.active && s.id !== without && kindOf(s) === kind);
}

export async function createStage(
  viewer: Viewer,
  input: CreateStageInput,
): Promise<Result<{ id: string }, 'forbidden'>> {
  if (!can(viewer, 'stages:write')) return { ok: false, reason: 'forbidden' };
  return db.transaction(async (tx) => {
    const stages = await lockStages(tx);
    const position = Math.max(0, ...stages.map((s) => s.position)) + 1;
    // A new open stage goes before the won and lost stages; a closing one at the end.
    const [created] = await tx
      .insert(pipelineStages)
      .values({
        name: input.name,
        names: withZh({}, input.nameZh),
        probability: input.probability,
        rottingDays: input.rottingDays,
        position,
        ...flags(input.kind),
      })
      .returning({ id: pipelineStages.id });
    if (input.kind === 'open') {
      const closing = stages.filter((s) => s.isWon || s.isLost).map((s) => s.id);
      if (closing.length) await placeBefore(tx, created.id, closing);
    }
    await audit(tx, viewer, { action: 'create', entity: 'stage', entityId: created.id, diff: { ...input } });
    return { ok: true, id: created.id } as const;
  });
}

/** Puts `id` just before the first of `others` in board order, shifting those after it down by one. */
async function placeBefore(tx: Tx, id: string, others: string[]): Promise<void> {
  const ordered = await tx
    .select({ id: pipelineStages.id, position: pipelineStages.position })
    .from(pipelineStages)
    .orderBy(asc(pipelineStages.position));
  const first = ordered.findIndex((s) => others.includes(s.id));
  const rest = ordered.filter((s) => s.id !== id);
  const at = first < 0 ? rest.length : rest.findIndex((s) => s.id === ordered[first].id);
  rest.splice(at, 0, { id, position: 0 });
  await renumber(
    tx,
    rest.map((s) => s.id),
  );
}

/** Writes positions 1..n in the given order (via negative numbers: the position is unique). */
async function renumber(tx: Tx, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.execute(
    sql`update ${pipelineStages} set position = -position - 1000000 where ${inArray(pipelineStages.id, ids)}`,
  );
  await tx.execute(sql`update ${pipelineStages} set position = o.n, updated_at = now(), version = ${pipelineStages.version} + 1
    from unnest(${sql.param(ids)}::uuid[]) with ordinality as o(id, n) where ${pipelineStages.id} = o.id`);
}

type UpdateResult = Result<{ id: string }, 'forbidden' | 'notFound' | 'stale' | 'stageInUse' | 'lastStage'>;

/**
 * Edits a stage. Its kind (open / won / lost) changes, and it is switched off, only while no deal
 * is in it (its deals' status follows the kind; removing moves them first), and never so that the
 * pipeline loses its last open, won or lost stage.
 */
export async function updateStage(viewer: Viewer, input: UpdateStageInput): Promise<UpdateResult> {
  if (!can(viewer, 'stages:write')) return { ok: false, reason: 'forbidden' };
  return db.transaction(async (tx): Promise<UpdateResult> => {
    const stages = await lockStages(tx);
    const before = stages.find((s) => s.id === input.id);
    if (!before) return { ok: false, reason: 'notFound' };
    if (before.version !== input.version) return { ok: false, reason: 'stale' };
    const kindChanges = kindOf(before) !== input.kind;
    const switchedOff = before.active && !input.active;
    if (kindChanges || switchedOff) {
      const [{ n }] = await rows<{ n: number }>(
        tx,
        sql`select count(*)::int as n from ${deals} where ${deals.stageId} = ${input.id} and ${deals.deletedAt} is null`,
      );
      if (n > 0) return { ok: false, reason: 'stageInUse' };
      if (before.active && !keepsEveryKind(stages, before.id, kindOf(before)))
        return { ok: false, reason: 'lastStage' };
    }
    const next = {
      name: input.name,
      names: withZh(before.names, input.nameZh),
      probability: input.probability,
      rottingDays: input.rottingDays,
      active: input.active,
      ...flags(input.kind),
    };
    const diff = changedFields(before as Record<string, unknown>, next);
    if (Object.keys(diff).length === 0) return { ok: true, id: input.id };
    await tx
      .update(pipelineStages)
      .set({ ...next, updatedAt: sql`now()`, version: sql`${pipelineStages.version} + 1` })
      .where(eq(pipelineStages.id, input.id));
    await audit(tx, viewer, { action: 'update', entity: 'stage', entityId: input.id, diff });
    return { ok: true, id: input.id };
  });
}

/** Moves an active stage one place up or down among the active stages (the board's column order). */
export async function moveStage(
  viewer: Viewer,
  input: MoveStageInput,
): Promise<Result<{ id: string }, 'forbidden' | 'notFound'>> {
  if (!can(viewer, 'stages:write')) return { ok: false, reason: 'forbidden' };
  return db.transaction(async (tx) => {
    const stages = await lockStages(tx);
    const active = stages.filter((s) => s.active);
    const i = active.findIndex((s) => s.id === input.id);
    if (i < 0) return { ok: false, reason: 'notFound' } as const;
    const j = input.direction === 'up' ? i - 1 : i + 1;
    if (j < 0 || j >= active.length) return { ok: true, id: input.id } as const;
    const order = active.map((s) => s.id);
    [order[i], order[j]] = [order[j], order[i]];
    // Inactive stages keep their places after the active ones.
    await renumber(tx, [...order, ...stages.filter((s) => !s.active).map((s) => s.id)]);
    await audit(tx, viewer, {
      action: 'reorder',
      entity: 'stage',
      entityId: input.id,
      diff: { position: [i + 1, j + 1] },
    });
    return { ok: true, id: input.id } as const;
  });
}

export type RemoveResult = Result<
  { moved: number; outcome: 'deleted' | 'deactivated' },
  'forbidden' | 'notFound' | 'stale' | 'lastStage' | 'stageTarget'
>;

/**
 * Removes a stage: its deals move to `targetId` (an active stage of the same kind, so a deal's
 * status still matches its stage), each with a stage history row and a new stage_entered_at; then
 * the stage is deleted when no deal ever passed through it, or else deactivated, so the stage
 * history that names it keeps its meaning (deal_stage_history references stages). One transaction,
 * audited. The pipeline keeps at least one open, one won and one lost stage.
 */
export async function removeStage(viewer: Viewer, input: RemoveStageInput): Promise<RemoveResult> {
  if (!can(viewer, 'stages:write')) return { ok: false, reason: 'forbidden' };
  if (input.targetId === input.id) return { ok: false, reason: 'stageTarget' };
  return db.transaction(async (tx): Promise<RemoveResult> => {
    // The board's move lock on both stages, in one order (two removals into each other cannot
    // deadlock): a move into the removed stage waits, then finds it inactive.
    for (const id of [input.id, input.targetId].sort())
      await tx.execute(sql`select pg_advisory_xact_lock(${STAGE_MOVE_LOCK}::int, hashtext(${id}))`);
    const stages = await lockStages(tx);
    const stage = stages.find((s) => s.id === input.id && s.active);
    if (!stage) return { ok: false, reason: 'notFound' };
    if (stage.version !== input.version) return { ok: false, reason: 'stale' };
    const kind = kindOf(stage);
    const target = stages.find((s) => s.id === input.targetId && s.active && kindOf(s) === kind);
    if (!target) return { ok: false, reason: 'stageTarget' };
    if (!keepsEveryKind(stages, stage.id, kind)) return { ok: false, reason: 'lastStage' };
    // Moved open deals go to the end of the target column, in their old order.
    const [{ p }] = await rows<{ p: number }>(
      tx,
      sql`select coalesce(max(${deals.position}), 0) as p from ${deals}
          where ${deals.stageId} = ${target.id} and ${deals.status} = 'open' and ${deals.deletedAt} is null`,
    );
    const moved = await rows<{ id: string }>(
      tx,
      sql`update ${deals} set stage_id = ${target.id}, stage_entered_at = now(),
            position = ${Number(p)}::float8 + m.n * 1024, version = ${deals.version} + 1, updated_at = now()
          from (select ${deals.id} as id, row_number() over (order by ${deals.position}, ${deals.id}) as n
                from ${deals} where ${deals.stageId} = ${stage.id}) m
          where ${deals.id} = m.id
          returning ${deals.id} as id`,
    );
    if (moved.length) {
      await tx.execute(sql`insert into ${dealStageHistory} (deal_id, from_stage_id, to_stage_id, changed_by)
        select d.id, ${stage.id}::uuid, ${target.id}::uuid, ${viewer.userId}::uuid
        from unnest(${sql.param(moved.map((m) => m.id))}::uuid[]) as d(id)`);
    }
    const [{ used }] = await rows<{ used: boolean }>(
      tx,
      sql`select exists (select 1 from ${dealStageHistory}
                         where ${dealStageHistory.toStageId} = ${stage.id} or ${dealStageHistory.fromStageId} = ${stage.id}) as used`,
    );
    const outcome = used ? 'deactivated' : 'deleted';
    if (used)
      await tx
        .update(pipelineStages)
        .set({ active: false, updatedAt: sql`now()`, version: sql`${pipelineStages.version} + 1` })
        .where(eq(pipelineStages.id, stage.id));
    else await tx.delete(pipelineStages).where(eq(pipelineStages.id, stage.id));
    // The remaining active stages close up (1..n), inactive ones after them.
    const rest = stages.filter((s) => s.id !== stage.id);
    await renumber(
      tx,
      [...rest.filter((s) => s.active), ...(used ? [stage] : []), ...rest.filter((s) => !s.active)].map((s) => s.id),
    );
    await audit(tx, viewer, {
      action: 'remove',
      entity: 'stage',
      entityId: stage.id,
      diff: { name: stage.name, outcome, targetId: target.id, targetName: target.name, movedDeals: moved.length },
    });
    return { ok: true, moved: moved.length, outcome };
  });
}

/** Active stages in board order, named in the locale, for forms (a deal's stage choice, a deal list filter). */
export async function listActiveStages(
  locale: Locale = DEFAULT_LOCALE,
): Promise<{ id: string; name: string; kind: StageKind }[]> {
  const found = await db
    .select({
      id: pipelineStages.id,
      name: stageNameSql(pipelineStages, locale),
      isWon: pipelineStages.isWon,
      isLost: pipelineStages.isLost,
    })
    .from(pipelineStages)
    .where(and(eq(pipelineStages.active, true)))
    .orderBy(asc(pipelineStages.position));
  return found.map((s) => ({ id: s.id, name: s.name, kind: kindOf(s) }));
}
