import fs from 'node:fs';
import path from 'node:path';
import { expect } from '@playwright/test';
import { type ParsedMail, simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';

// Real mail for the end-to-end tests (scripts/e2e-server.mjs): the app receives on its own SMTP
// listener (LODESTAR_MAIL_IN, port E2E_PORT + 20000) and sends to the server script's SMTP sink,
// which writes each message it accepts into .data/e2e-mail-<port> (scripts/e2e-mail-sink.mjs).

const PORT = Number(process.env.E2E_PORT ?? 3210);
export const MAIL_IN_PORT = PORT + 20000;
export const SUPPORT_ADDRESS = 'support@lodestar.test';
const SINK_DIR = path.resolve('.data', `e2e-mail-${PORT}`);

/** Sends one message to the service desk over SMTP (nodemailer, no TLS); resolves to its Message-ID. */
export async function mailTheDesk(message: {
  from: { name: string; address: string };
  subject: string;
  text: string;
  inReplyTo?: string;
  references?: string[];
}): Promise<string> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: MAIL_IN_PORT,
    secure: false,
    ignoreTLS: true,
  });
  try {
    const info = await transport.sendMail({ to: SUPPORT_ADDRESS, ...message });
    expect(info.accepted).toEqual([SUPPORT_ADDRESS]);
    return info.messageId;
  } finally {
    transport.close();
  }
}

/** Every message the sink has accepted for `to` so far, parsed (mailparser), oldest first. */
export async function mailbox(to: string): Promise<ParsedMail[]> {
  const files = fs.existsSync(SINK_DIR) ? fs.readdirSync(SINK_DIR).filter((f) => f.endsWith('.json')) : [];
  const mine = files
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(SINK_DIR, f), 'utf8')) as { to: string[]; raw: string })
    .filter((m) => m.to.includes(to.toLowerCase()));
  return Promise.all(mine.map((m) => simpleParser(m.raw)));
}

/** Waits (polling the sink) until `to` has received `count` messages; returns them, oldest first. */
export async function receivedMail(to: string, count: number): Promise<ParsedMail[]> {
  await expect
    .poll(async () => (await mailbox(to)).length, { message: `messages received by ${to}`, timeout: 30_000 })
    .toBeGreaterThanOrEqual(count);
  return mailbox(to);
}
