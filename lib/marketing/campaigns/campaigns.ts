import 'server-only';
import { and, asc, desc, eq, lte, sql } from 'drizzle-orm';
import { db, type Tx } from '@/db/client';
import { campaigns, segments, users } from '@/db/schema';
import type { Result } from '@/lib/action-state';
import { audit, changedFields } from '@/lib/audit/audit';
import { can, type Viewer } from '@/lib/auth/permissions';
import { enqueue, type JobDefinition, prepareQueue } from '@/lib/jobs/queues';
import { type AudienceCounts, materializeAudience } from './audience';
import { extractLinks } from './render';
import type { CampaignInput, CampaignVersionInput, ScheduleCampaignInput, UpdateCampaignInput } from './schemas';
import { campaignSendJob } from './send-job';

// Email campaigns (issue 13). Rights as segments: marketers and admins all, managers read, reps and
// agents none. Status: draft → scheduled → sending ⇄ paused → sent; cancelled from any but sent.
// Only a draft or scheduled campaign is edited; sending starts by materialising the members
// (audience.ts) and enqueueing the send job (send.ts), in one transaction with the audit row.

export type CampaignStatus = (typeof campaigns.$inferSelect)['status'];

export type CampaignCounters = {
  audience: number;
  sent: number;
  failed: number;
  skipped: number;
  holdout: number;
  opened: number;
  clicked: number;
  unsubscribed: number;
  bounced: number;
  botOpens: number;
};

export type CampaignListRow = {
  id: string;
  name: string;
  status: CampaignStatus;
  segmentName: string | null;
  scheduledAt: Date | null;
  startedAt: Date | null;
  sentAt: Date | null;
  counters: CampaignCounters;
};

export type CampaignDetail = CampaignListRow & {
  subject: string;
  fromName: string | null;
  fromAddress: string | null;
  bodyText: string;
  bodyHtml: string | null;
  segmentId: string | null;
  cost: string;
  ratePerMinute: number;
  holdoutPercent: number;
  attributionDays: number;
  ownerName: string | null;
  version: number;
};

/** The campaign row's counters, as CampaignCounters (the list, the campaign page and the marketing dashboard read them). */
export const campaignCounterColumns = {
  audience: campaigns.audienceCount,
  sent: campaigns.sentCount,
  failed: campaigns.failedCount,
  skipped: campaigns.skippedCount,
  holdout: campaigns.holdoutCount,
  opened: campaigns.openedCount,
  clicked: campaigns.clickedCount,
  unsubscribed: campaigns.unsubscribedCount,
  bounced: campaigns.bouncedCount,
  botOpens: campaigns.botOpenCount,
};

const listColumns = {
  id: campaigns.id,
  name: campaigns.name,
  status: campaigns.status,
  segmentName: segments.name,
  scheduledAt: campaigns.scheduledAt,
  startedAt: campaigns.startedAt,
  sentAt: campaigns.sentAt,
  counters: campaignCounterColumns,
};

/** Every campaign with its counters (read from the row: no member is scanned), newest first. */
export async function listCampaigns(viewer: Viewer, limit = 200): Promise<CampaignListRow[]> {
  if (!can(viewer, 'marketing:read')) return [];
  return db
    .select(listColumns)
    .from(campaigns)
    .leftJoin(segments, eq(segments.id, campaigns.segmentId))
    .orderBy(desc(campaigns.createdAt), asc(campaigns.id))
    .limit(limit);
}

/** One campaign with its stats, or null when missing or the viewer may not read marketing. */
export async function getCampaign(viewer: Viewer, id: string): Promise<CampaignDetail | null> {
  if (!can(viewer, 'marketing:read')) return null;
  const [row] = await db
    .select({
      ...listColumns,
      subject: campaigns.subject,
      fromName: campaigns.fromName,
      fromAddress: campaigns.fromAddress,
      bodyText: campaigns.bodyText,
      bodyHtml: campaigns.bodyHtml,
      segmentId: campaigns.segmentId,
      cost: campaigns.cost,
      ratePerMinute: campaigns.ratePerMinute,
      holdoutPercent: campaigns.holdoutPercent,
      attributionDays: campaigns.attributionDays,
      ownerName: users.name,
      version: campaigns.version,
    })
    .from(campaigns)
    .leftJoin(segments, eq(segments.id, campaigns.segmentId))
    .leftJoin(users, eq(users.id, campaigns.ownerId))
    .where(eq(campaigns.id, id));
  return row ?? null;
}

function fields(input: CampaignInput) {
  return {
    name: input.name,
    subject: input.subject,
    fromName: input.fromName,
    fromAddress: input.fromAddress,
    bodyText: input.bodyText,
    bodyHtml: input.bodyHtml,
    links: extractLinks(input.bodyHtml, input.bodyText),
    segmentId: input.segmentId,
    cost: input.cost,
    ratePerMinute: input.ratePerMinute,
    holdoutPercent: input.holdoutPercent,
    attributionDays: input.attributionDays,
  };
}

