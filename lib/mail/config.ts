/**
 * Service-desk mail settings, from the environment:
 * - SMTP_URL: outbound SMTP (e.g. smtp://user:pass@smtp.example.com:587). Unset: the local
 *   catch-all (messages stay in mail_messages and the Outbox page shows them; the demo).
 * - MAIL_FROM: the support address replies come from, "Name <address>" or an address
 *   (default "Lodestar Support <support@lodestar.test>").
 * - MAIL_SUPPORT_ADDRESSES: comma-separated addresses the inbound listener accepts mail for
 *   (default: the MAIL_FROM address).
 * - MAIL_UNSUBSCRIBE_ADDRESS: the mailbox of the `mailto:` in campaign emails' List-Unsubscribe
 *   header (default unsubscribe@ the MAIL_FROM domain); the inbound listener accepts it too, and a
 *   message to it is an unsubscribe, never a case.
 * - MAIL_IN_PORT / MAIL_IN_HOST: where `npm run mail:in` listens (default 2525 on 127.0.0.1).
 * - MAIL_SIMULATE_INBOUND: `on` keeps the Outbox's "Simulate an inbound email" form while SMTP_URL
 *   is set (a demo or test sending to a local mail sink such as Mailpit); `off` hides it always.
 *   Default: on only without SMTP_URL, since the form lets staff forge a customer's mail.
 */
export type MailConfig = {
  smtpUrl: string | null;
  from: { name: string; address: string };
  supportAddresses: string[];
  /** Where an unsubscribe by email goes (MAIL_UNSUBSCRIBE_ADDRESS). */
  unsubscribeAddress: string;
  /** The right-hand side of generated Message-IDs. */
  domain: string;
  /** Whether the Outbox may inject a simulated inbound message (MAIL_SIMULATE_INBOUND). */
  simulateInbound: boolean;
};

const DEFAULT_FROM = 'Lodestar Support <support@lodestar.test>';

export function parseAddress(value: string): { name: string; address: string } {
  const m = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(value);
  if (m) return { name: m[1].trim(), address: m[2].trim().toLowerCase() };
  return { name: '', address: value.trim().toLowerCase() };
}

export function mailConfig(env: NodeJS.ProcessEnv = process.env): MailConfig {
  const from = parseAddress(env.MAIL_FROM?.trim() || DEFAULT_FROM);
  const support = (env.MAIL_SUPPORT_ADDRESSES ?? '')
    .split(',')
    .map((a) => a.trim().toLowerCase())
    .filter(Boolean);
  const smtpUrl = env.SMTP_URL?.trim() || null;
  const simulate = env.MAIL_SIMULATE_INBOUND?.trim().toLowerCase();
  const domain = from.address.split('@')[1] || 'lodestar.test';
  return {
    smtpUrl,
    from,
    supportAddresses: support.length ? support : [from.address],
    unsubscribeAddress: env.MAIL_UNSUBSCRIBE_ADDRESS?.trim().toLowerCase() || `unsubscribe@${domain}`,
    domain,
    simulateInbound: simulate === 'on' ? true : simulate === 'off' ? false : !smtpUrl,
  };
}
