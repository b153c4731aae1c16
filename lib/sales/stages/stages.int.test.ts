import { and, asc, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { auditLog, dealStageHistory, deals, pipelineStages } from '@/db/schema';
import { seedDatabase } from '@/db/seed';
import type { Viewer } from '@/lib/auth/permissions';
import { moveDeal } from '@/lib/sales/deals/board';
import { setupTestDatabase } from '@/lib/testing/db';
import { seededViewer } from '@/lib/testing/factories';
import { signInAs } from '@/lib/testing/session-mock';
import { createStageAction, moveStageAction, removeStageAction } from './stage-actions';
import { createStage, listStageAdmin, moveStage, removeStage, updateStage } from './stages';

vi.mock('@/lib/auth/auth', async () => (await import('@/lib/testing/session-mock')).authMock);
vi.mock('next/cache', async () => (await import('@/lib/testing/next-mocks')).cacheMock);

const ctx = setupTestDatabase();

let admin: Viewer, manager: Viewer, rep: Viewer;

const stages = () =>
  db
    .select({
      id: pipelineStages.id,
      name: pipelineStages.name,
      position: pipelineStages.position,
      isWon: pipelineStages.isWon,
      isLost: pipelineStages.isLost,
      active: pipelineStages.active,
      version: pipelineStages.version,
    })
    .from(pipelineStages)
    .orderBy(asc(pipelineStages.position));

const openStages = async () => (await stages()).filter((s) => s.active && !s.isWon && !s.isLost);
const dealsIn = (stageId: string) =>
  db
    .select({ id: deals.id, status: deals.status, version: deals.version, ownerId: deals.ownerId })
    .from(deals)
    .where(eq(deals.stageId, stageId));

beforeAll(async () => {
  await seedDatabase(ctx.handle, { scale: 'test', anchor: new Date('2026-06-30T00:00:00Z') });
  [admin, manager, rep] = await Promise.all([
    seededViewer('admin@lodestar.test'),
    seededViewer('manager@lodestar.test'),
    seededViewer('rep@lodestar.test'),
  ]);
}, 120_000);

describe('stage admin', () => {
  it('managers read the stages, reps do not; only admins change them', async () => {
    expect(await listStageAdmin(rep)).toBeNull();
    const list = await listStageAdmin(manager);
    expect(list?.length).toBe((await stages()).length);
    const input = { name: 'Manager stage', probability: 10, kind: 'open' as const, rottingDays: null };
    expect(await createStage(manager, input)).toEqual({ ok: false, reason: 'forbidden' });
    const [s] = await openStages();
    expect(await removeStage(manager, { id: s.id, version: s.version, targetId: s.id })).toEqual({
      ok: false,
      reason: 'forbidden',
    });
  });

  it('a new open stage goes before the won and lost stages; up/down reorders', async () => {
    const created = await createStage(admin, { name: 'Demo', probability: 35, kind: 'open', rottingDays: 14 });
    expect(created.ok).toBe(true);
    const list = (await stages()).filter((s) => s.active);
    const at = list.findIndex((s) => s.name === 'Demo');
    expect(list.slice(at + 1).every((s) => s.isWon || s.isLost)).toBe(true);
    expect(list.slice(0, at).every((s) => !s.isWon && !s.isLost)).toBe(true);
    const id = list[at].id;
    expect((await moveStage(admin, { id, direction: 'up' })).ok).toBe(true);
    const after = (await stages()).filter((s) => s.active);
    expect(after[at - 1].id).toBe(id);
    expect(after.map((s) => s.position)).toEqual(after.map((_, i) => i + 1));
  });

  it('the kind of a stage with deals cannot change; nor can it be switched off', async () => {
    const [s] = await openStages();
    expect((await dealsIn(s.id)).length).toBeGreaterThan(0);
    const base = { id: s.id, version: s.version, name: s.name, probability: 10, rottingDays: null };
    expect(await updateStage(admin, { ...base, kind: 'won', active: true })).toEqual({
      ok: false,
      reason: 'stageInUse',
    });
    expect(await updateStage(admin, { ...base, kind: 'open', active: false })).toEqual({
      ok: false,
      reason: 'stageInUse',
    });
    expect(await updateStage(admin, { ...base, kind: 'open', active: true, name: 'Qualified leads' })).toEqual({
      ok: true,
      id: s.id,
    });
  });
});

describe('removing a stage', () => {
  it('moves its deals to the chosen stage with history and a new stage_entered_at, deactivates it, and audits', async () => {
    const [from, to] = await openStages();
    const before = await dealsIn(from.id);
    expect(before.length).toBeGreaterThan(0);
    const targetBefore = await dealsIn(to.id);
    signInAs(admin);
    const started = new Date(Date.now() - 1000);
    const state = await removeStageAction(
      undefined,
      formOf({ id: from.id, version: String(from.version), targetId: to.id }),
    );
    expect(state).toMatchObject({ ok: true, message: 'stageDeactivated', data: { moved: before.length } });
    expect(await dealsIn(from.id)).toEqual([]);
    const moved = await db
      .select({
        id: deals.id,
        stageId: deals.stageId,
        status: deals.status,
        entered: deals.stageEnteredAt,
        version: deals.version,
      })
      .from(deals)
      .where(sql`${deals.id} in ${before.map((d) => d.id)}`);
    for (const d of moved) {
      const was = before.find((b) => b.id === d.id)!;
      expect(d).toMatchObject({ stageId: to.id, status: was.status, version: was.version + 1 });
      expect(Date.now() - d.entered.getTime()).toBeLessThan(60_000);
    }
    expect((await dealsIn(to.id)).length).toBe(targetBefore.length + before.length);
    const history = await db
      .select({ dealId: dealStageHistory.dealId, by: dealStageHistory.changedBy })
      .from(dealStageHistory)
      .where(
        and(
          eq(dealStageHistory.fromStageId, from.id),
          eq(dealStageHistory.toStageId, to.id),
          sql`${dealStageHistory.changedAt} >= ${started.toISOString()}::timestamptz`,
        ),
      );
    expect(new Set(history.map((h) => h.dealId))).toEqual(new Set(before.map((d) => d.id)));
    expect(history.every((h) => h.by === admin.userId)).toBe(true);
    const [row] = await db.select().from(pipelineStages).where(eq(pipelineStages.id, from.id));
    expect(row.active).toBe(false);
    const [entry] = await db
      .select({ diff: auditLog.diff })
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'stage'), eq(auditLog.entityId, from.id), eq(auditLog.action, 'remove')));
    expect(entry.diff).toMatchObject({ outcome: 'deactivated', targetId: to.id, movedDeals: before.length });
  });

  it('a stage no deal ever entered is deleted', async () => {
    const created = await createStage(admin, { name: 'Unused', probability: 5, kind: 'open', rottingDays: null });
    if (!created.ok) throw new Error('not created');
    const [target] = await openStages();
    const s = (await stages()).find((x) => x.id === created.id)!;
    expect(await removeStage(admin, { id: s.id, version: s.version, targetId: target.id })).toEqual({
      ok: true,
      moved: 0,
      outcome: 'deleted',
    });
    expect(await db.select().from(pipelineStages).where(eq(pipelineStages.id, s.id))).toEqual([]);
  });

  it('refuses a target of another kind, itself, an inactive one, and removing the only won or lost stage', async () => {
    const all = await stages();
    const [open] = await openStages();
    const won = all.find((s) => s.active && s.isWon)!;
    const lost = all.find((s) => s.active && s.isLost)!;
    const inactive = all.find((s) => !s.active)!;
    expect(await removeStage(admin, { id: open.id, version: open.version, targetId: won.id })).toEqual({
      ok: false,
      reason: 'stageTarget',
    });
    expect(await removeStage(admin, { id: open.id, version: open.version, targetId: open.id })).toEqual({
      ok: false,
      reason: 'stageTarget',
    });
    expect(await removeStage(admin, { id: open.id, version: open.version, targetId: inactive.id })).toEqual({
      ok: false,
      reason: 'stageTarget',
    });
    const secondWon = await createStage(admin, {
      name: 'Won (renewal)',
      probability: 100,
      kind: 'won',
      rottingDays: null,
    });
    if (!secondWon.ok) throw new Error('not created');
    // With two won stages, the first goes (its deals to the second); the second is then the only one.
    const wonDeals = await dealsIn(won.id);
    const w = (await stages()).find((s) => s.id === won.id)!;
    const removed = await removeStage(admin, { id: won.id, version: w.version, targetId: secondWon.id });
    expect(removed).toMatchObject({ ok: true, moved: wonDeals.length });
    const w2 = (await stages()).find((s) => s.id === secondWon.id)!;
    expect(await removeStage(admin, { id: w2.id, version: w2.version, targetId: won.id })).toEqual({
      ok: false,
      reason: 'stageTarget',
    });
    const l = (await stages()).find((s) => s.id === lost.id)!;
    expect(await removeStage(admin, { id: l.id, version: l.version, targetId: l.id })).toEqual({
      ok: false,
      reason: 'stageTarget',
    });
    expect(
      await updateStage(admin, {
        id: w2.id,
        version: w2.version,
        name: w2.name,
        probability: 100,
        kind: 'won',
        rottingDays: null,
        active: false,
      }),
    ).toMatchObject({ ok: false });
  });

  it('refuses removing the last open stage', async () => {
    // Remove open stages one by one into the next until one is left.
    for (;;) {
      const open = await openStages();
      if (open.length === 1) {
        const [last] = open;
        const lost = (await stages()).find((s) => s.active && s.isLost)!;
        expect(await removeStage(admin, { id: last.id, version: last.version, targetId: lost.id })).toEqual({
          ok: false,
          reason: 'stageTarget',
        });
        const other = await createStage(admin, { name: 'Temp', probability: 1, kind: 'open', rottingDays: null });
        if (!other.ok) throw new Error('not created');
        // With a second open stage the last one can go; the survivor may not.
        const fresh = (await stages()).find((s) => s.id === last.id)!;
        expect((await removeStage(admin, { id: fresh.id, version: fresh.version, targetId: other.id })).ok).toBe(true);
        const t = (await stages()).find((s) => s.id === other.id)!;
        expect(
          await updateStage(admin, {
            id: t.id,
            version: t.version,
            name: t.name,
            probability: 1,
            kind: 'open',
            rottingDays: null,
            active: false,
          }),
        ).toMatchObject({ ok: false });
        return;
      }
      const [a, b] = open;
      expect((await removeStage(admin, { id: a.id, version: a.version, targetId: b.id })).ok).toBe(true);
    }
  });

  it('a move into the stage being removed waits for the removal, then finds the stage gone; no deal is left in it', async () => {
    // Both at once, a few times over: whichever runs first, the deal never ends in the removed stage.
    for (let round = 0; round < 4; round++) {
      const created = await createStage(admin, {
        name: `Doomed ${round}`,
        probability: 20,
        kind: 'open',
        rottingDays: null,
      });
      if (!created.ok) throw new Error('not created');
      const target = (await openStages()).find((s) => s.id !== created.id)!;
      const [deal] = await db
        .select({ id: deals.id, version: deals.version })
        .from(deals)
        .where(and(eq(deals.ownerId, rep.userId), eq(deals.status, 'open'), sql`${deals.stageId} <> ${created.id}`))
        .limit(1);
      const doomed = (await stages()).find((s) => s.id === created.id)!;
      const move = () => moveDeal(rep, { dealId: deal.id, version: deal.version, toStageId: doomed.id, afterId: null });
      const remove = () => removeStage(admin, { id: doomed.id, version: doomed.version, targetId: target.id });
      const [removal, moved] =
        round % 2 === 0 ? await Promise.all([remove(), move()]) : (await Promise.all([move(), remove()])).reverse();
      expect(removal.ok).toBe(true);
      expect(await dealsIn(doomed.id)).toEqual([]);
      const [d] = await db.select({ stageId: deals.stageId }).from(deals).where(eq(deals.id, deal.id));
      if ('ok' in moved && moved.ok) {
        // The move went first: the removal moved the deal on to the target, with its history.
        expect(d.stageId).toBe(target.id);
        const [h] = await db
          .select({ id: dealStageHistory.id })
          .from(dealStageHistory)
          .where(and(eq(dealStageHistory.dealId, deal.id), eq(dealStageHistory.fromStageId, doomed.id)));
        expect(h).toBeDefined();
      } else expect(moved).toEqual({ ok: false, reason: 'notFound' });
      const [row] = await db
        .select({ active: pipelineStages.active })
        .from(pipelineStages)
        .where(eq(pipelineStages.id, doomed.id));
      expect(row?.active ?? false).toBe(false);
    }
  });

  it('crafted calls of the stage actions by a manager or a rep are refused and change nothing', async () => {
    const before = await stages();
    const [s] = await openStages();
    for (const who of [manager, rep]) {
      signInAs(who);
      expect(await createStageAction(undefined, formOf({ name: 'X', probability: '5', kind: 'open' }))).toMatchObject({
        ok: false,
        reason: 'forbidden',
      });
      expect(await moveStageAction({ id: s.id, direction: 'down' })).toMatchObject({ ok: false, reason: 'forbidden' });
      expect(
        await removeStageAction(undefined, formOf({ id: s.id, version: String(s.version), targetId: before[1].id })),
      ).toMatchObject({ ok: false, reason: 'forbidden' });
    }
    expect(await stages()).toEqual(before);
  });

  it('malformed input is a field error, not a 500', async () => {
    signInAs(admin);
    expect(
      await createStageAction(undefined, formOf({ name: '', probability: '140', kind: 'maybe', rottingDays: '-3' })),
    ).toMatchObject({
      ok: false,
      fieldErrors: {
        name: ['required'],
        probability: ['probability'],
        kind: ['stageKind'],
        rottingDays: ['rottingDays'],
      },
    });
    expect(await removeStageAction(undefined, formOf({ id: 'nope', version: 'x', targetId: '' }))).toMatchObject({
      ok: false,
      reason: 'invalid',
    });
  });
});

function formOf(values: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(values)) f.set(k, v);
  return f;
}
