import 'server-only';
import { enqueue, type JobDefinition } from '@/lib/jobs/queues';
import { requestAttribution } from '@/lib/marketing/attribution/job';
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
    // The send is finished: the dashboard's revenue, ROI and lift are computed once now (and
    // nightly while the attribution window is open).
    if (result.outcome === 'done') await requestAttribution(campaignId);
  },
};
