// npm run bench:send [-- --recipients 100000 --concurrency 1 --keep]
//
// A campaign of N recipients (default 100,000) sent through the real send worker (pg-boss job
// 'campaign-send', lib/marketing/campaigns/send.ts) into a local SMTP sink (smtp-server, counting
// without parsing), on a scratch PostgreSQL database (lodestar_send_bench on the server DATABASE_URL
// points at; dropped and created, never any other, and dropped again unless --keep). No app server
// works on that database, so no other worker can pick the job up and mail the bench's addresses.
// Reports the time to queue (sendCampaignNow: the members materialised by one INSERT … SELECT and
// the first job enqueued) and messages per second, and checks 0 duplicates and 0 lost by counting
// what the sink received per address against the members. --concurrency sets the worker's messages
// in flight (CAMPAIGN_SEND_CONCURRENCY, default 1; see send.ts for what more lanes cost on a kill).
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { type DatabaseHandle, openDatabase, setDatabase } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { rows } from '../db/rows';
import { campaigns, users } from '../db/schema';
import type { Viewer } from '../lib/auth/permissions';
import { stopBoss } from '../lib/jobs/boss';
import { work } from '../lib/jobs/queues';
import { closeTransport } from '../lib/mail/transport';
import { createCampaign, sendCampaignNow } from '../lib/marketing/campaigns/campaigns';
import { campaignSendJob } from '../lib/marketing/campaigns/send-job';

