// A worker process for the kill-and-restart test (campaign-kill.int.test.ts): runs the campaign send
// worker's loop (send.ts runCampaignSend, what the campaign-send job runs) on DATABASE_URL until the
// campaign is done. Run as `node --import tsx --conditions react-server <this file> <campaign id>`:
// one process, so a SIGKILL stops the sender itself (a CLI wrapper would leave its child running).
import { closeDatabase, getDatabase } from '@/db/client';
import { closeTransport } from '@/lib/mail/transport';
import { runCampaignSend } from '../send';

const campaignId = process.argv[2];
await getDatabase();
for (;;) {
  const run = await runCampaignSend(campaignId, { batchSize: 4 });
  if (run.outcome === 'done' || run.outcome === 'stopped') break;
  // Waiting for another worker's lease to expire, or a retry: poll again soon.
  await new Promise((resolve) => setTimeout(resolve, Math.min(500, (run.waitSeconds ?? 0) * 1000)));
}
closeTransport();
await closeDatabase();
process.exit(0);
