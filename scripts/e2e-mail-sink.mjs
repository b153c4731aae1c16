// The end-to-end server's mail sink: a real SMTP server (smtp-server) the app sends its outbound
// mail to (SMTP_URL). Each accepted message is written as one JSON file ({ from, to, raw }, raw
// being the RFC 5322 text) into `dir`, numbered in arrival order, so a test in another process
// reads what "the customer's mailbox" received (e2e/mail.ts receivedMail). No AUTH, no TLS.
import fs from 'node:fs';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';

/** Starts the sink on 127.0.0.1 (a free port) with an empty `dir`; resolves to its port. */
export async function startMailSink(dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  let n = 0;
  const server = new SMTPServer({
    banner: 'Lodestar e2e mail sink',
    secure: false,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (chunk) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        const file = path.join(dir, `${String(++n).padStart(6, '0')}.json`);
        const record = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          raw: Buffer.concat(chunks).toString('utf8'),
        };
        // Written whole, then renamed: a reader never sees half a message.
        fs.writeFileSync(`${file}.tmp`, JSON.stringify(record));
        fs.renameSync(`${file}.tmp`, file);
        callback();
      });
    },
  });
  server.on('error', (error) => console.error('[e2e mail sink]', error.message));
  await new Promise((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return { port: server.server.address().port, close: () => new Promise((resolve) => server.close(resolve)) };
}
