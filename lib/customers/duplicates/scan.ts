import 'server-only';
import { desc, type SQL, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { rows } from '@/db/rows';
import { customers, duplicateCandidates, duplicateScans } from '@/db/schema';
import type { Db } from '@/db/types';
import type { Result } from '@/lib/action-state';
import { can, type Viewer } from '@/lib/auth/permissions';
import { enqueue, type JobDefinition, pendingJobs } from '@/lib/jobs/queues';
import { customerNotDeleted, liveCustomer } from '../visibility';
import { addressKey, emailDomain, emailKey, nameKey, phoneKey } from './keys';
import { NAME_SIMILARITY } from './schemas';

// The duplicate scan: a job that finds likely duplicate customers and replaces the
// duplicate_candidates table in one transaction. Comparing every customer with every other is
// n²/2 pairs (5·10⁹ at 100k), so it compares only within blocks of customers that share a key:
//   email    the same address (trimmed, lower case)         ┐ a block of up to BLOCK_LIMIT
//   phone    the same last 9 digits                         │ customers is paired in full;
//   domain   the same email domain                          │ a larger one (a company mailbox,
//   address  the same street and postal code                ┘ gmail.com) is skipped
//   first    the same first word of the name                ┐ a larger block pairs each customer
//   last     the same last word of the name                 ┘ with the next NAME_WINDOW by name
// (a "sorted neighbourhood": similar names sort near each other). Each pair found is then scored
// on every signal, kept if one strong signal holds, and the MAX_PAIRS strongest are stored.

/** A block (customers sharing one key) of at most this many is paired in full: ≤ 190 pairs. */
export const BLOCK_LIMIT = 20;
/** In a larger name block, each customer is compared with this many following it in name order. */
export const NAME_WINDOW = 5;
/** The list keeps the strongest pairs only: enough to work through, bounded however messy the data. */
export const MAX_PAIRS = 2000;
/** After this long without a scan, the duplicates page asks for one (the job also runs nightly). */
export const SCAN_MAX_AGE_MS = 26 * 3600_000;

/**
 * What each signal adds to a pair's strength (capped at 100). A pair needs a strong one: the same
 * email or phone that few customers share, or names at least NAME_SIMILARITY alike (20 points at
 * that bar, up to 40 for the same name). The rest only add: an email or phone many customers share,
 * the same address, the same email domain (an address or domain many customers share, an office
 * tower or gmail.com, counts for nothing). Different emails or phones count against a
 * pair: two "James Smith"s with other emails and phones are most likely two people, and a pair whose
 * strength ends at 0 or below is dropped.
 */
export const POINTS = {
  email: 50,
  phone: 40,
  nameMin: 20,
  nameMax: 40,
  address: 15,
  sharedEmail: 15,
  sharedPhone: 10,
  domain: 10,
  /** Taken off for each of: both have an email and they differ; both have a phone and they differ. */
  conflict: 10,
} as const;

export type ScanSummary = {
  customers: number;
  compared: number;
  found: number;
  kept: number;
  largeBlocks: number;
  durationMs: number;
};

// Working tables of one scan, dropped at commit. ANALYZE gives the planner their real sizes: without
// it, it guesses a few rows and picks nested loops (2.3 s instead of 90 ms at 2k customers).
const KEYED = sql.identifier('duplicate_scan_keyed');
const PAIRS = sql.identifier('duplicate_scan_pairs');
const BLOCKED = ['email', 'phone', 'domain', 'address'] as const;
const NAMES = ['first', 'last'] as const;
const col = (key: string, suffix = '') => sql.identifier(`${key}${suffix}`);
const n = (v: number) => sql.raw(String(v));

/**
 * Finds likely duplicates among live customers and replaces the stored pairs, all in one
 * transaction: a reader sees the previous scan or this one, never a mix. Returns what it did.
 */
export async function scanDuplicates(executor: Db, options: { maxPairs?: number } = {}): Promise<ScanSummary> {
  const maxPairs = options.maxPairs ?? MAX_PAIRS;
  const started = Date.now();
  return executor.transaction(async (tx) => {
    // No JIT: it compiles these plans for longer than they run. Room for the window sorts in memory.
    await tx.execute(sql`select set_config('jit', 'off', true), set_config('work_mem', '64MB', true)`);
    const c = customers;
    await tx.execute(sql`create temp table ${KEYED} on commit drop as
      select k.*,
        ${sql.join(
          [...BLOCKED, ...NAMES].map((key) => sql`count(*) over (partition by ${col(key)}) as ${col(key, '_n')}`),
          sql`, `,
        )},
        ${sql.join(
          NAMES.map(
            (key) => sql`row_number() over (partition by ${col(key)} order by k.sort_name, k.id) as ${col(key, '_rn')}`,
          ),
          sql`, `,
        )}
      from (
        select n.*, nullif(split_part(n.sort_name, ' ', 1), '') as first,
               nullif(reverse(split_part(reverse(n.sort_name), ' ', 1)), '') as last
        from (
          select ${c.id} as id, ${c.name} as name, ${c.createdAt} as created_at, ${nameKey(c.name)} as sort_name,
                 ${emailKey(c.email)} as email, ${phoneKey(c.phone)} as phone, ${emailDomain(c.email)} as domain,
                 ${addressKey(c.street, c.postalCode, c.city)} as address
          from ${c} where ${liveCustomer(c)}
        ) n
      ) k`);
    await tx.execute(sql`analyze ${KEYED}`);

    const inFull = BLOCKED.map(
      (
        key,
      ) => sql`select x.id as a, y.id as b from ${KEYED} x join ${KEYED} y on y.${col(key)} = x.${col(key)} and y.id > x.id
        where x.${col(key, '_n')} between 2 and ${n(BLOCK_LIMIT)}`,
    );
    // Pairs each customer with the next few of its block in name order: all of a small block, the
    // NAME_WINDOW next of a large one. An equi-join on (key, position), so a block of 10,000 "john"s
    // yields 50,000 pairs, not 50 million.
    const windowed = NAMES.map(
      (key) => sql`select least(x.id, y.id), greatest(x.id, y.id) from ${KEYED} x
        cross join lateral generate_series(1, least(x.${col(key, '_n')} - x.${col(key, '_rn')},
          case when x.${col(key, '_n')} <= ${n(BLOCK_LIMIT)} then ${n(BLOCK_LIMIT)} else ${n(NAME_WINDOW)} end)) d
        join ${KEYED} y on y.${col(key)} = x.${col(key)} and y.${col(key, '_rn')} = x.${col(key, '_rn')} + d
        where x.${col(key)} is not null and x.${col(key, '_n')} > 1`,
    );
    await tx.execute(sql`create temp table ${PAIRS} on commit drop as
      select distinct a, b from (${sql.join([...inFull, ...windowed], sql` union all `)}) p (a, b)`);
    await tx.execute(sql`analyze ${PAIRS}`);

    const [counts] = await rows<{ customers: number; compared: number; large_blocks: number }>(
      tx,
      sql`select (select count(*) from ${KEYED})::int as customers, (select count(*) from ${PAIRS})::int as compared,
        (select ${sql.join(
          [...BLOCKED, ...NAMES].map(
            (key) => sql`count(distinct ${col(key)}) filter (where ${col(key, '_n')} > ${n(BLOCK_LIMIT)})`,
          ),
          sql` + `,
        )} from ${KEYED})::int as large_blocks`,
    );

    // Lock out other writers of the pairs (a merge, another scan) only for the swap itself. Under
    // READ COMMITTED the statements below see merges committed while the pairs were being found,
    // so the liveness check drops a customer merged away meanwhile.
    await tx.execute(sql`lock table ${duplicateCandidates} in exclusive mode`);
    await tx.delete(duplicateCandidates);
    const [result] = await rows<{ found: number; kept: number }>(
      tx,
      sql`${scoredPairs(maxPairs)} select
      (select count(*) from qualified)::int as found, (select count(*) from inserted)::int as kept`,
    );
    const summary: ScanSummary = {
      customers: counts.customers,
      compared: counts.compared,
      found: result.found,
      kept: result.kept,
      largeBlocks: counts.large_blocks,
      durationMs: Date.now() - started,
    };
    await tx.insert(duplicateScans).values({ computedAt: sql`now()`, ...summary });
    // Only the latest scans are of interest (the page shows the last one).
    await tx.execute(sql`delete from ${duplicateScans} where ${duplicateScans.id} not in (
      select ${duplicateScans.id} from ${duplicateScans} order by ${duplicateScans.computedAt} desc limit 30)`);
    return summary;
  });
}

/** The WITH clauses that score every pair found, keep those with a strong signal, and insert the strongest. */
function scoredPairs(maxPairs: number): SQL {
  const reason = (name: string, when: SQL) => sql`case when ${when} then ${name} end`;
  const similar = sql`s.name_score >= ${n(NAME_SIMILARITY)}`;
  const namePoints = sql`case when ${similar} then round(${n(POINTS.nameMin)} + ${n(POINTS.nameMax - POINTS.nameMin)} * (s.name_score - ${n(NAME_SIMILARITY)}) / ${n(1 - NAME_SIMILARITY)}) else 0 end`;
  const points = (flag: string, value: number) => sql`case when s.${sql.identifier(flag)} then ${n(value)} else 0 end`;
  return sql`with scored as (
      select p.a, p.b, greatest(x.created_at, y.created_at) as newest,
        coalesce(x.email = y.email, false) and greatest(x.email_n, y.email_n) <= ${n(BLOCK_LIMIT)} as email,
        coalesce(x.email = y.email, false) and greatest(x.email_n, y.email_n) > ${n(BLOCK_LIMIT)} as shared_email,
        coalesce(x.phone = y.phone, false) and greatest(x.phone_n, y.phone_n) <= ${n(BLOCK_LIMIT)} as phone,
        coalesce(x.phone = y.phone, false) and greatest(x.phone_n, y.phone_n) > ${n(BLOCK_LIMIT)} as shared_phone,
        coalesce(x.domain = y.domain and x.email <> y.email, false) and x.domain_n <= ${n(BLOCK_LIMIT)} as domain,
        coalesce(x.address = y.address, false) and x.address_n <= ${n(BLOCK_LIMIT)} as address,
        coalesce(x.email <> y.email, false) as other_email,
        coalesce(x.phone <> y.phone, false) as other_phone,
        (case when x.sort_name = y.sort_name then 1 else similarity(x.name, y.name) end)::real as name_score
      from ${PAIRS} p join ${KEYED} x on x.id = p.a join ${KEYED} y on y.id = p.b
    ),
    pointed as (
      select s.a, s.b, s.newest, s.name_score,
        least(100, ${namePoints} + ${points('email', POINTS.email)} + ${points('phone', POINTS.phone)}
          + ${points('shared_email', POINTS.sharedEmail)} + ${points('shared_phone', POINTS.sharedPhone)}
          + ${points('address', POINTS.address)} + ${points('domain', POINTS.domain)})
          - ${points('other_email', POINTS.conflict)} - ${points('other_phone', POINTS.conflict)} as strength,
        array_remove(array[${sql.join(
          [
            reason('email', sql`s.email`),
            reason('phone', sql`s.phone`),
            reason('name', similar),
            reason('address', sql`s.address`),
            reason('domain', sql`s.domain`),
            reason('sharedEmail', sql`s.shared_email`),
            reason('sharedPhone', sql`s.shared_phone`),
          ],
          sql`, `,
        )}]::text[], null) as reasons
      from scored s
      where s.email or s.phone or ${similar}
    ),
    qualified as (select * from pointed where strength > 0),
    inserted as (
      insert into ${duplicateCandidates} (customer_a, customer_b, strength, reasons, name_similarity, computed_at)
      select q.a, q.b, q.strength, q.reasons, q.name_score, now() from qualified q
      where ${customerNotDeleted(sql`q.a`)} and ${customerNotDeleted(sql`q.b`)}
      order by q.strength desc, q.name_score desc, q.newest desc, q.a, q.b
      limit ${maxPairs}
      returning 1
    )`;
}

export type ScanInfo = { computedAt: Date; customers: number; found: number; kept: number; durationMs: number };

/** The latest scan, or null before the first. */
export async function latestScan(executor: Db): Promise<ScanInfo | null> {
  const [last] = await executor
    .select({
      computedAt: duplicateScans.computedAt,
      customers: duplicateScans.customers,
      found: duplicateScans.found,
      kept: duplicateScans.kept,
      durationMs: duplicateScans.durationMs,
    })
    .from(duplicateScans)
    .orderBy(desc(duplicateScans.computedAt))
    .limit(1);
  return last ?? null;
}

/** Whether the pairs need a scan: never scanned, or the last scan is older than SCAN_MAX_AGE_MS. */
export async function isScanDue(executor: Db, now = new Date()): Promise<boolean> {
  const last = await latestScan(executor);
  return !last || now.getTime() - last.computedAt.getTime() > SCAN_MAX_AGE_MS;
}

export const duplicateScanJob: JobDefinition<object> = {
  name: 'customers-duplicate-scan',
  policy: 'stately',
  expireInSeconds: 30 * 60,
  handler: async () => {
    const summary = await scanDuplicates(db);
    console.log(
      `[duplicates] scanned ${summary.customers} customers: ${summary.compared} pairs compared, ${summary.found} found, ${summary.kept} kept (${summary.durationMs} ms)`,
    );
  },
};

/**
 * Asks for a scan now (admins: the "Scan now" button). The queue keeps at most one scan waiting,
 * so asking twice is harmless; `queued` is false when one was already waiting.
 */
export async function requestDuplicateScan(viewer: Viewer): Promise<Result<{ queued: boolean }, 'forbidden'>> {
  if (!can(viewer, 'customers:scanDuplicates')) return { ok: false, reason: 'forbidden' };
  const id = await enqueue(duplicateScanJob, {}, { tx: null });
  return { ok: true, queued: id !== null };
}

/** Whether a scan is waiting or running (the page says so, and refreshes until it is done). */
export async function isScanPending(): Promise<boolean> {
  return (await pendingJobs(duplicateScanJob)) > 0;
}
