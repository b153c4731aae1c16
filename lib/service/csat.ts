import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { db, type Tx } from '@/db/client';
import { rows } from '@/db/rows';
import { cases, contacts, customers } from '@/db/schema';
import { audit } from '@/lib/audit/audit';
import { DEFAULT_LOCALE, isLocale, type Locale, negotiateLocale } from '@/lib/i18n/config';
import { overAddressLimit } from '@/lib/public/address-limit';
import { cleanString } from '@/lib/validation';
import { csatEmail } from './csat-email';

// The customer satisfaction survey (issue 12): when a case is resolved, its contact gets a link to
// the public page /csat/<token> (no login) that asks 1–5 and an optional comment, once per case.
//
// The link is a random token (32 bytes, base64url), not an HMAC over the case id: the database
// keeps only its SHA-256 (cases.csat_token) and an expiry column, so
//   - a leaked database (or backup) yields no working link, and no key has to be rotated or shared
//     between app servers (AUTH_SECRET stays the session key only);
//   - issuing a new survey (a reopened, resolved-again case) replaces the hash: older links die;
//   - lookup is one unique-index probe, and forging needs guessing 256 bits.
// One answer per case is the UPDATE's own condition (csat_answered_at is null): under concurrent
// submits the row lock makes the second one re-read the row and match nothing.

/** How long a survey link works. */
export const CSAT_LINK_DAYS = 14;
/** Survey answers allowed per client address inside the window (like the lead form's CAPTURE_LIMIT). */
export const CSAT_LIMIT = { windowMinutes: 10, max: 10 } as const;
export const CSAT_COMMENT_MAX = 2000;

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** The stored form of a survey token: SHA-256, hex (64 characters, cases.csat_token). */
export function hashCsatToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The app's public origin for links in mail: APP_URL, else AUTH_URL, else the local demo's. */
export function publicBaseUrl(): string {
  return (process.env.APP_URL ?? process.env.AUTH_URL ?? 'http://localhost:3000').replace(/\/+$/, '');
}

/** A stored contact or customer locale ('zh-CN', 'zh', 'en-GB', …) as a locale of the app; English when unknown. */
function recipientLocale(stored: string | null): Locale {
  return stored ? negotiateLocale(stored) : DEFAULT_LOCALE;
}

export type CsatSurvey = {
  caseId: string;
  caseNumber: number;
  /** The recipient: the case's contact, else the customer's address. */
  to: string;
  toName: string | null;
  /** The public page's path (/csat/<token>) and absolute address (publicBaseUrl or options.baseUrl). */
  path: string;
  url: string;
  expiresAt: Date;
  locale: Locale;
  /** The survey email, plain text (the link is in it). */
  subject: string;
  text: string;
};

/**
 * Makes a case's satisfaction survey: a new link valid for CSAT_LINK_DAYS (replacing any earlier
 * one), audited as the system, and the email to send. Call it in the transaction that resolves the
 * case and hand the result to the mail outbox. Returns null (and changes nothing) when there is
 * nothing to ask: the case is missing, not resolved or closed, already answered, or has no address.
 */
export async function issueCsatSurvey(
  tx: Tx,
  caseId: string,
  /** `locale`: the email's language; by default the contact's or customer's (English when not known). */
  options: { now?: Date; days?: number; baseUrl?: string; locale?: Locale } = {},
): Promise<CsatSurvey | null> {
  const now = options.now ?? new Date();
  const [row] = await tx
    .select({
      id: cases.id,
      number: cases.number,
      subject: cases.subject,
      status: cases.status,
      answeredAt: cases.csatAnsweredAt,
      contactEmail: contacts.email,
      contactLocale: contacts.locale,
      contactName: sql<string>`trim(${contacts.firstName} || ' ' || coalesce(${contacts.lastName}, ''))`,
      customerEmail: customers.email,
      customerName: customers.name,
      customerLocale: customers.locale,
    })
    .from(cases)
    .innerJoin(customers, eq(customers.id, cases.customerId))
    // The recipient as lib/mail/outbound.ts queueCaseMail picks it: a live contact, else the customer.
    .leftJoin(contacts, and(eq(contacts.id, cases.contactId), isNull(contacts.deletedAt)))
    .where(eq(cases.id, caseId))
    .for('update', { of: cases });
  if (!row || (row.status !== 'resolved' && row.status !== 'closed') || row.answeredAt) return null;
  const to = row.contactEmail ?? row.customerEmail;
  if (!to) return null;
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + (options.days ?? CSAT_LINK_DAYS) * 86_400_000);
  await tx
    .update(cases)
    .set({ csatToken: hashCsatToken(token), csatTokenExpiresAt: expiresAt })
    .where(eq(cases.id, caseId));
  await audit(tx, null, {
    action: 'csatSurveyIssued',
    entity: 'case',
    entityId: caseId,
    diff: { expiresAt: expiresAt.toISOString() },
  });
  const path = `/csat/${token}`;
  const url = `${(options.baseUrl ?? publicBaseUrl()).replace(/\/+$/, '')}${path}`;
  // The language the recipient writes in (the contact's, else the customer's), unless asked.
  const locale =
    options.locale && isLocale(options.locale)
      ? options.locale
      : recipientLocale(row.contactEmail ? (row.contactLocale ?? row.customerLocale) : row.customerLocale);
  const toName = row.contactEmail ? row.contactName : row.customerName;
  const mail = csatEmail(locale, {
    number: row.number,
    subject: row.subject,
    url,
    name: toName,
    days: options.days ?? CSAT_LINK_DAYS,
  });
  return { caseId, caseNumber: row.number, to, toName, path, url, expiresAt, locale, ...mail };
}

