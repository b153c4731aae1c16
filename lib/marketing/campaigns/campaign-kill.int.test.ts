import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { db } from '@/db/client';
import { campaignMembers } from '@/db/schema';
import type { Viewer } from '@/lib/auth/permissions';
import { stopBoss } from '@/lib/jobs/boss';
import { setupTestDatabase } from '@/lib/testing/db';
import { createTestUser } from '@/lib/testing/factories';
import { createCampaign, sendCampaignNow } from './campaigns';
import { counters, type Mailbox, makeAudience, startMailbox } from './testing/helpers';

// Zero duplicates, zero lost: a worker process is SIGKILLed while it is in the middle of an SMTP
// transaction (the server has the message but has not said "250 OK"), then two new worker processes
// finish the campaign together. PostgreSQL only: the embedded database lives inside one process (its
// folder lock refuses a second), so there is no second process to restart on it.

const ctx = setupTestDatabase();
const pgOnly = inject('testDriver') === 'pg';

let marketer: Viewer;
let mailbox: Mailbox;
let victim: ChildProcess | null = null;
/** The Message-ID of the message the killed worker was sending, and to whom. */
let interrupted: { messageId: string; to: string } | null = null;
const KILL_AT = 9; // the 10th message to reach DATA

function worker(campaignId: string): {
  child: ChildProcess;
  exit: Promise<{ code: number | null; signal: string | null }>;
} {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--conditions',
      'react-server',
      path.join(import.meta.dirname, 'testing/send-child.ts'),
      campaignId,
    ],
    {
      cwd: process.cwd(),
      env: {
        ...process.env,
        DATABASE_URL: ctx.handle.url,
        SMTP_URL: mailbox.url,
        APP_URL: 'https://crm.example.test',
        CAMPAIGN_LEASE_SECONDS: '3',
        LODESTAR_WORKERS: 'off',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const exit = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, exit };
}

describe.skipIf(!pgOnly)('kill and restart (PostgreSQL only: PGlite is one process)', () => {
  beforeAll(async () => {
    marketer = await createTestUser('marketer');
    mailbox = await startMailbox({
      beforeAccept: (mail, index) => {
        if (index !== KILL_AT || !victim) return;
        interrupted = { messageId: mail.messageId ?? '', to: (mail.to as { text: string }).text };
        victim.kill('SIGKILL');
        victim = null;
        throw new Error('worker killed before the reply');
      },
    });
  });

  afterAll(async () => {
    await mailbox?.close();
    await stopBoss(2_000);
  });

  it('a worker SIGKILLed mid-send, then two new workers: every recipient gets exactly one email, none is lost', {
    timeout: 120_000,
  }, async () => {
    const { segmentId, customers } = await makeAudience(Array.from({ length: 30 }, () => ({})));
    const made = await createCampaign(marketer, {
      name: 'Kill test',
      subject: 'Hello {{first_name}}',
      fromName: null,
      fromAddress: null,
      bodyText: 'Hi {{first_name}}',
      bodyHtml: null,
      segmentId,
      cost: '0',
      ratePerMinute: 100_000,
      holdoutPercent: 0,
      attributionDays: 7,
    });
    if (!made.ok) throw new Error(made.reason);
    const started = await sendCampaignNow(marketer, { id: made.id, version: 1 });
    expect(started).toMatchObject({ ok: true, counts: { queued: 30 } });

    const first = worker(made.id);
    victim = first.child;
    expect(await first.exit).toEqual({ code: null, signal: 'SIGKILL' });
    expect(mailbox.received).toHaveLength(KILL_AT);
    const stuck = await db.select().from(campaignMembers).where(eq(campaignMembers.campaignId, made.id));
    expect(stuck.filter((m) => m.status === 'sending').length).toBeGreaterThanOrEqual(1);

    const [second, third] = [worker(made.id), worker(made.id)];
    expect(await second.exit).toEqual({ code: 0, signal: null });
    expect(await third.exit).toEqual({ code: 0, signal: null });

    const perRecipient = customers.map((c) => mailbox.countFor(c.email!));
    expect(perRecipient).toEqual(customers.map(() => 1));
    expect(mailbox.received).toHaveLength(30);
    const members = await db.select().from(campaignMembers).where(eq(campaignMembers.campaignId, made.id));
    expect(members.every((m) => m.status === 'sent')).toBe(true);
    expect(await counters(made.id)).toMatchObject({ status: 'sent', sent: 30, failed: 0 });
    // The interrupted message was sent again by another worker with the same Message-ID (its send key).
    expect(interrupted).not.toBeNull();
    const resent = mailbox.received.filter((m) => m.messageId === interrupted!.messageId);
    expect(resent).toHaveLength(1);
  });
});
