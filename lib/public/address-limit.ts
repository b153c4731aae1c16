import 'server-only';
import { and, count, eq, gt, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { leadCaptureAttempts } from '@/db/schema';

// The per-address rate limit of the public endpoints (no session): web-to-lead capture, the CSAT
// survey, campaign tracking and unsubscribe. Counts live in one database table
// (lead_capture_attempts, named after its first user), so every app server shares them; each
// endpoint counts in its own bucket, the address key prefixed with the limit's scope. Old rows are
// pruned nightly (lib/sales/leads/score-rules.ts leadMaintenanceJob).

export type AddressLimit = {
  /** The bucket: '' for the lead form (its keys predate scopes), else a short name ("csat", "track"). */
  scope: string;
  windowMinutes: number;
  max: number;
};

/**
 * What a limit counts by: an IPv4 address as it is; an IPv6 address by its /64 network, the
 * smallest block a provider hands one customer (a client rotating through the 2^64 addresses of
 * its own network is still one client).
 */
export function addressLimitKey(ip: string): string {
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

/** The stored key of an address in a limit's bucket (at most 64 characters, the column's width). */
export function scopedAddressKey(limit: Pick<AddressLimit, 'scope'>, ip: string): string {
  return (limit.scope ? `${limit.scope}:${addressLimitKey(ip)}` : addressLimitKey(ip)).slice(0, 64);
}

/**
 * Counts this request against the address's limit and says whether it is over (an over-limit
 * request is not counted). An advisory lock per key makes the count and the insert one step, so
 * parallel requests from one address cannot all slip under the limit.
 */
export async function overAddressLimit(limit: AddressLimit, ip: string, now = new Date()): Promise<boolean> {
  const key = scopedAddressKey(limit, ip);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${limit.scope ? key : `lead-capture:${key}`}))`);
    const since = new Date(now.getTime() - limit.windowMinutes * 60_000);
    const [{ n }] = await tx
      .select({ n: count() })
      .from(leadCaptureAttempts)
      .where(and(eq(leadCaptureAttempts.ip, key), gt(leadCaptureAttempts.at, since)));
    if (n >= limit.max) return true;
    await tx.insert(leadCaptureAttempts).values({ ip: key, at: now });
    return false;
  });
}
