import 'server-only';
import nodemailer, { type Transporter } from 'nodemailer';
import { mailConfig } from './config';

type Global = { __lodestarMailTransport?: { url: string; transport: Transporter } };
const g = globalThis as Global;

/**
 * The SMTP transport for SMTP_URL (one pooled transport per process), or null without SMTP_URL:
 * then outbound mail goes to the local catch-all (it stays in mail_messages, shown on /outbox).
 */
export function getTransport(): Transporter | null {
  const url = mailConfig().smtpUrl;
  if (!url) return null;
  if (g.__lodestarMailTransport?.url !== url) {
    g.__lodestarMailTransport?.transport.close();
    g.__lodestarMailTransport = {
      url,
      transport: nodemailer.createTransport({
        url,
        pool: true,
        maxConnections: 2,
        connectionTimeout: 15_000,
        greetingTimeout: 15_000,
        socketTimeout: 60_000,
      }),
    };
  }
  return g.__lodestarMailTransport.transport;
}

/** Closes the pooled transport (tests, shutdown). */
export function closeTransport(): void {
  g.__lodestarMailTransport?.transport.close();
  g.__lodestarMailTransport = undefined;
}
