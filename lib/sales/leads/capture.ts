import 'server-only';
import { and, count, eq, gt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db/client';
import { leadCaptureAttempts } from '@/db/schema';
import { findBadCharacters } from '@/lib/validation';
import { HONEYPOT_FIELD_NAME } from './capture-fields';
import { insertLead } from './leads';
import { CaptureSchema } from './schemas';

/** Submissions allowed per client address inside the window; beyond it the endpoint answers 429. */
export const CAPTURE_LIMIT = { windowMinutes: 10, max: 5 } as const;
/** The hidden field people never see and bots fill in: a filled one is answered as a success and dropped. */
export const HONEYPOT_FIELD = HONEYPOT_FIELD_NAME;
/** The source a captured lead gets when the form does not name one. */
export const CAPTURE_SOURCE = 'Web form';

export type CaptureOutcome =
  | { status: 'created'; id: string }
  | { status: 'ignored' }
  | { status: 'invalid'; fieldErrors: Record<string, string[]> }
  | { status: 'rateLimited'; retryAfterSeconds: number };

/**
 * What the limit counts by: an IPv4 address as it is; an IPv6 address by its /64 network, the
 * smallest block a provider hands one customer (a client rotating through the 2^64 addresses of
 * its own network is still one client).
 */
export function captureLimitKey(ip: string): string {
  const address = ip.trim().toLowerCase();
  if (!address.includes(':')) return address.slice(0, 64);
  const [head, tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  // An embedded IPv4 tail (::ffff:1.2.3.4) fills two groups.
  const width = (groups: string[]) => groups.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
  const groups = address.includes('::')
    ? [...left, ...Array(Math.max(0, 8 - width(left) - width(right))).fill('0'), ...right]
    : left;
  const net = groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '') || '0');
  return `${net.join(':')}::/64`;
}

/**
 * Counts this submission against the address's limit and says whether it is over. Counts live in
 * the database so every app server shares them; an advisory lock per address makes the count and
 * the insert one step, so parallel submissions from one address cannot all slip under the limit.
 * Every submission counts, valid or not (probing the form costs the same as spamming it).
 */
export async function overCaptureLimit(ip: string, now = new Date()): Promise<boolean> {
  const address = captureLimitKey(ip);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`lead-capture:${address}`}))`);
    const since = new Date(now.getTime() - CAPTURE_LIMIT.windowMinutes * 60_000);
    const [{ n }] = await tx
      .select({ n: count() })
      .from(leadCaptureAttempts)
      .where(and(eq(leadCaptureAttempts.ip, address), gt(leadCaptureAttempts.at, since)));
    if (n >= CAPTURE_LIMIT.max) return true;
    await tx.insert(leadCaptureAttempts).values({ ip: address, at: now });
    return false;
  });
}

/**
 * A public web-to-lead submission (no session): rate limit per address, honeypot, validation,
 * then the lead is stored as captured from the web form: scored, checked for look-alikes, and
 * given an owner by the assignment rule, all in one transaction.
 */
export async function captureLead(
  raw: Record<string, unknown>,
  meta: { ip: string; page: string | null; now?: Date },
): Promise<CaptureOutcome> {
  if (await overCaptureLimit(meta.ip, meta.now))
    return { status: 'rateLimited', retryAfterSeconds: CAPTURE_LIMIT.windowMinutes * 60 };
  const honeypot = raw[HONEYPOT_FIELD];
  if (typeof honeypot === 'string' ? honeypot.trim() !== '' : honeypot !== undefined && honeypot !== null)
    return { status: 'ignored' };
  const bad = findBadCharacters(raw);
  if (bad.length)
    return {
      status: 'invalid',
      fieldErrors: Object.fromEntries(bad.map((p) => [p.split('.')[0], ['invalidCharacters']])),
    };
  const parsed = CaptureSchema.safeParse(raw);
  if (!parsed.success)
    return { status: 'invalid', fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]> };
  const { message, ...person } = parsed.data;
  const id = await db.transaction(async (tx) => {
    const created = await insertLead(tx, null, {
      ...person,
      source: person.source ?? CAPTURE_SOURCE,
      notes: message,
      status: 'new',
      unqualifiedReason: null,
      ownerId: null,
      capturedVia: 'web_form',
      captureIp: meta.ip.slice(0, 64),
      capturePage: meta.page?.slice(0, 500) ?? null,
    });
    return created.id;
  });
  return { status: 'created', id };
}
