import { eq, sql } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { contacts, customers, segments } from '@/db/schema';
import type { Viewer } from '@/lib/auth/permissions';
import { setupTestDatabase } from '@/lib/testing/db';
import { createTestUser } from '@/lib/testing/factories';
import { signInAs } from '@/lib/testing/session-mock';
import {
  estimateCampaignAudienceAction,
  previewCampaignAction,
  searchCampaignRecipientsAction,
} from './campaign-actions';
import { estimateCampaignAudience, previewCampaign, searchCampaignRecipients } from './preview';
import { makeAudience, uniq } from './testing/helpers';

// The editor's per-recipient preview (preview.ts): marketing readers only (managers included), and
// only for a customer of the chosen segment's audience.

vi.mock('@/lib/auth/auth', async () => (await import('@/lib/testing/session-mock')).authMock);
vi.mock('next/cache', async () => (await import('@/lib/testing/next-mocks')).cacheMock);

setupTestDatabase();

let manager: Viewer, marketer: Viewer, rep: Viewer, agent: Viewer;
let segmentId: string;
let ann: { id: string }, acme: { id: string }, quiet: { id: string }, outsider: { id: string };

const template = {
  subject: 'Hello {{first_name}}',
  bodyText: 'Dear {{first_name}} {{last_name}} of {{company}}, see https://example.org/sale',
  bodyHtml: '<p>Hi {{first_name}}</p><p><a href="https://example.org/sale">Sale</a></p>',
};

beforeAll(async () => {
  [manager, marketer, rep, agent] = await Promise.all(
    (['manager', 'marketer', 'sales_rep', 'service_agent'] as const).map((r) => createTestUser(r)),
  );
  const audience = await makeAudience([
    { name: 'Ann <b>Lee</b>' },
    { kind: 'company', name: 'Acme Widgets' },
    { name: 'Quiet Person', emailConsent: false },
  ]);
  segmentId = audience.segmentId;
  [ann, acme, quiet] = audience.customers;
  // The company's primary contact gives its first and last name.
  await db.insert(contacts).values({ customerId: acme.id, firstName: 'Wile', lastName: 'Coyote', isPrimary: true });
  [outsider] = await db
    .insert(customers)
    .values({ kind: 'person', name: `Outside ${uniq()}`, email: `out.${uniq()}@example.org`, emailConsent: true })
    .returning();
});

beforeEach(() => signInAs(null));

const input = (customerId: string) => ({ segmentId, customerId, ...template });

