import 'server-only';
import { enqueue, type JobDefinition } from '@/lib/jobs/queues';
import { campaignsToAttribute, computeCampaignAttribution } from './compute';

export type AttributionJobData = { campaignId?: string };

/**
 * Recomputes campaign attribution into campaign_results: one campaign (after its send finishes, or
 * on "Recalculate"), or, without a campaign (the nightly run), every campaign whose window is still
 * open. 'stately' per singleton key: at most one waiting and one running per campaign.
 */
export const campaignAttributionJob: JobDefinition<AttributionJobData> = {
  name: 'campaign-attribution',
  policy: 'stately',
  expireInSeconds: 30 * 60,
  retryLimit: 2,
  handler: async ({ campaignId }) => {
    const ids = campaignId ? [campaignId] : await campaignsToAttribute();
    // One after another: each is a scan of its members with their orders; running them together
    // would only make them compete for the same disks (and the embedded database's one connection).
    for (const id of ids) await computeCampaignAttribution(id);
  },
};

/** Asks for a campaign's attribution to be recomputed soon (outside any transaction). */
export function requestAttribution(campaignId: string, startAfterSeconds?: number) {
  return enqueue(campaignAttributionJob, { campaignId }, { tx: null, singletonKey: campaignId, startAfterSeconds });
}
