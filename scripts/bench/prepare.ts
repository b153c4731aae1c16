// Brings the benchmark database to the state a running installation is in, before any page is timed,
// so that nothing the app's workers would do at start (the first duplicate scan, the first analytics
// refresh) runs while pages are measured, and so that every page has something to show:
// - the duplicate scan, when it is due (as the app's start-up job would run it);
// - one finished order import (a generated 2,000-line file through the real import, as the CLI runs
//   it) when the database has none, so the import report page has a report;
// - the analytics refresh, when there is no snapshot or the import above changed orders; the refresh
//   the import queued for a minute later is then not needed and is dropped from the queue;
// - one email when the database has none (the seed sends none), so the email page (/outbox/[id]) has one;
// - sent campaigns with 1M member rows in all when there are no bench campaigns (scripts/bench/campaigns.ts),
//   so the campaign stats page is timed at the issue's size, and every campaign's attribution.
// - one sent campaign member when there is none (the seed makes no campaign), so the public
//   unsubscribe page has a valid link to open.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { type DatabaseHandle, setDatabase } from '../../db/client';
import { rows } from '../../db/rows';
import { orderImports, users } from '../../db/schema';
import { refreshAnalytics } from '../../lib/analytics/refresh';
import { ANALYTICS_REFRESH_QUEUE, needsFirstRefresh } from '../../lib/analytics/refresh-job';
import { isScanDue, scanDuplicates } from '../../lib/customers/duplicates/scan';
import { stopBoss } from '../../lib/jobs/boss';
import { prepareQueue } from '../../lib/jobs/queues';
import { mailSendJob, queueCaseMail } from '../../lib/mail/outbound';
import { campaignsToAttribute, computeCampaignAttribution } from '../../lib/marketing/attribution/compute';
import { planFileImport } from '../../lib/sales/order-import/from-file';
import { createOrderImport } from '../../lib/sales/order-import/imports';
import { runOrderImport } from '../../lib/sales/order-import/runner';
import { CreateOrderImportSchema } from '../../lib/sales/order-import/schemas';
import { createBenchCampaigns } from './campaigns';
import { ISSUE_SHAPE, writeOrderLines } from './order-lines';
import { LOGINS } from './pages';

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

export async function prepareBenchDatabase(handle: DatabaseHandle): Promise<void> {
  // The import and the refresh use the process's database; it is this handle only while they run.
  setDatabase(handle);
  try {
    await prepare(handle);
    // What the preparation wrote (a million campaign members on a new database) is flushed now,
    // not by a timed checkpoint in the middle of the page timings. Needs a superuser or
    // pg_checkpoint; without, the pages are timed as they are.
    await handle.exec('checkpoint').catch(() => console.log('  checkpoint: not permitted, skipped'));
    // …and the operating system writes it to disk now (a flush in the background slowed the first
    // pages timed after the checkpoint: the login page's p95 went from ~45 to 167 ms).
    spawnSync('sync');
  } finally {
    // The import queues its follow-up refresh through pg-boss, which that starts in this process
    // (its own pool, supervise and schedule timers): left running, the bench never exits.
    await stopBoss();
    setDatabase(undefined);
  }
}

