import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { campaignMembers } from '@/db/schema';
import type { Viewer } from '@/lib/auth/permissions';
import { setupTestDatabase } from '@/lib/testing/db';
import { createTestUser } from '@/lib/testing/factories';
import { createCampaign } from './campaigns';
import { countCampaignMembers, countSkipReasons, listCampaignMembers } from './members';
import { makeAudience, uniq } from './testing/helpers';

// The stats page's recipients (members.ts): keyset pages in customer-id order, a status filter, an
// address-prefix search, a capped count and the skipped split by reason; nothing for reps.

setupTestDatabase();

let manager: Viewer, rep: Viewer;
let campaignId: string;
let ids: string[];

beforeAll(async () => {
  let marketer: Viewer;
  [manager, marketer, rep] = await Promise.all(
    (['manager', 'marketer', 'sales_rep'] as const).map((r) => createTestUser(r)),
  );
  const tag = uniq();
  const { segmentId, customers } = await makeAudience([
    { email: `ann.${tag}@example.org` },
    { email: `anna.${tag}@example.org` },
    { email: `joann.${tag}@example.org` },
    { email: `bob.${tag}@example.org` },
    { email: `a%b.${tag}@example.org` },
  ]);
  const created = await createCampaign(marketer, {
    name: `Members ${tag}`,
    subject: 'Hi',
    fromName: null,
    fromAddress: null,
    bodyText: 'Hello',
    bodyHtml: null,
    segmentId,
    cost: '0',
    ratePerMinute: 600,
    holdoutPercent: 0,
    attributionDays: 7,
  });
  if (!created.ok) throw new Error(created.reason);
  campaignId = created.id;
  const statuses = ['sent', 'sent', 'skipped', 'failed', 'skipped'] as const;
  await db.insert(campaignMembers).values(
    customers.map((c, i) => ({
      campaignId,
      customerId: c.id,
      email: c.email!.toLowerCase(),
      status: statuses[i],
      skipReason: statuses[i] === 'skipped' ? (i === 2 ? ('no_consent' as const) : ('duplicate' as const)) : null,
    })),
  );
  ids = customers.map((c) => c.id).sort();
});

describe('listCampaignMembers', () => {
  it('pages through every member once, in customer-id order, two at a time', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < 5; page++) {
      const rows = await listCampaignMembers(manager, campaignId, { after, limit: 2 });
      if (rows.length === 0) break;
      seen.push(...rows.map((r) => r.customerId));
      after = rows[rows.length - 1].customerId;
    }
    expect(seen).toEqual(ids);
  });

  it('filters by status and by address prefix (case-insensitive; % and _ are literal)', async () => {
    const skipped = await listCampaignMembers(manager, campaignId, { status: 'skipped' });
    expect(skipped.map((r) => r.email.split('.')[0]).sort()).toEqual(['a%b', 'joann']);
    const ann = await listCampaignMembers(manager, campaignId, { email: 'ANN' });
    expect(ann.map((r) => r.email.split('.')[0]).sort()).toEqual(['ann', 'anna']);
    expect(await listCampaignMembers(manager, campaignId, { email: 'a%' })).toHaveLength(1);
    expect(await listCampaignMembers(manager, campaignId, { email: '%' })).toEqual([]);
    expect(await listCampaignMembers(manager, campaignId, { email: 'ann', status: 'failed' })).toEqual([]);
  });

  it('counts a filter exactly below the cap, and splits the skipped by reason', async () => {
    expect(await countCampaignMembers(manager, campaignId, { status: 'sent' })).toEqual({ value: 2, exact: true });
    expect(await countCampaignMembers(manager, campaignId, { email: 'ann' })).toEqual({ value: 2, exact: true });
    const skips = await countSkipReasons(manager, campaignId, 2);
    expect(skips?.exact).toBe(true);
    expect(skips?.rows).toEqual(
      expect.arrayContaining([
        { reason: 'no_consent', count: 1 },
        { reason: 'duplicate', count: 1 },
      ]),
    );
  });

  it('gives a rep nothing', async () => {
    expect(await listCampaignMembers(rep, campaignId)).toEqual([]);
    expect(await countCampaignMembers(rep, campaignId, {})).toBeNull();
    expect(await countSkipReasons(rep, campaignId, 2)).toBeNull();
  });
});