/**
 * Whether the chosen segment exists (locked against a concurrent delete until the save commits):
 * an unknown or just-deleted segment is refused next to its field, not left to the foreign key.
 */
async function segmentExists(tx: Tx, segmentId: string | null): Promise<boolean> {
  if (!segmentId) return true;
  const [row] = await tx.select({ id: segments.id }).from(segments).where(eq(segments.id, segmentId)).for('share');
  return Boolean(row);
}

export async function createCampaign(
  viewer: Viewer,
  input: CampaignInput,
): Promise<Result<{ id: string }, 'forbidden' | 'noAudience'>> {
  if (!can(viewer, 'marketing:write')) return { ok: false, reason: 'forbidden' };
  return db.transaction(async (tx) => {
    if (!(await segmentExists(tx, input.segmentId))) return { ok: false, reason: 'noAudience' } as const;
    const values = fields(input);
    const [row] = await tx
      .insert(campaigns)
      .values({ ...values, ownerId: viewer.userId })
      .returning({ id: campaigns.id, holdoutSeed: campaigns.holdoutSeed });
    const { bodyHtml: _h, bodyText: _t, ...diff } = values;
    await audit(tx, viewer, { action: 'create', entity: 'campaign', entityId: row.id, diff });
    return { ok: true, id: row.id } as const;
  });
}

type Transition = 'forbidden' | 'notFound' | 'stale' | 'campaignState';

/** Locks the campaign and checks the version the viewer saw and that its status allows the step. */
async function lockFor(tx: Tx, input: CampaignVersionInput, allowed: CampaignStatus[]) {
  const [row] = await tx.select().from(campaigns).where(eq(campaigns.id, input.id)).for('update');
  if (!row) return { ok: false, reason: 'notFound' } as const;
  if (row.version !== input.version) return { ok: false, reason: 'stale' } as const;
  if (!allowed.includes(row.status)) return { ok: false, reason: 'campaignState' } as const;
  return { ok: true, row } as const;
}

const bump = { updatedAt: sql`now()`, version: sql`${campaigns.version} + 1` };

/** Saves a draft or scheduled campaign, checked against the version the editor loaded. */
export async function updateCampaign(
  viewer: Viewer,
  input: UpdateCampaignInput,
): Promise<Result<{ id: string }, Transition | 'noAudience'>> {
  if (!can(viewer, 'marketing:write')) return { ok: false, reason: 'forbidden' };
  return db.transaction(async (tx) => {
    const locked = await lockFor(tx, input, ['draft', 'scheduled']);
    if (!locked.ok) return locked;
    if (!(await segmentExists(tx, input.segmentId))) return { ok: false, reason: 'noAudience' } as const;
    const values = fields(input);
    await tx
      .update(campaigns)
      .set({ ...values, ...bump })
      .where(eq(campaigns.id, input.id));
    await audit(tx, viewer, {
      action: 'update',
      entity: 'campaign',
      entityId: input.id,
      diff: changedFields(locked.row as Record<string, unknown>, values),
    });
    return { ok: true, id: input.id } as const;
  });
}

/** Schedules a draft (or moves a scheduled one): the due job (send-job.ts) starts it at that time. */
export async function scheduleCampaign(
  viewer: Viewer,
  input: ScheduleCampaignInput,
): Promise<Result<{ id: string }, Transition | 'noAudience'>> {
  if (!can(viewer, 'marketing:write')) return { ok: false, reason: 'forbidden' };
  return db.transaction(async (tx) => {
    const locked = await lockFor(tx, input, ['draft', 'scheduled']);
    if (!locked.ok) return locked;
    if (!locked.row.segmentId) return { ok: false, reason: 'noAudience' } as const;
    await tx
      .update(campaigns)
      .set({ status: 'scheduled', scheduledAt: input.scheduledAt, ...bump })
      .where(eq(campaigns.id, input.id));
    await audit(tx, viewer, {
      action: 'schedule',
      entity: 'campaign',
      entityId: input.id,
      diff: { status: [locked.row.status, 'scheduled'], scheduledAt: [locked.row.scheduledAt, input.scheduledAt] },
    });
    return { ok: true, id: input.id } as const;
  });
}

/**
 * Starts the send of a locked draft or scheduled campaign inside `tx`: members, counters, status
 * and the first send job land together or not at all. Needs prepareQueue(campaignSendJob) first.
 */
