import 'server-only';
import { enqueue, type JobDefinition } from '@/lib/jobs/queues';
import { runCampaignSend } from './send';

/**
 * Sends a campaign's queued members for about a minute, then enqueues itself again (at once, or
 * when the rate limit's window or the next retry is due). 'short': at most one job of a campaign
 * waits (singletonKey = the campaign id); two running at once share the work safely (send.ts).
 */
export const campaignSendJob: JobDefinition<{ campaignId: string }> = {
  name: 'campaign-send',
  policy: 'short',
  expireInSeconds: 600,
  retryLimit: 5,
  handler: async ({ campaignId }) => {
    const result = await runCampaignSend(campaignId);
    if (result.outcome === 'wait' || result.outcome === 'budget')
      await enqueue(
        campaignSendJob,
        { campaignId },
        { tx: null, singletonKey: campaignId, startAfterSeconds: result.waitSeconds ?? 0 },
      );
  },
};
