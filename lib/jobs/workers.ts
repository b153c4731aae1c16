import 'server-only';
import { db } from '@/db/client';
import { analyticsRefreshCron, analyticsRefreshJob, needsFirstRefresh } from '@/lib/analytics/refresh-job';
import { duplicateScanJob, isScanDue } from '@/lib/customers/duplicates/scan';
import { dashboardSnapshotJob, dashboardWarmJob } from '@/lib/dashboards/snapshots';
import { teamCountsJob } from '@/lib/home/team-counts';
import { mailSendJob } from '@/lib/mail/outbound';
import { campaignsToAttribute } from '@/lib/marketing/attribution/compute';
import { campaignAttributionJob } from '@/lib/marketing/attribution/job';
import { campaignDueJob, resumeCampaignSends } from '@/lib/marketing/campaigns/campaigns';
import { campaignSendJob } from '@/lib/marketing/campaigns/send-job';
import { segmentSizesJob } from '@/lib/marketing/segments/sizes';
import { leadMaintenanceJob, leadRescoreJob } from '@/lib/sales/leads/score-rules';
import { abandonedUploadsJob } from '@/lib/sales/order-import/abandoned';
import { orderImportJob, resumeOrderImports, stopOrderImports } from '@/lib/sales/order-import/job';
import { expireQuotesJob } from '@/lib/sales/quotes/expire';
import { slaBreachJob } from '@/lib/service/sla-breaches';
import { stopBoss } from './boss';
import { pruneAuthRecordsJob } from './maintenance';
import { enqueue, type JobDefinition, prepareQueue, scheduleJob, unscheduleJob, work } from './queues';

/** Every queue the app runs, with its schedule (cron, UTC) when it has one. Domains add theirs here. */
/**
 * `atStart`: also run once when workers start (a snapshot pages need from the first view), always
 * or when the function says so; `data` is what scheduled and start-up jobs carry.
 */
const JOBS: {
  def: JobDefinition<object>;
  cron?: string;
  atStart?: boolean | (() => Promise<boolean>);
  data?: { schedule: object; start: object };
}[] = [
  { def: pruneAuthRecordsJob, cron: '17 * * * *' },
  { def: abandonedUploadsJob, cron: '25 3 * * *' },
  { def: teamCountsJob, cron: '*/5 * * * *', atStart: true },
  // Team dashboards (lib/dashboards/snapshots.ts): the default views every 5 minutes, others on demand.
  { def: dashboardWarmJob, cron: '*/5 * * * *' },
  { def: dashboardSnapshotJob as JobDefinition<object> },
  {
    def: analyticsRefreshJob as JobDefinition<object>,
    cron: analyticsRefreshCron(),
    atStart: needsFirstRefresh,
    data: { schedule: { trigger: 'schedule' }, start: { trigger: 'start' } },
  },
  { def: duplicateScanJob, cron: '40 2 * * *', atStart: () => isScanDue(db) },
  { def: orderImportJob as JobDefinition<object> },
  // Activity score rules age: rescore open leads nightly; prune old capture attempts.
  { def: leadMaintenanceJob, cron: '50 2 * * *' },
  // After a score rule changes (lib/sales/leads/score-rules.ts).
  { def: leadRescoreJob },
  { def: expireQuotesJob, cron: '5 0 * * *', atStart: true },
  // Overdue first responses and resolutions: marked and escalated within a minute.
  { def: slaBreachJob, cron: '* * * * *' },
  // Service-desk replies (lib/mail/outbound.ts queueCaseReplyMail enqueues one per message).
  { def: mailSendJob as JobDefinition<object> },
  // Email campaigns (lib/marketing/campaigns): scheduled ones start within a minute; each sending
  // campaign has one send job at a time, which enqueues its own continuation.
  { def: campaignDueJob, cron: '* * * * *' },
  { def: campaignSendJob as JobDefinition<object> },
  // Attributed revenue, ROI and lift (lib/marketing/attribution): after each send, on
  // "Recalculate", and nightly for campaigns whose attribution window is still open.
  {
    def: campaignAttributionJob as JobDefinition<object>,
    cron: '35 1 * * *',
    atStart: async () => (await campaignsToAttribute(1)).length > 0,
  },
  // Every segment's size once a day, for the marketing dashboard's chart.
  { def: segmentSizesJob, cron: '45 1 * * *' },
];

/**
 * Creates every queue, starts this process's workers and (idempotently) the schedules. Every app
 * server runs it unless LODESTAR_WORKERS=off (then `npm run worker` processes do the work); pg-boss
 * makes sure a job runs once however many processes work a queue.
 */
export async function startWorkers(): Promise<void> {
  for (const { def } of JOBS) await prepareQueue(def);
  if (process.env.LODESTAR_WORKERS === 'off') return;
  for (const { def, cron, atStart, data } of JOBS) {
    await work(def);
    if (cron) await scheduleJob(def, cron, data?.schedule ?? {});
    else await unscheduleJob(def);
    if (atStart === true || (typeof atStart === 'function' && (await atStart())))
      await enqueue(def, data?.start ?? {}, { tx: null });
  }
  // Imports a stopped process left unfinished continue from their checkpoints.
  const resumed = await resumeOrderImports();
  if (resumed) console.log(`[lodestar] order imports resumed: ${resumed}`);
  // Campaigns a stopped process was sending continue (their members' leases expire first).
  const sending = await resumeCampaignSends();
  if (sending) console.log(`[lodestar] campaign sends resumed: ${sending}`);
  console.log(`[lodestar] workers started: ${JOBS.map((j) => j.def.name).join(', ')}`);
}

/** Stops workers: running imports first stop at their next chunk (they resume at the next start). */
export async function stopWorkers(timeoutMs?: number): Promise<void> {
  stopOrderImports();
  await stopBoss(timeoutMs);
}