export type CsatLink =
  | { state: 'open'; caseNumber: number; subject: string }
  | { state: 'answered' }
  | { state: 'expired' }
  | { state: 'invalid' };

/** What the public page shows for a token: only the case number and subject, and only while it can be answered. */
export async function getCsatLink(token: string, now = new Date()): Promise<CsatLink> {
  if (!TOKEN.test(token)) return { state: 'invalid' };
  const [row] = await db
    .select({
      number: cases.number,
      subject: cases.subject,
      expiresAt: cases.csatTokenExpiresAt,
      answeredAt: cases.csatAnsweredAt,
      status: cases.status,
    })
    .from(cases)
    .where(eq(cases.csatToken, hashCsatToken(token)));
  if (!row) return { state: 'invalid' };
  if (row.answeredAt) return { state: 'answered' };
  // The survey asks about a resolution: a case reopened since has none to rate until it is resolved
  // again, which sends a new link (issueCsatSurvey).
  if (!row.expiresAt || row.expiresAt <= now || (row.status !== 'resolved' && row.status !== 'closed'))
    return { state: 'expired' };
  return { state: 'open', caseNumber: row.number, subject: row.subject };
}

export const CsatAnswerSchema = z.object({
  rating: z.coerce.number().int().min(1).max(5),
  comment: cleanString()
    .max(CSAT_COMMENT_MAX)
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : null)),
});

export type CsatAnswerOutcome =
  | { status: 'saved' }
  | { status: 'answered' | 'expired' | 'invalid' }
  | { status: 'badInput'; fields: string[] }
  | { status: 'rateLimited'; retryAfterSeconds: number };

/** Counts this answer against the address's limit (the public endpoints' shared table, bucket "csat"). */
export function overCsatLimit(ip: string, now = new Date()): Promise<boolean> {
  return overAddressLimit({ scope: 'csat', ...CSAT_LIMIT }, ip, now);
}

/**
 * Stores an answer from the public page: rate limit per address, validation, then one conditional
 * UPDATE (valid token, not expired, not yet answered, the case still resolved or closed), audited as the case's contact through the
 * survey (no user). A second answer, also a concurrent one, gets 'answered'.
 */
export async function answerCsatSurvey(
  token: string,
  raw: { rating?: unknown; comment?: unknown },
  meta: { ip: string; now?: Date },
): Promise<CsatAnswerOutcome> {
  const now = meta.now ?? new Date();
  if (await overCsatLimit(meta.ip, now))
    return { status: 'rateLimited', retryAfterSeconds: CSAT_LIMIT.windowMinutes * 60 };
  if (!TOKEN.test(token)) return { status: 'invalid' };
  const parsed = CsatAnswerSchema.safeParse(raw);
  if (!parsed.success)
    return { status: 'badInput', fields: [...new Set(parsed.error.issues.map((i) => String(i.path[0])))] };
  const { rating, comment } = parsed.data;
  const hash = hashCsatToken(token);
  return db.transaction(async (tx) => {
    const [saved] = await rows<{ id: string; contact_id: string | null }>(
      tx,
      sql`update ${cases} set csat_rating = ${rating}, csat_comment = ${comment}, csat_answered_at = ${now},
            updated_at = ${now}, version = ${cases.version} + 1
          where ${cases.csatToken} = ${hash} and ${cases.csatAnsweredAt} is null and ${cases.csatTokenExpiresAt} > ${now}
            and ${cases.status} in ('resolved', 'closed')
          returning id, contact_id`,
    );
    if (!saved) {
      const [row] = await tx.select({ answeredAt: cases.csatAnsweredAt }).from(cases).where(eq(cases.csatToken, hash));
      return { status: !row ? 'invalid' : row.answeredAt ? 'answered' : 'expired' } as const;
    }
    await audit(tx, null, {
      action: 'csatAnswered',
      entity: 'case',
      entityId: saved.id,
      diff: {
        csatRating: [null, rating],
        csatComment: comment ? [null, comment] : undefined,
        by: 'contact',
        contactId: saved.contact_id,
      },
    });
    return { status: 'saved' } as const;
  });
}
