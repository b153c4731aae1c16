import 'server-only';
import { and, eq, isNotNull } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { campaigns } from '@/db/schema';
import type { Result } from '@/lib/action-state';
import { can, type Viewer } from '@/lib/auth/permissions';
import { enqueue } from '@/lib/jobs/queues';
import { campaignAttributionJob, requestAttribution } from './job';

export const RecalculateSchema = z.object({ campaignId: z.uuid().optional() });
export type RecalculateInput = z.infer<typeof RecalculateSchema>;

/**
 * "Recalculate" on the dashboard: one campaign's attribution, or (no campaign) every campaign whose
 * numbers can still change, recomputed by the job soon; the page shows the previous numbers, with
 * their time, until then. Marketers and admins only.
 */
export async function recalculateAttribution(
  viewer: Viewer,
  input: RecalculateInput,
): Promise<Result<object, 'forbidden' | 'notFound'>> {
  if (!can(viewer, 'marketing:write')) return { ok: false, reason: 'forbidden' };
  if (input.campaignId) {
    const [found] = await db
      .select({ id: campaigns.id })
      .from(campaigns)
      .where(and(eq(campaigns.id, input.campaignId), isNotNull(campaigns.startedAt)));
    if (!found) return { ok: false, reason: 'notFound' };
    await requestAttribution(found.id);
  } else {
    // The nightly run's job (no singleton key): at most one of them waits, whoever asked.
    await enqueue(campaignAttributionJob, {}, { tx: null });
  }
  return { ok: true };
}
