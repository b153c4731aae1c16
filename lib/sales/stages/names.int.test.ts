import { and, desc, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { auditLog, dealStageHistory, deals, pipelineStages, users } from '@/db/schema';
import { seedDatabase } from '@/db/seed';
import type { Viewer } from '@/lib/auth/permissions';
import { getSalesDashboard, SalesDashboardFilterSchema } from '@/lib/sales/dashboard';
import { getBoard } from '@/lib/sales/deals/board';
import { BoardFilterSchema } from '@/lib/sales/deals/board-filters';
import { exportDeals } from '@/lib/sales/deals/deal-export';
import { DealFilterSchema } from '@/lib/sales/deals/deal-filters';
import { getDeal, listDealHistory, listDeals } from '@/lib/sales/deals/deals';
import { setupTestDatabase } from '@/lib/testing/db';
import { seededViewer } from '@/lib/testing/factories';
import { signInAs } from '@/lib/testing/session-mock';
import { updateStageAction } from './stage-actions';
import { listActiveStages, listStageAdmin, updateStage } from './stages';

vi.mock('@/lib/auth/auth', async () => (await import('@/lib/testing/session-mock')).authMock);
vi.mock('next/cache', async () => (await import('@/lib/testing/next-mocks')).cacheMock);

const ctx = setupTestDatabase();

let admin: Viewer, rep: Viewer, repZh: Viewer;

const stageRow = async (name: string) => {
  const [s] = await db
    .select({ id: pipelineStages.id, version: pipelineStages.version, names: pipelineStages.names })
    .from(pipelineStages)
    .where(eq(pipelineStages.name, name));
  return s;
};

const form = (values: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(values)) f.set(k, v);
  return f;
};

beforeAll(async () => {
  await seedDatabase(ctx.handle, { scale: 'test', anchor: new Date('2026-06-30T00:00:00Z') });
  // Two reps, one of whom uses Lodestar in 简体中文; the other has picked no language (English).
  await db.update(users).set({ locale: 'zh-CN' }).where(eq(users.email, 'rep2@lodestar.test'));
  [admin, rep, repZh] = await Promise.all([
    seededViewer('admin@lodestar.test'),
    seededViewer('rep@lodestar.test'),
    seededViewer('rep2@lodestar.test'),
  ]);
}, 120_000);

