import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { auditLog, customerScores, customers, segmentMembers, segments } from '@/db/schema';
import { seedDatabase } from '@/db/seed';
import { ALIVE_BANDS, segmentName } from '@/lib/analytics/labels';
import { refreshAnalytics } from '@/lib/analytics/refresh';
import type { Viewer } from '@/lib/auth/permissions';
import { setupTestDatabase } from '@/lib/testing/db';
import { seededViewer } from '@/lib/testing/factories';
import { signInAs } from '@/lib/testing/session-mock';
import { exportSegmentMembers } from './export';
import { type Condition, type Group, SegmentRuleSchema } from './rules';
import {
  createSegmentAction,
  deleteSegmentAction,
  freezeSegmentAction,
  previewSegmentAction,
  updateSegmentAction,
} from './segment-actions';
import {
  applyRule,
  createSegment,
  freezeSegment,
  getSegment,
  listSegments,
  previewSegment,
  updateSegment,
} from './segments';

vi.mock('@/lib/auth/auth', async () => (await import('@/lib/testing/session-mock')).authMock);
vi.mock('next/cache', async () => (await import('@/lib/testing/next-mocks')).cacheMock);

const ctx = setupTestDatabase();

let admin: Viewer, manager: Viewer, marketer: Viewer, rep: Viewer, agent: Viewer;

type Row = {
  id: string;
  kind: string;
  country: string | null;
  industry: string | null;
  tags: string[];
  ownerId: string | null;
  createdAt: Date;
  emailConsent: boolean;
  unsubscribedAt: Date | null;
  lastOrderOn: string | null;
  frequency: number | null;
  monetary: string | null;
  rfmSegment: string | null;
  valueClass: string | null;
  clvBand: number | null;
  pAlive: number | null;
  cluster: number | null;
  churnRisk: number | null;
};
let all: Row[];

/** Live customers with their current scores, read plainly (no compiler). */
async function loadRows(): Promise<Row[]> {
  return db
    .select({
      id: customers.id,
      kind: customers.kind,
      country: customers.country,
      industry: customers.industry,
      tags: customers.tags,
      ownerId: customers.ownerId,
      createdAt: customers.createdAt,
      emailConsent: customers.emailConsent,
      unsubscribedAt: customers.unsubscribedAt,
      lastOrderOn: customerScores.lastOrderOn,
      frequency: customerScores.frequency,
      monetary: customerScores.monetary,
      rfmSegment: customerScores.rfmSegment,
      valueClass: customerScores.valueClass,
      clvBand: customerScores.clvBand,
      pAlive: customerScores.pAlive,
      cluster: customerScores.cluster,
      churnRisk: customerScores.churnRisk,
    })
    .from(customers)
    .leftJoin(
      customerScores,
      and(
        eq(customerScores.customerId, customers.id),
        sql`${customerScores.runId} = (select run_id from analytics_current where kind = 'customer_scores')`,
      ),
    )
    .where(sql`${customers.deletedAt} is null`);
}

