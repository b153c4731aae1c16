import { afterAll, beforeAll, expect, it } from 'vitest';
import { stopBoss } from '@/lib/jobs/boss';
import { closeTransport } from '@/lib/mail/transport';
import { setupTestDatabase } from '@/lib/testing/db';
import { createTestUser } from '@/lib/testing/factories';
import { createCampaign, sendCampaignNow } from './campaigns';
import { runCampaignSend } from './send';
import { counters, type Mailbox, makeAudience, startMailbox, uniq } from './testing/helpers';

// A claim's members go out several at a time (send.ts concurrency, the transport's pool size):
// the SMTP server sees messages in flight together, and still each recipient exactly once.

setupTestDatabase();

let mailbox: Mailbox;
let inFlight = 0;
let maxInFlight = 0;

beforeAll(async () => {
  mailbox = await startMailbox({
    beforeAccept: async () => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 150));
      inFlight--;
    },
  });
  process.env.SMTP_URL = mailbox.url;
  process.env.APP_URL = 'https://crm.example.test';
});

afterAll(async () => {
  delete process.env.SMTP_URL;
  delete process.env.APP_URL;
  closeTransport();
  await mailbox?.close();
  await stopBoss(2_000);
});

it('sends a claim of 12 several at a time, each recipient once', async () => {
  const marketer = await createTestUser('marketer');
  const audience = await makeAudience(Array.from({ length: 12 }, () => ({})));
  const created = await createCampaign(marketer, {
    name: `Concurrent ${uniq()}`,
    subject: 'Hi',
    fromName: null,
    fromAddress: null,
    bodyText: 'Hello {{unsubscribe_url}}',
    bodyHtml: null,
    segmentId: audience.segmentId,
    cost: '0',
    ratePerMinute: 600,
    holdoutPercent: 0,
    attributionDays: 7,
  });
  if (!created.ok) throw new Error(created.reason);
  expect((await sendCampaignNow(marketer, { id: created.id, version: 1 })).ok).toBe(true);
  const run = await runCampaignSend(created.id, { batchSize: 12, concurrency: 4 });
  expect(run.outcome).toBe('done');
  expect(run.counts.sent).toBe(12);
  expect(maxInFlight).toBeGreaterThan(1);
  for (const c of audience.customers) expect(mailbox.countFor(c.email!)).toBe(1);
  expect(await counters(created.id)).toMatchObject({ status: 'sent', sent: 12, failed: 0 });
});
