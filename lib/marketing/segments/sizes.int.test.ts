import { asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { customers, segmentSizes, segments } from '@/db/schema';
import type { Viewer } from '@/lib/auth/permissions';
import { setupTestDatabase } from '@/lib/testing/db';
import { createTestUser } from '@/lib/testing/factories';
import type { Group } from './rules';
import { createSegment, freezeSegment, updateSegment } from './segments';
import { segmentSizeSeries } from './size-history';
import { recordAllSegmentSizes } from './sizes';

setupTestDatabase();

let marketer: Viewer;
beforeAll(async () => {
  marketer = await createTestUser('marketer');
});

const byIndustry = (industry: string): Group => ({
  type: 'group',
  match: 'all',
  children: [{ type: 'condition', field: 'industry', op: 'eq', value: industry }],
});

async function people(industry: string, n: number) {
  await db
    .insert(customers)
    .values(Array.from({ length: n }, (_, i) => ({ kind: 'person' as const, name: `${industry} ${i}`, industry })));
}

const history = (segmentId: string) =>
  db
    .select({ count: segmentSizes.memberCount, source: segmentSizes.source })
    .from(segmentSizes)
    .where(eq(segmentSizes.segmentId, segmentId))
    .orderBy(asc(segmentSizes.at), asc(segmentSizes.id));

describe('segment size history', () => {
  it('records the size at each save and freeze, and every segment once a day', async () => {
    const tag = `Ind${Date.now().toString(36)}`;
    await people(tag, 3);
    await people(`${tag}b`, 2);
    const created = await createSegment(marketer, { name: `Sizes ${tag}`, description: null, rule: byIndustry(tag) });
    if (!created.ok) throw new Error(created.reason);
    expect(await history(created.id)).toEqual([{ count: 3, source: 'save' }]);

    const updated = await updateSegment(marketer, {
      id: created.id,
      version: 1,
      name: `Sizes ${tag}`,
      description: null,
      rule: byIndustry(`${tag}b`),
    });
    expect(updated.ok).toBe(true);
    expect((await history(created.id)).at(-1)).toEqual({ count: 2, source: 'save' });

    // Two more customers match; the daily job counts them and refreshes the dynamic segment's count.
    await people(`${tag}b`, 2);
    await recordAllSegmentSizes();
    expect((await history(created.id)).at(-1)).toEqual({ count: 4, source: 'daily' });
    const [row] = await db.select().from(segments).where(eq(segments.id, created.id));
    expect(row.memberCount).toBe(4);
    expect(row.version).toBe(2); // the job does not bump the version an editor holds

    const frozen = await freezeSegment(marketer, { id: created.id, version: 2 });
    expect(frozen).toMatchObject({ ok: true, memberCount: 4 });
    expect((await history(created.id)).at(-1)).toEqual({ count: 4, source: 'freeze' });
    const [before] = await db.select().from(segments).where(eq(segments.id, created.id));

    // A static segment keeps its members (and its freeze time) however many match now.
    await people(`${tag}b`, 5);
    await recordAllSegmentSizes();
    expect((await history(created.id)).map((h) => h.count)).toEqual([3, 2, 4, 4, 4]);
    const [after] = await db.select().from(segments).where(eq(segments.id, created.id));
    expect(after.lastComputedAt).toEqual(before.lastComputedAt);

    // The chart's series: the last size of each day.
    const today = new Date().toISOString().slice(0, 10);
    const series = await segmentSizeSeries(
      [created.id],
      new Date(Date.now() - 86_400_000),
      new Date(Date.now() + 60_000),
    );
    expect(series).toEqual([{ segmentId: created.id, day: today, memberCount: 4 }]);
  });
});