describe('stage names per locale', () => {
  it("a zh-CN viewer's board, deal list, deal page, history, forecast inputs and export name stages in 简体中文", async () => {
    const board = await getBoard(repZh, BoardFilterSchema.parse({}));
    expect(board?.columns.map((c) => c.stage.name)).toEqual([
      '初步接洽',
      '需求确认',
      '方案报价',
      '商务谈判',
      '承诺成交',
    ]);
    expect(board?.won?.name).toBe('赢单');
    const en = await getBoard(rep, BoardFilterSchema.parse({}));
    expect(en?.columns[0].stage.name).toBe('Prospecting');

    const list = await listDeals(repZh, DealFilterSchema.parse({}));
    expect(list.rows.length).toBeGreaterThan(0);
    const zhNames = new Set(['初步接洽', '需求确认', '方案报价', '商务谈判', '承诺成交', '赢单', '输单']);
    for (const r of list.rows) expect(zhNames).toContain(r.stageName);
    // The page's own locale wins over the saved one (a cookie or Accept-Language choice).
    const asEnglish = await listDeals(repZh, DealFilterSchema.parse({}), 'en');
    expect(asEnglish.rows[0].stageName).toMatch(/^[A-Z]/);

    const [{ id: dealId }] = await db
      .select({ id: deals.id })
      .from(deals)
      .innerJoin(dealStageHistory, eq(dealStageHistory.dealId, deals.id))
      .where(and(eq(deals.ownerId, repZh.userId), sql`${dealStageHistory.fromStageId} is not null`))
      .limit(1);
    const deal = await getDeal(repZh, dealId);
    expect(zhNames).toContain(deal?.stageName);
    const history = await listDealHistory(repZh, dealId);
    expect(history.some((h) => h.fromStageName && zhNames.has(h.fromStageName))).toBe(true);
    for (const h of history) expect(zhNames).toContain(h.toStageName);

    expect((await listActiveStages('zh-CN')).map((s) => s.name)).toContain('初步接洽');
    const dashboard = await getSalesDashboard(repZh, SalesDashboardFilterSchema.parse({}));
    expect(dashboard?.stages.map((s) => s.name)).toContain('初步接洽');

    const exported = await exportDeals(repZh, DealFilterSchema.parse({}));
    if (exported === 'forbidden') throw new Error('forbidden');
    const csv = await new Response(exported.stream).text();
    expect(csv).toContain('初步接洽');
    expect(csv).not.toContain('Prospecting');
  });

  it('a blank or missing 简体中文 name falls back to the English one', async () => {
    const s = await stageRow('Proposal');
    // Whitespace only, written straight to the table: still blank.
    await db
      .update(pipelineStages)
      .set({ names: { 'zh-CN': '   ' } })
      .where(eq(pipelineStages.id, s.id));
    const board = await getBoard(repZh, BoardFilterSchema.parse({}));
    expect(board?.columns.map((c) => c.stage.name)).toContain('Proposal');
    expect((await listActiveStages('zh-CN')).map((x) => x.name)).toContain('Proposal');
    await db.update(pipelineStages).set({ names: {} }).where(eq(pipelineStages.id, s.id));
    const list = await listDeals(repZh, DealFilterSchema.parse({ stage: s.id }));
    expect(list.rows.length).toBeGreaterThan(0);
    expect(new Set(list.rows.map((r) => r.stageName))).toEqual(new Set(['Proposal']));
    const admin = await listStageAdmin(repZh);
    expect(admin).toBeNull();
  });

  it("the admin edits both names; the change is audited; a bad 简体中文 name is that field's error", async () => {
    const s = await stageRow('Negotiation');
    signInAs(admin);
    const saved = await updateStageAction(
      undefined,
      form({
        id: s.id,
        version: String(s.version),
        name: 'Negotiation & terms',
        nameZh: '  谈判与条款 ',
        probability: '60',
        kind: 'open',
        rottingDays: '14',
        active: 'on',
      }),
    );
    expect(saved).toMatchObject({ ok: true });
    const after = await stageRow('Negotiation & terms');
    expect(after.names).toEqual({ 'zh-CN': '谈判与条款' });
    const [entry] = await db
      .select({ diff: auditLog.diff, actorId: auditLog.actorId })
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'stage'), eq(auditLog.entityId, s.id), eq(auditLog.action, 'update')))
      .orderBy(desc(auditLog.at));
    expect(entry.actorId).toBe(admin.userId);
    expect(entry.diff).toMatchObject({
      name: ['Negotiation', 'Negotiation & terms'],
      names: [{ 'zh-CN': '商务谈判' }, { 'zh-CN': '谈判与条款' }],
    });
    const board = await getBoard(repZh, BoardFilterSchema.parse({}));
    expect(board?.columns.map((c) => c.stage.name)).toContain('谈判与条款');
    const listed = (await listStageAdmin(admin, 'zh-CN'))?.find((x) => x.id === s.id);
    expect(listed).toMatchObject({ name: 'Negotiation & terms', nameZh: '谈判与条款', displayName: '谈判与条款' });

    // Clearing the 简体中文 name: the English one shows again.
    const cleared = await updateStage(admin, {
      id: s.id,
      version: after.version,
      name: 'Negotiation & terms',
      nameZh: '',
      probability: 60,
      kind: 'open',
      rottingDays: 14,
      active: true,
    });
    expect(cleared).toEqual({ ok: true, id: s.id });
    expect((await stageRow('Negotiation & terms')).names).toEqual({});

    const bad = await updateStageAction(
      undefined,
      form({
        id: s.id,
        version: String(after.version + 1),
        name: 'Negotiation',
        nameZh: `=HYPERLINK("x")${'长'.repeat(70)}`,
        probability: '60',
        kind: 'open',
      }),
    );
    expect(bad).toMatchObject({ ok: false, fieldErrors: { nameZh: expect.arrayContaining(['tooLong']) } });
    expect(bad).not.toHaveProperty('fieldErrors.name');
  });
});
