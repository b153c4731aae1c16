import { randomUUID } from 'node:crypto';

// Pure helpers for the service desk's mail headers (unit-tested in headers.unit.test.ts).

/**
 * The case number in a subject. Outbound subjects read `[#1234] Subject` (the number first, so it
 * survives clients that cut long subjects); a reply may carry any prefix ("Re:", "AW:", "回复：")
 * and the tag anywhere.
 */
export function caseSubject(caseNumber: number, subject: string): string {
  const clean = stripCaseTag(subject).trim();
  return `[#${caseNumber}] ${clean}`.trim();
}

const CASE_TAG = /\[#(\d{1,15})\]/;

/** The case number tagged in a subject, or null. */
export function caseNumberInSubject(subject: string | null | undefined): number | null {
  const m = CASE_TAG.exec(subject ?? '');
  if (!m) return null;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) ? n : null;
}

export function stripCaseTag(subject: string): string {
  return subject.replace(new RegExp(CASE_TAG.source, 'g'), ' ').replace(/\s+/g, ' ').trim();
}

/** A new Message-ID on our domain, with its angle brackets. */
export function newMessageId(domain: string): string {
  return `<${randomUUID()}@${domain}>`;
}

/** One message id as stored: trimmed, with angle brackets; null when empty. */
export function normalizeMessageId(value: string | null | undefined): string | null {
  const v = (value ?? '').trim();
  if (!v) return null;
  const inner = v.replace(/^<+/, '').replace(/>+$/, '').trim();
  if (!inner || /[\s<>]/.test(inner)) return null;
  return `<${inner}>`.slice(0, 998);
}

/** The ids of an In-Reply-To or References header (a string, or mailparser's string[]). */
export function messageIdList(value: string | string[] | null | undefined): string[] {
  const raw = Array.isArray(value) ? value.join(' ') : (value ?? '');
  const ids = raw.match(/<[^<>\s]+>/g) ?? raw.split(/\s+/);
  return [...new Set(ids.map((id) => normalizeMessageId(id)).filter((id): id is string => Boolean(id)))];
}

/** Why a message is automatic (auto-reply, bounce, list traffic) or a loop, or null for a person's mail. */
export type IgnoreReason = 'autoSubmitted' | 'autoReply' | 'precedence' | 'ownAddress' | 'bounce' | 'noSender';

/**
 * Auto-replies and loops are never turned into cases or comments (they would answer each other
 * forever): RFC 3834 Auto-Submitted other than "no", the X-Autoreply / X-Autorespond /
 * X-Auto-Response-Suppress headers of vacation responders and Exchange, Precedence bulk, junk,
 * list or auto_reply, delivery reports and mailer-daemon senders, and mail from our own addresses.
 * `header(name)` returns a header's value as text (lowercase name), or undefined.
 */
export function ignoreReason(
  header: (name: string) => string | undefined,
  from: string | null,
  ownAddresses: string[],
): IgnoreReason | null {
  if (!from) return 'noSender';
  const sender = from.toLowerCase();
  if (ownAddresses.some((a) => a.toLowerCase() === sender)) return 'ownAddress';
  const autoSubmitted = header('auto-submitted')?.trim().toLowerCase();
  if (autoSubmitted && autoSubmitted.split(';')[0].trim() !== 'no') return 'autoSubmitted';
  if (
    header('x-autoreply') !== undefined ||
    header('x-autorespond') !== undefined ||
    header('x-auto-response-suppress') !== undefined
  )
    return 'autoReply';
  const precedence = header('precedence')?.trim().toLowerCase();
  if (precedence && ['bulk', 'junk', 'list', 'auto_reply'].includes(precedence)) return 'precedence';
  const local = sender.split('@')[0];
  if (['mailer-daemon', 'postmaster'].includes(local)) return 'bounce';
  const contentType = header('content-type')?.toLowerCase() ?? '';
  if (contentType.startsWith('multipart/report')) return 'bounce';
  return null;
}

/**
 * A file name safe to store and to offer for download: the last path segment, without control
 * characters or the characters Windows reserves, no leading dots, at most 200 characters (keeping
 * the extension); "attachment" when nothing is left.
 */
export function sanitizeFilename(name: string | null | undefined): string {
  let v = (name ?? '').normalize('NFC');
  v = v.split(/[/\\]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  v = v.replace(/[\u0000-\u001f\u007f-\u009f<>:"|?*\u202a-\u202e\u2066-\u2069]/g, '_');
  v = v
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '')
    .trim();
  if (!v) return 'attachment';
  if (v.length > 200) {
    const dot = v.lastIndexOf('.');
    const ext = dot > 0 && v.length - dot <= 16 ? v.slice(dot) : '';
    v = v.slice(0, 200 - ext.length) + ext;
  }
  return v;
}

/** Lines that introduce the quoted earlier message in a reply (Gmail, Outlook, Apple Mail, Chinese clients). */
const ATTRIBUTION = [
  /^On .{1,300} wrote:\s*$/,
  /^-{2,}\s*Original Message\s*-{2,}\s*$/i,
  /^-{2,}\s*原始邮件\s*-{2,}\s*$/,
  /^在.{1,300}写道[:：]\s*$/,
  /^(From|发件人)[:：]\s.*[^\s@<]+@[^\s@>]+/,
];

/**
 * The new part of a reply: the text above the quoted earlier message (an attribution line such
 * as "On … wrote:", or a block of `>` lines at the end). The whole text when nothing new would be
 * left, so a message is never emptied. The full text stays on the stored message.
 */
export function replyText(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  let end = lines.length;
  const attribution = lines.findIndex((line) => ATTRIBUTION.some((re) => re.test(line.trim())));
  if (attribution > 0) end = attribution;
  // A trailing block of quoted lines (and blank lines) without an attribution.
  while (end > 0 && (/^\s*>/.test(lines[end - 1]) || !lines[end - 1].trim())) end--;
  const kept = lines.slice(0, end).join('\n').trim();
  return kept || text.trim();
}

/**
 * A campaign email's List-Unsubscribe header: the RFC 8058 one-click https URL first, then a
 * `mailto:` whose subject carries the same signed token. RFC 8058 needs only the https one; Gmail's
 * and Yahoo's bulk-sender rules and clients without one-click support use the mailto (the inbound
 * listener turns such a message into the unsubscribe: lib/mail/listener.ts).
 */
export function listUnsubscribeHeader(oneClickUrl: string, mailbox: string, token: string): string {
  return `<${oneClickUrl}>, <mailto:${mailbox}?subject=${encodeURIComponent(`unsubscribe ${token}`)}>`;
}

/** The unsubscribe token in a subject as the List-Unsubscribe mailto writes it ("unsubscribe u.…"), or null. */
export function unsubscribeTokenInSubject(subject: string | null | undefined): string | null {
  const m = /(?:^|\s|:)unsubscribe\s+(u\.[0-9a-f-]{36}\.[A-Za-z0-9_-]{16,64})(?=\s|$)/i.exec(subject ?? '');
  return m ? m[1] : null;
}