async function startLocked(
  tx: Tx,
  actor: Pick<Viewer, 'userId'> | null,
  row: typeof campaigns.$inferSelect,
): Promise<AudienceCounts> {
  const counts = await materializeAudience(tx, {
    id: row.id,
    segmentId: row.segmentId!,
    holdoutPercent: row.holdoutPercent,
    holdoutSeed: row.holdoutSeed,
  });
  await tx
    .update(campaigns)
    .set({ status: 'sending', startedAt: sql`now()`, ...bump })
    .where(eq(campaigns.id, row.id));
  await enqueue(campaignSendJob, { campaignId: row.id }, { tx, singletonKey: row.id });
  await audit(tx, actor, {
    action: 'send',
    entity: 'campaign',
    entityId: row.id,
    diff: { status: [row.status, 'sending'], ...counts },
  });
  return counts;
}

/** Sends a draft or scheduled campaign now. */
export async function sendCampaignNow(
  viewer: Viewer,
  input: CampaignVersionInput,
): Promise<Result<{ id: string; counts: AudienceCounts }, Transition | 'noAudience'>> {
  if (!can(viewer, 'marketing:write')) return { ok: false, reason: 'forbidden' };
  await prepareQueue(campaignSendJob);
  return db.transaction(async (tx) => {
    const locked = await lockFor(tx, input, ['draft', 'scheduled']);
    if (!locked.ok) return locked;
    if (!locked.row.segmentId) return { ok: false, reason: 'noAudience' } as const;
    const counts = await startLocked(tx, viewer, locked.row);
    return { ok: true, id: input.id, counts } as const;
  });
}

/** Starts every scheduled campaign that is due (the campaign-due job, each minute), as the system. */
export async function startDueCampaigns(now = new Date()): Promise<string[]> {
  const due = await db
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(and(eq(campaigns.status, 'scheduled'), lte(campaigns.scheduledAt, now)))
    .orderBy(asc(campaigns.scheduledAt))
    .limit(20);
  if (due.length === 0) return [];
  await prepareQueue(campaignSendJob);
  const started: string[] = [];
  // A handful per minute, each in its own transaction (one campaign's members must not wait for another's).
  for (const { id } of due) {
    const ok = await db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(campaigns)
        .where(and(eq(campaigns.id, id), eq(campaigns.status, 'scheduled')))
        .for('update', { skipLocked: true });
      if (!row) return false;
      if (!row.segmentId) {
        await tx
          .update(campaigns)
          .set({ status: 'draft', ...bump })
          .where(eq(campaigns.id, id));
        return false;
      }
      await startLocked(tx, null, row);
      return true;
    });
    if (ok) started.push(id);
  }
  return started;
}

async function transition(
  viewer: Viewer,
  input: CampaignVersionInput,
  from: CampaignStatus[],
  to: CampaignStatus,
  action: string,
): Promise<Result<{ id: string }, Transition>> {
  if (!can(viewer, 'marketing:write')) return { ok: false, reason: 'forbidden' };
  if (to === 'sending') await prepareQueue(campaignSendJob);
  return db.transaction(async (tx) => {
    const locked = await lockFor(tx, input, from);
    if (!locked.ok) return locked;
    await tx
      .update(campaigns)
      .set({ status: to, ...bump })
      .where(eq(campaigns.id, input.id));
    if (to === 'sending') await enqueue(campaignSendJob, { campaignId: input.id }, { tx, singletonKey: input.id });
    await audit(tx, viewer, {
      action,
      entity: 'campaign',
      entityId: input.id,
      diff: { status: [locked.row.status, to] },
    });
    return { ok: true, id: input.id } as const;
  });
}

/** Pause: workers claim nothing more (a message already being sent finishes). */
export const pauseCampaign = (viewer: Viewer, input: CampaignVersionInput) =>
  transition(viewer, input, ['sending'], 'paused', 'pause');
export const resumeCampaign = (viewer: Viewer, input: CampaignVersionInput) =>
  transition(viewer, input, ['paused'], 'sending', 'resume');
/** Cancel: final; queued members stay queued and are never sent. */
export const cancelCampaign = (viewer: Viewer, input: CampaignVersionInput) =>
  transition(viewer, input, ['draft', 'scheduled', 'sending', 'paused'], 'cancelled', 'cancel');

/** Starts due scheduled campaigns; runs each minute (lib/jobs/workers.ts). */
export const campaignDueJob: JobDefinition<object> = {
  name: 'campaign-due',
  policy: 'stately',
  expireInSeconds: 300,
  handler: async () => {
    await startDueCampaigns();
  },
};

/**
 * At worker start: a send job for every campaign still sending (a stopped process's job would
 * otherwise wait for pg-boss's expiry). The queue's policy keeps one waiting job per campaign.
 */
export async function resumeCampaignSends(): Promise<number> {
  const sending = await db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.status, 'sending'));
  for (const { id } of sending) await enqueue(campaignSendJob, { campaignId: id }, { tx: null, singletonKey: id });
  return sending.length;
}