// A plain JS reading of the rule semantics (rules.ts / compile.ts), written independently.
const DAY = 86_400_000;
const utcDay = (d: string, plus = 0) => Date.parse(`${d}T00:00:00Z`) + plus * DAY;
const today = () => new Date(new Date().toISOString().slice(0, 10)).getTime();
function value(r: Row, field: Condition['field']): unknown {
  switch (field) {
    case 'owner':
      return r.ownerId;
    case 'createdAt':
      return r.createdAt.getTime();
    case 'lastOrderAt':
      return r.lastOrderOn ? utcDay(r.lastOrderOn) : null;
    case 'orderCount':
      return r.frequency ?? 0;
    case 'totalSpend':
      return Number(r.monetary ?? 0);
    case 'emailConsent':
      return r.emailConsent && !r.unsubscribedAt;
    case 'industry':
      return r.industry?.toLowerCase() ?? null;
    case 'aliveBand':
      return r.pAlive;
    default:
      return r[field as keyof Row];
  }
}
function matches(r: Row, c: Condition): boolean {
  const v = value(r, c.field);
  const x = c.value as never;
  const norm = (y: unknown) =>
    c.field === 'rfmSegment' ? segmentName(y as never) : c.field === 'industry' ? String(y).toLowerCase() : y;
  if (c.field === 'aliveBand') {
    const inBand = (b: string) => {
      const [lo, hi] = ALIVE_BANDS[b as keyof typeof ALIVE_BANDS];
      return v !== null && (v as number) >= lo && (v as number) < hi;
    };
    if (c.op === 'eq') return inBand(x);
    if (c.op === 'neq') return !inBand(x);
    if (c.op === 'in') return (x as string[]).some(inBand);
    if (c.op === 'isEmpty') return (v === null) === x;
  }
  if (c.field === 'tags') {
    const tags = v as string[];
    if (c.op === 'contains') return tags.includes(x);
    if (c.op === 'in') return (x as string[]).some((t) => tags.includes(t));
    return (tags.length === 0) === x;
  }
  if (c.field === 'createdAt' || c.field === 'lastOrderAt') {
    const ts = c.field === 'createdAt';
    if (v === null) return c.op === 'notWithinLast' || (c.op === 'isEmpty' && x);
    const t = v as number;
    switch (c.op) {
      case 'before':
        return t < utcDay(x);
      case 'after':
        return ts ? t >= utcDay(x, 1) : t > utcDay(x);
      case 'between':
        return ts
          ? t >= utcDay((x as string[])[0]) && t < utcDay((x as string[])[1], 1)
          : t >= utcDay((x as string[])[0]) && t <= utcDay((x as string[])[1]);
      case 'withinLast':
        return ts ? t >= Date.now() - (x as number) * DAY : t >= today() - (x as number) * DAY;
      case 'notWithinLast':
        return ts ? t < Date.now() - (x as number) * DAY : t < today() - (x as number) * DAY;
      case 'isEmpty':
        return !x;
    }
  }
  switch (c.op) {
    case 'eq':
      return v === norm(x);
    case 'neq':
      return v !== norm(x);
    case 'in':
      return (x as unknown[]).map(norm).includes(v);
    case 'contains':
      return v !== null && String(v).toLowerCase().includes(String(x).toLowerCase());
    case 'gt':
      return (v as number) !== null && (v as number) > x;
    case 'gte':
      return (v as number) !== null && (v as number) >= x;
    case 'lt':
      return (v as number) !== null && (v as number) < x;
    case 'lte':
      return (v as number) !== null && (v as number) <= x;
    case 'between':
      return v !== null && (v as number) >= (x as number[])[0] && (v as number) <= (x as number[])[1];
    case 'isEmpty':
      return (v === null || v === '') === x;
  }
  throw new Error(`unhandled ${c.field} ${c.op}`);
}
function evaluate(r: Row, g: Group): boolean {
  if (g.children.length === 0) return true;
  const test = (c: Condition | Group) => (c.type === 'group' ? evaluate(r, c) : matches(r, c));
  return g.match === 'all' ? g.children.every(test) : g.children.some(test);
}

const cond = (field: string, op: string, value?: unknown) => ({ type: 'condition', field, op, value });
const group = (match: 'all' | 'any', ...children: unknown[]) => ({ type: 'group', match, children });

async function compiledIds(rule: Group): Promise<string[]> {
  const rows = await applyRule(db.select({ id: customers.id }).from(customers).$dynamic(), rule);
  return rows.map((r) => r.id).sort();
}

beforeAll(async () => {
  await seedDatabase(ctx.handle, { scale: 'test', anchor: new Date('2026-06-30T00:00:00Z') });
  const result = await refreshAnalytics({ trigger: 'cli', asOf: '2026-06-30' });
  if (!result.ok) throw new Error(`refresh failed: ${JSON.stringify(result)}`);
  [admin, manager, marketer, rep, agent] = await Promise.all([
    seededViewer('admin@lodestar.test'),
    seededViewer('manager@lodestar.test'),
    seededViewer('marketer@lodestar.test'),
    seededViewer('rep@lodestar.test'),
    seededViewer('agent@lodestar.test'),
  ]);
  all = await loadRows();
}, 180_000);