describe('previewCampaign', () => {
  it('renders the subject, HTML (values escaped, links as written) and text for a customer of the audience', async () => {
    const result = await previewCampaign(marketer, input(ann.id));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.preview.subject).toBe('Hello Ann');
    expect(result.preview.html).toContain('<p>Hi Ann</p>');
    expect(result.preview.html).toContain('href="https://example.org/sale"');
    // No tracking in a preview: no open pixel, no click redirect.
    expect(result.preview.html).not.toContain('/api/public/c/');
    expect(result.preview.text).toContain('Dear Ann <b>Lee</b> of ,');
    expect(result.preview.text).toMatch(/Unsubscribe: \S+\/unsubscribe/);
    expect(result.preview.wouldSkip).toBeNull();
    expect(result.preview.recipient).toMatchObject({ id: ann.id, name: 'Ann <b>Lee</b>' });
  });

  it("uses a company's primary contact for the names and says who would be skipped", async () => {
    const company = await previewCampaign(marketer, input(acme.id));
    expect(company).toMatchObject({ ok: true, preview: { subject: 'Hello Wile' } });
    if (company.ok) expect(company.preview.text).toContain('Dear Wile Coyote of Acme Widgets,');
    expect(await previewCampaign(marketer, input(quiet.id))).toMatchObject({
      ok: true,
      preview: { wouldSkip: 'no_consent' },
    });
  });

  it('escapes merge values in the HTML (a customer named with markup stays text)', async () => {
    const result = await previewCampaign(marketer, { ...input(ann.id), bodyHtml: '<p>{{last_name}}</p>' });
    expect(result.ok && result.preview.html).toContain('<p>&lt;b&gt;Lee&lt;/b&gt;</p>');
  });

  it('refuses a customer outside the audience, a deleted member and an unknown segment as notFound', async () => {
    expect(await previewCampaign(marketer, input(outsider.id))).toEqual({ ok: false, reason: 'notFound' });
    const [gone] = (await makeAudience([{ name: 'Gone Soon' }])).customers;
    const goneSegment = (
      await db
        .select({ segmentId: sql<string>`segment_id` })
        .from(sql`segment_members`)
        .where(sql`customer_id = ${gone.id}`)
    )[0].segmentId;
    await db.update(customers).set({ deletedAt: new Date() }).where(eq(customers.id, gone.id));
    expect(await previewCampaign(marketer, { ...input(gone.id), segmentId: goneSegment })).toEqual({
      ok: false,
      reason: 'notFound',
    });
    expect(
      await previewCampaign(marketer, { ...input(ann.id), segmentId: '00000000-0000-4000-8000-000000000000' }),
    ).toEqual({ ok: false, reason: 'notFound' });
  });

  it('follows a dynamic (rules) segment: a customer matching the rule is in, another is not', async () => {
    const country = 'ZQ'; // no real country: only this test's customer has it
    const [inRule] = await db
      .insert(customers)
      .values({ kind: 'person', name: 'Rule Match', email: `r.${uniq()}@example.org`, emailConsent: true, country })
      .returning();
    const [rules] = await db
      .insert(segments)
      .values({
        name: `Rules ${uniq()}`,
        kind: 'rules',
        definition: {
          version: 1,
          rule: {
            type: 'group',
            match: 'all',
            children: [{ type: 'condition', field: 'country', op: 'eq', value: country }],
          },
        },
      })
      .returning();
    const ruled = { ...template, segmentId: rules.id };
    expect(await previewCampaign(marketer, { ...ruled, customerId: inRule.id })).toMatchObject({ ok: true });
    expect(await previewCampaign(marketer, { ...ruled, customerId: ann.id })).toEqual({
      ok: false,
      reason: 'notFound',
    });
    expect((await searchCampaignRecipients(marketer, { segmentId: rules.id, q: '' }))?.map((r) => r.id)).toEqual([
      inRule.id,
    ]);
  });
});

describe('rights', () => {
  it('refuses reps and agents, through the actions and the data functions', async () => {
    for (const viewer of [rep, agent]) {
      signInAs(viewer);
      expect(await previewCampaignAction(input(ann.id))).toMatchObject({ ok: false, reason: 'forbidden' });
      expect(await searchCampaignRecipientsAction({ segmentId, q: '' })).toMatchObject({ reason: 'forbidden' });
      expect(await estimateCampaignAudienceAction({ segmentId })).toMatchObject({ reason: 'forbidden' });
      expect(await previewCampaign(viewer, input(ann.id))).toEqual({ ok: false, reason: 'forbidden' });
      expect(await searchCampaignRecipients(viewer, { segmentId, q: '' })).toBeNull();
      expect(await estimateCampaignAudience(viewer, segmentId)).toBeNull();
    }
  });

  it('lets a manager (marketing read) and a marketer preview', async () => {
    for (const viewer of [manager, marketer]) {
      signInAs(viewer);
      expect(await previewCampaignAction(input(ann.id))).toMatchObject({
        ok: true,
        data: { subject: 'Hello Ann', recipient: { id: ann.id } },
      });
    }
  });

  it('refuses a customer outside the audience through the action too', async () => {
    signInAs(marketer);
    expect(await previewCampaignAction(input(outsider.id))).toMatchObject({ ok: false, reason: 'notFound' });
  });
});

describe('recipient search and audience estimate', () => {
  it("finds the segment's customers by name or address prefix, never others; wildcards are literal", async () => {
    signInAs(marketer);
    const all = await searchCampaignRecipientsAction({ segmentId, q: '' });
    expect(all.ok && all.data?.map((r) => r.id).sort()).toEqual([ann.id, acme.id, quiet.id].sort());
    const acmes = await searchCampaignRecipientsAction({ segmentId, q: 'widg' });
    expect(acmes.ok && acmes.data?.map((r) => r.id)).toEqual([acme.id]);
    expect(await searchCampaignRecipients(marketer, { segmentId, q: 'Outside' })).toEqual([]);
    expect(await searchCampaignRecipients(marketer, { segmentId, q: '%' })).toEqual([]);
  });

  it('counts the audience and those with an address and consent', async () => {
    expect(await estimateCampaignAudience(manager, segmentId)).toEqual({ audience: 3, sendable: 2 });
  });
});