async function prepare(handle: DatabaseHandle): Promise<void> {
  const { db } = handle;
  if (await isScanDue(db)) {
    const t = performance.now();
    const summary = await scanDuplicates(db);
    console.log(`  duplicate scan: ${summary.kept.toLocaleString('en-US')} pairs kept in ${seconds(t)}`);
  } else console.log('  duplicate scan: recent, kept');

  let imported = false;
  const [done] = await rows<{ id: string }>(
    db,
    sql`select ${orderImports.id} as id from ${orderImports} where ${orderImports.status} = 'done' limit 1`,
  );
  if (!done) {
    const t = performance.now();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lodestar-bench-'));
    try {
      const file = path.join(dir, 'order-lines-2000.csv');
      writeOrderLines(file, { ...ISSUE_SHAPE, lines: 2_000, orders: 100, customers: 60, products: 150 });
      const [admin] = await db
        .select({ userId: users.id, role: users.role, name: users.name, email: users.email, locale: users.locale })
        .from(users)
        .where(sql`${users.role} = 'admin'`)
        .limit(1);
      const plan = await planFileImport(file, {
        timeZone: 'Europe/London',
        createCustomers: true,
        dateFormat: 'M/D/YYYY H:mm',
      });
      if (!plan.ok) throw new Error(plan.problem);
      const created = await createOrderImport(admin, CreateOrderImportSchema.parse(plan.input), {
        path: file,
        queue: false,
      });
      if (!created.ok) throw new Error(created.reason);
      const outcome = await runOrderImport(created.id);
      if (outcome !== 'done') throw new Error(`the preparation import ended ${outcome}`);
      imported = true;
      console.log(`  order import: 2,000 generated lines imported in ${seconds(t)} (for the import report page)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else console.log('  order import: one exists, kept');

  if (imported || (await needsFirstRefresh())) {
    const t = performance.now();
    const result = await refreshAnalytics({ trigger: 'cli' });
    if (!result.ok)
      throw new Error(`analytics refresh: ${result.reason === 'alreadyRunning' ? 'already running' : result.error}`);
    // The refresh the import queued for a minute later has nothing left to do.
    await db.execute(sql`delete from pgboss.job where name = ${ANALYTICS_REFRESH_QUEUE} and state = 'created'`);
    console.log(`  analytics refresh: ${result.customers.toLocaleString('en-US')} customers in ${seconds(t)}`);
  } else console.log('  analytics snapshot: present, kept');

  const [mail] = await rows<{ id: string }>(db, sql`select id from mail_messages limit 1`);
  if (!mail) {
    // A reply on one of the demo agent's cases, queued as the reply form queues it; the bench
    // server's worker then delivers it (to the catch-all without SMTP_URL).
    const [target] = await rows<{ id: string }>(
      db,
      sql`select c.id from cases c join users u on u.id = c.assignee_id and u.email = ${LOGINS.agent}
          join customers k on k.id = c.customer_id and k.email is not null
          where c.status in ('new', 'open', 'pending') order by c.id limit 1`,
    );
    if (target) {
      await prepareQueue(mailSendJob);
      const queued = await db.transaction((tx) =>
        queueCaseMail(tx, { caseId: target.id, text: 'Thank you for your message. We are looking into it.' }),
      );
      console.log(`  email: ${queued.queued ? 'one reply queued' : `none (${queued.reason})`} (for the email page)`);
    } else console.log('  email: the demo agent has no open case with an address; the email page is skipped');
  } else console.log('  email: present, kept');

  // The bench's own campaigns (the demo seed's newsletter is small and does not count).
  const [sent] = await rows<{ id: string }>(
    db,
    sql`select id from campaigns where status = 'sent' and name like 'Bench campaign %' limit 1`,
  );
  if (!sent) {
    const t = performance.now();
    const made = await createBenchCampaigns(db);
    console.log(
      `  campaigns: ${made.campaigns} sent, ${made.members.toLocaleString('en-US')} member rows in ${seconds(t)} (for the stats page)`,
    );
  } else console.log('  campaigns: a sent one exists, kept');
  // Their attribution (the marketing dashboard reads it), computed here rather than by the server's
  // workers at start-up, where it would run beside the timed requests.
  const attribute = await campaignsToAttribute();
  if (attribute.length) {
    const t = performance.now();
    for (const id of attribute) await computeCampaignAttribution(id);
    console.log(`  attribution: ${attribute.length} campaigns computed in ${seconds(t)} (for the marketing dashboard)`);
  } else console.log('  attribution: computed, kept');
  const [member] = await rows<{ id: string }>(db, sql`select id from campaign_members limit 1`);
  if (!member) {
    const [made] = await rows<{ id: string }>(
      db,
      sql`with c as (
            insert into campaigns (name, subject, body_text, status, started_at, sent_at)
            values ('Bench campaign', 'News', 'Hello. Stop: {{unsubscribe_url}}', 'sent', now(), now()) returning id
          )
          insert into campaign_members (campaign_id, customer_id, email, status, sent_at)
          select c.id, k.id, lower(k.email), 'sent', now() from c,
            (select id, email from customers where email is not null and deleted_at is null and unsubscribed_at is null
             order by id limit 1) k
          returning id`,
    );
    console.log(
      `  campaign member: ${made ? 'one sent member made' : 'no customer with an address'} (for the unsubscribe page)`,
    );
  } else console.log('  campaign member: present, kept');
}