describe('compiled segments select what a plain filter selects', () => {
  const cases: [string, () => unknown][] = [
    [
      'country = US and (Champions or total spend > the median)',
      () => {
        const spends = all.map((r) => Number(r.monetary ?? 0)).sort((a, b) => a - b);
        return group(
          'all',
          cond('country', 'eq', 'US'),
          group('any', cond('rfmSegment', 'eq', 'champions'), cond('totalSpend', 'gt', spends[spends.length >> 1])),
        );
      },
    ],
    [
      'any of: industry contains, a tag, a company',
      () => {
        const tag = all.find((r) => r.tags.length)?.tags[0] ?? 'vip';
        const industry = all.find((r) => r.industry)?.industry ?? 'Retail';
        return group(
          'any',
          cond('industry', 'contains', industry.slice(1, 4).toUpperCase()),
          cond('tags', 'contains', tag),
          cond('kind', 'eq', 'company'),
        );
      },
    ],
    [
      'purchase facts and negatives (neq includes no country)',
      () =>
        group(
          'all',
          cond('orderCount', 'gte', 2),
          cond('lastOrderAt', 'before', '2026-05-01'),
          cond('country', 'neq', 'US'),
          cond('totalSpend', 'between', [100, 100000]),
        ),
    ],
    [
      'analytics: value class, P(alive), churn risk, cluster, CLV band',
      () =>
        group(
          'all',
          cond('valueClass', 'in', ['important-value', 'important-develop', 'general-value', 'general-develop']),
          group('any', cond('aliveBand', 'in', ['high', 'medium']), cond('churnRisk', 'lt', 0.3)),
          cond('cluster', 'neq', 0),
          cond('clvBand', 'neq', 1),
        ),
    ],
    [
      'no purchase: last order empty, 0 orders, not within',
      () =>
        group(
          'any',
          cond('lastOrderAt', 'isEmpty', true),
          group('all', cond('orderCount', 'lt', 1), cond('lastOrderAt', 'notWithinLast', 30)),
        ),
    ],
    [
      'customer fields: created between, consent, owner set, industry empty, tags any',
      () =>
        group(
          'any',
          group(
            'all',
            cond('createdAt', 'between', ['2024-01-01', '2026-03-31']),
            cond('emailConsent', 'eq', true),
            cond('owner', 'isEmpty', false),
          ),
          group('all', cond('industry', 'isEmpty', true), cond('tags', 'in', ['vip', 'partner', 'enterprise'])),
          cond('owner', 'eq', rep.userId),
        ),
    ],
    [
      'three levels, within the last N days, rfm neq',
      () =>
        group(
          'all',
          cond('lastOrderAt', 'withinLast', 3650),
          group(
            'any',
            cond('rfmSegment', 'neq', 'lost'),
            group('all', cond('aliveBand', 'eq', 'veryLow'), cond('kind', 'eq', 'person')),
          ),
        ),
    ],
  ];

  for (const [name, build] of cases)
    it(name, async () => {
      const rule = SegmentRuleSchema.parse(build());
      const expected = all
        .filter((r) => evaluate(r, rule))
        .map((r) => r.id)
        .sort();
      const got = await compiledIds(rule);
      expect(got).toEqual(expected);
      // Not a vacuous check: each rule selects some customers but not all.
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(all.length);
    });
});

