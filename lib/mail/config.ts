/**
 * Service-desk mail settings, from the environment:
 * - SMTP_URL: outbound SMTP (e.g. smtp://user:pass@smtp.example.com:587). Unset: the local
 *   catch-all (messages stay in mail_messages and the Outbox page shows them; the demo).
 * - MAIL_FROM: the support address replies come from, "Name <address>" or an address
 *   (default "Lodestar Support <support@lodestar.test>").
 * - MAIL_SUPPORT_ADDRESSES: comma-separated addresses the inbound listener accepts mail for
 *   (default: the MAIL_FROM address).
 * - MAIL_IN_PORT / MAIL_IN_HOST: where `npm run mail:in` listens (default 2525 on 127.0.0.1).
 */
export type MailConfig = {
  smtpUrl: string | null;
  from: { name: string; address: string };
  supportAddresses: string[];
  /** The right-hand side of generated Message-IDs. */
  domain: string;
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
  return {
    smtpUrl: env.SMTP_URL?.trim() || null,
    from,
    supportAddresses: support.length ? support : [from.address],
    domain: from.address.split('@')[1] || 'lodestar.test',
  };
}
