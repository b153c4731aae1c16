import 'server-only';
import { z } from 'zod';
import { db } from '@/db/client';
import { addressLimitKey, overAddressLimit } from '@/lib/public/address-limit';
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

/** What the limit counts by (lib/public/address-limit.ts): kept under this name for its callers. */
export const captureLimitKey = addressLimitKey;

/**
 * Counts this submission against the address's limit and says whether it is over. Every
 * submission counts, valid or not (probing the form costs the same as spamming it).
 */
export function overCaptureLimit(ip: string, now = new Date()): Promise<boolean> {
  return overAddressLimit({ scope: '', ...CAPTURE_LIMIT }, ip, now);
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