describe('segment data functions', () => {
  const usRule = () => SegmentRuleSchema.parse(group('all', cond('country', 'eq', 'US')));
  const usIds = () => all.filter((r) => r.country === 'US').map((r) => r.id);

  it('a marketer creates, previews, updates (versioned), freezes and exports a segment; all audited', async () => {
    const preview = await previewSegment(marketer, usRule());
    expect(preview?.count).toEqual({ value: usIds().length, exact: true });
    expect(preview?.sample.length).toBe(Math.min(20, usIds().length));
    expect(preview?.sample.every((s) => usIds().includes(s.id))).toBe(true);

    const created = await createSegment(marketer, { name: 'US', description: null, rule: usRule() });
    if (!created.ok) throw new Error('create failed');
    const seg = await getSegment(manager, created.id);
    expect(seg).toMatchObject({ name: 'US', kind: 'rules', memberCount: usIds().length, version: 1 });

    const anyRule = SegmentRuleSchema.parse(group('any', cond('country', 'eq', 'US'), cond('country', 'eq', 'CN')));
    const updated = await updateSegment(marketer, {
      id: created.id,
      version: 1,
      name: 'US or CN',
      description: 'x',
      rule: anyRule,
    });
    expect(updated.ok).toBe(true);
    const stale = await updateSegment(admin, {
      id: created.id,
      version: 1,
      name: 'lost',
      description: null,
      rule: usRule(),
    });
    expect(stale).toEqual({ ok: false, reason: 'stale' });
    const expected = all.filter((r) => r.country === 'US' || r.country === 'CN').map((r) => r.id);
    expect(await getSegment(marketer, created.id)).toMatchObject({
      name: 'US or CN',
      version: 2,
      memberCount: expected.length,
    });

    const frozen = await freezeSegment(marketer, { id: created.id, version: 2 });
    expect(frozen).toMatchObject({ ok: true, memberCount: expected.length });
    const members = await db.select().from(segmentMembers).where(eq(segmentMembers.segmentId, created.id));
    expect(members.map((m) => m.customerId).sort()).toEqual(expected.sort());
    expect(await getSegment(marketer, created.id)).toMatchObject({ kind: 'static', version: 3 });

    const exported = await exportSegmentMembers(manager, created.id, 7);
    if (typeof exported === 'string') throw new Error(exported);
    const csv = await new Response(exported.stream).text();
    const lines = csv.trim().split('\r\n');
    expect(lines.length).toBe(expected.length + 1);
    expect(exported.rowCount).toBe(expected.length);
    const ids = lines.slice(1).map((l) => l.split(',')[0]);
    expect(ids.sort()).toEqual(expected.sort());

    const actions = await db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'segment'), eq(auditLog.entityId, created.id)));
    expect(actions.map((a) => a.action).sort()).toEqual(['create', 'export', 'freeze', 'update']);
    expect((await listSegments(manager)).map((s) => s.id)).toContain(created.id);
  });

  it('a stored definition that is not a rule tree selects nobody (never everybody) and cannot be frozen', async () => {
    const [odd] = await db
      .insert(segments)
      .values({ name: 'legacy', kind: 'rfm_segment', definition: { segment: 'atRisk' } })
      .returning();
    expect(await getSegment(marketer, odd.id)).toMatchObject({ readable: false });
    const exported = await exportSegmentMembers(marketer, odd.id);
    if (typeof exported === 'string') throw new Error(exported);
    expect(exported.rowCount).toBe(0);
    expect((await new Response(exported.stream).text()).trim().split('\r\n')).toHaveLength(1);
    expect(await freezeSegment(marketer, { id: odd.id, version: 1 })).toEqual({ ok: false, reason: 'invalid' });
    expect(await db.select().from(segmentMembers).where(eq(segmentMembers.segmentId, odd.id))).toEqual([]);
  });

  it('reps and agents calling the actions are refused; a manager may preview but not write', async () => {
    const [existing] = await db
      .insert(segments)
      .values({ name: 'kept', kind: 'rules', definition: { version: 1, rule: usRule() } })
      .returning();
    const before = await db.select({ n: sql<number>`count(*)::int` }).from(segments);
    for (const who of [rep, agent]) {
      signInAs(who);
      expect(await previewSegmentAction({ rule: usRule() })).toMatchObject({ ok: false, reason: 'forbidden' });
      expect(await createSegmentAction({ name: 'x', rule: usRule() })).toMatchObject({
        ok: false,
        reason: 'forbidden',
      });
      expect(await updateSegmentAction({ id: existing.id, version: 1, name: 'x', rule: usRule() })).toMatchObject({
        ok: false,
        reason: 'forbidden',
      });
      expect(await freezeSegmentAction({ id: existing.id, version: 1 })).toMatchObject({ reason: 'forbidden' });
      expect(await deleteSegmentAction({ id: existing.id, version: 1 })).toMatchObject({ reason: 'forbidden' });
      expect(await listSegments(who)).toEqual([]);
      expect(await getSegment(who, existing.id)).toBeNull();
      expect(await exportSegmentMembers(who, existing.id)).toBe('forbidden');
    }
    signInAs(manager);
    expect(await previewSegmentAction({ rule: usRule() })).toMatchObject({
      ok: true,
      data: { count: { value: usIds().length } },
    });
    expect(await createSegmentAction({ name: 'x', rule: usRule() })).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(await deleteSegmentAction({ id: existing.id, version: 1 })).toMatchObject({ reason: 'forbidden' });
    expect(await db.select({ n: sql<number>`count(*)::int` }).from(segments)).toEqual(before);
    expect(await getSegment(admin, existing.id)).toMatchObject({ name: 'kept', version: 1 });
  });

  it('malformed rule JSON is refused with a clear message and nothing is written', async () => {
    signInAs(marketer);
    const before = await db.select({ n: sql<number>`count(*)::int` }).from(segments);
    const audits = await db.select({ n: sql<number>`count(*)::int` }).from(auditLog);
    const bad = [
      { name: 'x', rule: group('all', cond('password_hash', 'eq', 'x')) },
      { name: 'x', rule: group('all', cond('country', 'eq', "US' or '1'='1")) },
      { name: 'x', rule: group('all', group('any', group('all', group('any', cond('country', 'eq', 'US'))))) },
      { name: 'x', rule: '{"type":"group","match":"all","children":[]}' },
      { name: 'x', rule: { ...group('all'), where: 'true' } },
      { name: '', rule: group('all') },
    ];
    for (const input of bad) {
      const result = await createSegmentAction(input);
      expect(result).toMatchObject({ ok: false, reason: 'invalid', message: 'invalid' });
      expect(Object.keys(result.fieldErrors ?? {}).length).toBeGreaterThan(0);
    }
    expect((await createSegmentAction(bad[0])).fieldErrors?.rule).toEqual(['ruleField']);
    expect((await createSegmentAction(bad[2])).fieldErrors?.rule).toEqual(['ruleTooDeep']);
    expect(await previewSegmentAction({ rule: bad[1].rule })).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await db.select({ n: sql<number>`count(*)::int` }).from(segments)).toEqual(before);
    expect(await db.select({ n: sql<number>`count(*)::int` }).from(auditLog)).toEqual(audits);
    // A valid one goes through the same action.
    expect(await createSegmentAction({ name: 'ok', rule: group('all', cond('country', 'eq', 'us')) })).toMatchObject({
      ok: true,
    });
  });
});