const { values } = parseArgs({
  options: {
    recipients: { type: 'string', default: '100000' },
    concurrency: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
if (values.concurrency) process.env.CAMPAIGN_SEND_CONCURRENCY = values.concurrency;
const N = Number(values.recipients);
if (!Number.isInteger(N) || N < 1 || N > 2_000_000) throw new Error('--recipients: a whole number from 1 to 2,000,000');
const BENCH_DB = 'lodestar_send_bench';
const base = process.env.DATABASE_URL;
if (!base?.startsWith('postgres')) throw new Error('bench:send needs DATABASE_URL (a PostgreSQL server)');

const withDb = (name: string) => {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
};

/** An SMTP server that counts accepted messages per recipient (no parsing: parsing is the sink's cost, not ours). */
async function startSink() {
  const perAddress = new Map<string, number>();
  let messages = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    size: 1_000_000,
    onData(stream, session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        messages++;
        for (const to of session.envelope.rcptTo) {
          const a = to.address.toLowerCase();
          perAddress.set(a, (perAddress.get(a) ?? 0) + 1);
        }
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    perAddress,
    messages: () => messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function main() {
  const admin = await openDatabase({ url: withDb('postgres'), poolSize: 1 });
  await admin.exec(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
  await admin.exec(`CREATE DATABASE ${BENCH_DB}`);
  await admin.close();
  let handle: DatabaseHandle | undefined;
  const sink = await startSink();
  try {
    process.env.DATABASE_URL = withDb(BENCH_DB);
    process.env.SMTP_URL = sink.url;
    process.env.APP_URL ??= 'http://127.0.0.1:3000';
    handle = await openDatabase({ url: withDb(BENCH_DB) });
    await migrateDatabase(handle);
    setDatabase(handle);
    const { db } = handle;

    // The audience: N consenting customers with distinct addresses, in a static segment.
    let t = Date.now();
    const [user] = await db
      .insert(users)
      .values({ email: 'bench-marketer@bench.invalid', name: 'Bench marketer', role: 'marketer', passwordHash: 'x' })
      .returning({ userId: users.id, role: users.role, name: users.name, email: users.email, locale: users.locale });
    const viewer = user as Viewer;
    await handle.exec(`insert into customers (id, kind, name, email, email_consent, consent_source)
      select gen_random_uuid(), 'person', 'Bench recipient ' || i, 'r' || i || '@bench.invalid', true, 'bench'
      from generate_series(1, ${N}) i`);
    const [segment] = await rows<{ id: string }>(
      db,
      sql`insert into segments (name, kind, definition, member_count) values ('Bench send', 'static', '{}'::jsonb, ${N}) returning id`,
    );
    await handle.exec(
      `insert into segment_members (segment_id, customer_id) select '${segment.id}', id from customers`,
    );
    await handle.exec('ANALYZE');
    console.log(`audience of ${N.toLocaleString('en')} customers made in ${((Date.now() - t) / 1000).toFixed(1)} s`);

    const created = await createCampaign(viewer, {
      name: 'Bench send',
      subject: 'Bench {{first_name}}',
      fromName: 'Bench',
      fromAddress: 'bench@bench.invalid',
      bodyText: 'Hello {{first_name}}, see https://example.com/offer — {{unsubscribe_url}}',
      bodyHtml: '<p>Hello {{first_name}}, see <a href="https://example.com/offer">the offer</a>.</p>',
      segmentId: segment.id,
      cost: '0',
      ratePerMinute: 100_000,
      holdoutPercent: 0,
      attributionDays: 7,
    });
    if (!created.ok) throw new Error(`createCampaign: ${created.reason}`);

    // Time to queue: the send's transaction (members materialised, counters, status, first job).
    t = Date.now();
    const started = await sendCampaignNow(viewer, { id: created.id, version: 1 });
    if (!started.ok) throw new Error(`sendCampaignNow: ${started.reason}`);
    const queueSeconds = (Date.now() - t) / 1000;
    console.log(`queued ${started.counts.queued.toLocaleString('en')} members in ${queueSeconds.toFixed(2)} s`);

    // The real worker: pg-boss runs the send job (and its continuations) in this process.
    t = Date.now();
    await work(campaignSendJob, { pollingIntervalSeconds: 0.5 });
    let reported = 0;
    for (;;) {
      const [c] = await db
        .select({ status: campaigns.status, sent: campaigns.sentCount, failed: campaigns.failedCount })
        .from(campaigns)
        .where(sql`${campaigns.id} = ${created.id}`);
      if (c.status !== 'sending') break;
      if (Date.now() - t > (reported + 1) * 30_000) {
        reported++;
        console.log(`  ${(c.sent + c.failed).toLocaleString('en')} sent after ${reported * 30} s`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const sendSeconds = (Date.now() - t) / 1000;

    const [members] = await rows<{ sent: number; other: number }>(
      db,
      sql`select (count(*) filter (where status = 'sent'))::int as sent, (count(*) filter (where status <> 'sent'))::int as other from campaign_members`,
    );
    const addresses = await rows<{ email: string }>(db, sql`select email from campaign_members where status = 'sent'`);
    let lost = 0;
    for (const { email } of addresses) if (!sink.perAddress.has(email)) lost++;
    let duplicates = 0;
    for (const n of sink.perAddress.values()) if (n > 1) duplicates += n - 1;
    const stray = [...sink.perAddress.keys()].filter((a) => !a.endsWith('@bench.invalid')).length;
    console.log(
      JSON.stringify(
        {
          recipients: N,
          concurrency: Number(process.env.CAMPAIGN_SEND_CONCURRENCY ?? 1),
          queueSeconds: Number(queueSeconds.toFixed(2)),
          sendSeconds: Number(sendSeconds.toFixed(1)),
          messagesPerSecond: Math.round(sink.messages() / sendSeconds),
          received: sink.messages(),
          membersSent: members.sent,
          membersNotSent: members.other,
          duplicates,
          lost,
          stray,
        },
        null,
        2,
      ),
    );
    if (duplicates || lost || members.other || sink.messages() !== N) process.exitCode = 1;
  } finally {
    await stopBoss(5_000);
    closeTransport();
    await sink.close();
    await handle?.close();
    if (!values.keep) {
      const again = await openDatabase({ url: withDb('postgres'), poolSize: 1 });
      await again.exec(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
      await again.close();
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
