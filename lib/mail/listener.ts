import 'server-only';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { unsubscribeByMail } from '@/lib/marketing/campaigns/mail-unsubscribe';
import { mailConfig } from './config';
import { type IngestResult, ingestInboundMail } from './inbound';

export type MailListener = { port: number; close(): Promise<void> };

export type ListenerOptions = {
  port: number;
  host?: string;
  /** Largest message accepted (bytes, as sent: base64 attachments weigh 4/3). Default 40 MB. */
  maxBytes?: number;
  /** Recipients accepted (lowercase); default: the configured support addresses. */
  supportAddresses?: string[];
  /** The unsubscribe mailbox, also accepted (default: MAIL_UNSUBSCRIBE_ADDRESS). */
  unsubscribeAddress?: string;
  /** Called after each message is ingested (logs, tests). */
  onIngested?: (result: IngestResult) => void;
};

const smtpError = (message: string, responseCode: number) => Object.assign(new Error(message), { responseCode });

/**
 * The inbound SMTP listener (`npm run mail:in`): accepts mail for the support addresses and the
 * unsubscribe mailbox only (550
 * for any other recipient, so it is no open relay), refuses messages over `maxBytes` (552), parses
 * each with mailparser and hands it to ingestInboundMail. A failure while storing answers 451, so
 * the sending server tries again later (ingesting is idempotent by Message-ID). No AUTH, no TLS:
 * run it behind the MX (or a TLS-terminating relay) on a private port.
 */
export async function startMailListener(options: ListenerOptions): Promise<MailListener> {
  const config = mailConfig();
  const unsubscribeAddress = (options.unsubscribeAddress ?? config.unsubscribeAddress).toLowerCase();
  const support = new Set(
    [...(options.supportAddresses ?? config.supportAddresses), unsubscribeAddress].map((a) => a.toLowerCase()),
  );
  const maxBytes = options.maxBytes ?? 40 * 1024 * 1024;
  const server = new SMTPServer({
    banner: 'Lodestar service desk',
    secure: false,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: maxBytes,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (!support.has(address.address.toLowerCase())) return callback(smtpError('5.1.1 No such mailbox here', 550));
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then(async (parsed) => {
          if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded)
            return callback(smtpError('5.3.4 Message too big', 552));
          // An unsubscribe by email (List-Unsubscribe mailto) is accepted and never becomes a case.
          const recipients = session.envelope.rcptTo.map((a) => a.address);
          if (await unsubscribeByMail(parsed.subject, recipients, { unsubscribeAddress })) return callback();
          const result = await ingestInboundMail(parsed, { now: new Date() });
          options.onIngested?.(result);
          callback();
        })
        .catch((error: unknown) => {
          console.error('[mail:in] could not store a message:', error instanceof Error ? error.message : error);
          callback(smtpError('4.3.0 Temporary failure, try again later', 451));
        });
    },
  });
  server.on('error', (error) => console.error('[mail:in]', error.message));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

type Global = { __lodestarMailListener?: Promise<MailListener> };
const g = globalThis as Global;

/** MAIL_IN_PORT (default 2525), MAIL_IN_HOST (default 127.0.0.1), MAIL_IN_MAX_BYTES (default 40 MB). */
export function listenerOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): ListenerOptions {
  const port = Number(env.MAIL_IN_PORT ?? 2525);
  const maxBytes = Number(env.MAIL_IN_MAX_BYTES ?? 40 * 1024 * 1024);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('MAIL_IN_PORT must be a port number');
  if (!Number.isFinite(maxBytes) || maxBytes <= 0) throw new Error('MAIL_IN_MAX_BYTES must be a positive number');
  return { port, host: env.MAIL_IN_HOST?.trim() || '127.0.0.1', maxBytes };
}

/**
 * With LODESTAR_MAIL_IN=on the app process itself runs the inbound listener (instrumentation.ts):
 * the way to receive real mail on the embedded database, which no second process may open (the
 * demo, end-to-end tests). On PostgreSQL run `npm run mail:in` instead.
 */
export async function startAppMailListener(): Promise<void> {
  if (process.env.LODESTAR_MAIL_IN !== 'on' || g.__lodestarMailListener) return;
  const options = listenerOptionsFromEnv();
  g.__lodestarMailListener = startMailListener(options);
  const listener = await g.__lodestarMailListener;
  console.log(
    `[mail:in] listening on ${options.host}:${listener.port} for ${mailConfig().supportAddresses.join(', ')} (unsubscribes: ${mailConfig().unsubscribeAddress})`,
  );
}

export async function stopAppMailListener(): Promise<void> {
  const pending = g.__lodestarMailListener;
  g.__lodestarMailListener = undefined;
  if (pending) await (await pending.catch(() => null))?.close();
}
