import 'server-only';
import type { MailConfig } from '@/lib/mail/config';
import { unsubscribeTokenInSubject } from '@/lib/mail/headers';
import { verifyToken } from './links';
import { unsubscribe } from './tracking';

export type MailUnsubscribeOutcome = 'unsubscribed' | 'dropped';

/**
 * An unsubscribe by email (the `mailto:` of a campaign email's List-Unsubscribe header): a message
 * whose subject carries a valid unsubscribe token unsubscribes its member, whichever of our
 * addresses it reached (emails sent before the dedicated mailbox existed named the From address).
 * Anything else sent to the unsubscribe mailbox is dropped: it is never a case. Null: not an
 * unsubscribe, the service desk takes it. The signed token is the authority, as for the one-click
 * POST; the sender's address is not (it is easily forged).
 */
export async function unsubscribeByMail(
  subject: string | null | undefined,
  recipients: string[],
  config: Pick<MailConfig, 'unsubscribeAddress'>,
): Promise<MailUnsubscribeOutcome | null> {
  const token = unsubscribeTokenInSubject(subject);
  if (token && verifyToken(token)?.kind === 'unsubscribe' && (await unsubscribe(token, 'mail'))) return 'unsubscribed';
  return recipients.some((r) => r.toLowerCase() === config.unsubscribeAddress) ? 'dropped' : null;
}
