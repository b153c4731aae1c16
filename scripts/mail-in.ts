// `npm run mail:in`: the service desk's inbound SMTP listener (lib/mail/listener.ts). Point the
// support address's MX (or a forwarding rule of the mail provider) at it; each message becomes a
// case or a comment (lib/mail/inbound.ts). MAIL_IN_PORT (default 2525), MAIL_IN_HOST (default
// 127.0.0.1), MAIL_IN_MAX_BYTES (default 40 MB), MAIL_SUPPORT_ADDRESSES / MAIL_FROM: lib/mail/config.ts.
// Needs DATABASE_URL: the embedded database belongs to the one app process (two processes on a
// PGlite folder corrupt it); on the embedded database set LODESTAR_MAIL_IN=on for the app to listen
// itself, or use the Outbox page's "Simulate an inbound email".
import { closeDatabase, getDatabase } from '../db/client';
import { mailConfig } from '../lib/mail/config';
import { listenerOptionsFromEnv, startMailListener } from '../lib/mail/listener';

if (!process.env.DATABASE_URL) {
  console.error('npm run mail:in needs DATABASE_URL (the embedded database belongs to the app process).');
  process.exit(2);
}
let options: ReturnType<typeof listenerOptionsFromEnv>;
try {
  options = listenerOptionsFromEnv();
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
await getDatabase();
const listener = await startMailListener({
  ...options,
  onIngested: (r) =>
    console.log(
      `[mail:in] ${r.outcome}${'caseNumber' in r && r.caseNumber ? ` #${r.caseNumber}` : ''}${r.outcome === 'ignored' ? ` (${r.reason})` : ''}`,
    ),
});
console.log(
  `[mail:in] listening on ${options.host}:${listener.port} for ${mailConfig().supportAddresses.join(', ')} (unsubscribes: ${mailConfig().unsubscribeAddress})`,
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    listener.close().finally(() => closeDatabase().finally(() => process.exit(0)));
  });
}
