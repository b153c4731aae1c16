import 'server-only';
import { type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { db, type Tx } from '@/db/client';
import { fromTable, rows } from '@/db/rows';
import { customers, duplicateCandidates, users } from '@/db/schema';
import { can, type Viewer } from '@/lib/auth/permissions';
import { enqueue } from '@/lib/jobs/queues';
import { phoneDigitsExpr } from '@/lib/search/match';
import { customerNotDeleted, liveCustomer } from '../visibility';
import { emailKey, nameSimilarity, phoneKey } from './keys';
import { duplicateScanJob, isScanPending, latestScan, SCAN_MAX_AGE_MS, type ScanInfo } from './scan';
import { DUPLICATE_REASONS, type DuplicateFilter, type DuplicateReason, NAME_SIMILARITY } from './schemas';

// Likely duplicate customers, two ways:
//   listDuplicatePairs      the duplicates page: the pairs the nightly scan stored (scan.ts), strongest
//                           first; a page is one indexed read of a table of at most MAX_PAIRS rows
//   listPossibleDuplicates  the customer 360: this one customer's look-alikes, live (a new record's
//                           duplicates show at once), by three indexed lookups

export const DUPLICATES_PAGE_SIZE = 25;
/** A customer's look-alikes: at most this many candidates per signal (email, phone, name). */
const ARM_LIMIT = 50;

// Copies of customers and users: a pair's two sides and their owners.
const a = alias(customers, 'a');
const b = alias(customers, 'b');
const ua = alias(users, 'ua');
const ub = alias(users, 'ub');
const dc = duplicateCandidates;

export type PairSide = {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  ownerName: string | null;
  createdAt: Date;
};
export type DuplicatePair = {
  a: PairSide;
  b: PairSide;
  /** 0–100, from the signals that matched (scan.ts POINTS). */
  strength: number;
  reasons: DuplicateReason[];
  nameScore: number;
};

type PairRow = {
  a_id: string;
  a_name: string;
  a_email: string | null;
  a_phone: string | null;
  a_owner: string | null;
  a_created: Date | string;
  b_id: string;
  b_name: string;
  b_email: string | null;
  b_phone: string | null;
  b_owner: string | null;
  b_created: Date | string;
  strength: number;
  reasons: string[];
  score: number;
  total: number;
};

/**
 * One page of the stored pairs (each pair once), strongest first, both customers still live (a
 * customer deleted or merged away since the scan drops out at once). `total` counts the pairs
 * the filter matches, on a page past the end too. Empty for viewers who may not merge.
 */
export async function listDuplicatePairs(
  viewer: Viewer,
  filter: DuplicateFilter,
): Promise<{ rows: DuplicatePair[]; total: number }> {
  if (!can(viewer, 'customers:merge')) return { rows: [], total: 0 };
  const where = filter.reason ? sql`${dc.reasons} @> array[${filter.reason}]::text[]` : sql`true`;
  // Page the small table first (deleted customers anti-joined through the partial index of the
  // few deleted ones), then fetch names and owners for the page's 25 pairs only.
  const found = await rows<PairRow>(
    db,
    sql`with page as (
          select ${dc.customerA} as a_id, ${dc.customerB} as b_id, ${dc.strength} as strength, ${dc.reasons} as reasons,
                 ${dc.nameSimilarity} as score, (count(*) over ())::int as total
          from ${dc}
          where ${where} and ${customerNotDeleted(dc.customerA)} and ${customerNotDeleted(dc.customerB)}
          order by ${dc.strength} desc, ${dc.nameSimilarity} desc, ${dc.customerA}, ${dc.customerB}
          limit ${DUPLICATES_PAGE_SIZE} offset ${(filter.page - 1) * DUPLICATES_PAGE_SIZE}
        )
        select p.*, ${a.name} as a_name, ${a.email} as a_email, ${a.phone} as a_phone, ${a.createdAt} as a_created, ${ua.name} as a_owner,
               ${b.name} as b_name, ${b.email} as b_email, ${b.phone} as b_phone, ${b.createdAt} as b_created, ${ub.name} as b_owner
        from page p
        join ${fromTable(a)} on ${a.id} = p.a_id join ${fromTable(b)} on ${b.id} = p.b_id
        left join ${fromTable(ua)} on ${ua.id} = ${a.ownerId} left join ${fromTable(ub)} on ${ub.id} = ${b.ownerId}
        order by p.strength desc, p.score desc, p.a_id, p.b_id`,
  );
  if (found.length > 0 || filter.page === 1) return { rows: found.map(toPair), total: found[0]?.total ?? 0 };
  // A page past the end (a bookmark, the last pair of the last page merged): no row carries the
  // count, but the page must still say how many there are and lead back to them.
  const [{ total }] = await rows<{ total: number }>(
    db,
    sql`select count(*)::int as total from ${dc}
        where ${where} and ${customerNotDeleted(dc.customerA)} and ${customerNotDeleted(dc.customerB)}`,
  );
  return { rows: [], total };
}

function side(r: PairRow, p: 'a' | 'b'): PairSide {
  return {
    id: r[`${p}_id`],
    name: r[`${p}_name`],
    email: r[`${p}_email`],
    phone: r[`${p}_phone`],
    ownerName: r[`${p}_owner`],
    createdAt: new Date(r[`${p}_created`]),
  };
}

const isReason = (r: string): r is DuplicateReason => (DUPLICATE_REASONS as readonly string[]).includes(r);

/** The older record first: that is the default survivor, and the merge link passes it as `a`. */
function toPair(r: PairRow): DuplicatePair {
  let a = side(r, 'a');
  let b = side(r, 'b');
  if (b.createdAt.getTime() < a.createdAt.getTime()) [a, b] = [b, a];
  return { a, b, strength: Number(r.strength), reasons: r.reasons.filter(isReason), nameScore: Number(r.score) };
}

/** When the pairs were last computed and whether a scan is on its way; a missing or old scan is asked for. */
export async function getDuplicateScanStatus(
  viewer: Viewer,
): Promise<{ last: ScanInfo | null; pending: boolean; canScan: boolean } | null> {
  if (!can(viewer, 'customers:merge')) return null;
  const last = await latestScan(db);
  let pending = await isScanPending().catch(() => false);
  if (!pending && (!last || Date.now() - last.computedAt.getTime() > SCAN_MAX_AGE_MS)) {
    const id = await enqueue(duplicateScanJob, {}, { tx: null }).catch((error) => {
      console.error('[duplicates] could not ask for a scan:', (error as Error).message);
      return null;
    });
    pending = id !== null;
  }
  return { last, pending, canScan: can(viewer, 'customers:scanDuplicates') };
}

export type PossibleDuplicate = PairSide & { sameEmail: boolean; samePhone: boolean; nameScore: number };

/**
 * Runs `fn` in a transaction whose pg_trgm `%` threshold is NAME_SIMILARITY, without JIT (it
 * compiles these small plans for longer than they run). Both `set local`, so nothing leaks to other
 * users of the pooled connection; PGlite has no JIT and ignores that one.
 */
async function withNameThreshold<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('pg_trgm.similarity_threshold', ${String(NAME_SIMILARITY)}, true), set_config('jit', 'off', true)`,
    );
    return fn(tx);
  });
}

/**
 * Live customers that may be the same as `customerId`, by the scan's rules (keys.ts) but live, so
 * a record added a minute ago shows: same email, same phone (last digits), or a similar name. One
 * query whose OR-ed arms each use an index (customers_email_lower_idx, customers_phone_digits_trgm
 * for the "ends with" match, customers_name_trgm), so it is cheap at any size. Empty for viewers
 * who may not merge, and for a missing or deleted customer.
 */
export async function listPossibleDuplicates(
  viewer: Viewer,
  customerId: string,
  limit = 5,
): Promise<PossibleDuplicate[]> {
  if (!can(viewer, 'customers:merge')) return [];
  const c = customers;
  const [me] = await rows<{ name: string; email: string | null; phone: string | null }>(
    db,
    sql`select ${c.name}, ${emailKey(c.email)} as email, ${phoneKey(c.phone)} as phone from ${c}
        where ${c.id} = ${customerId} and ${liveCustomer()}`,
  );
  if (!me) return [];
  // Each arm fetches at most ARM_LIMIT ids through its index, so a customer behind a mailbox or a
  // switchboard thousands share costs no more than any other (the scan treats those as weak too).
  const arm = (where: SQL) =>
    sql`(select ${c.id} as id from ${c} where ${where} and ${liveCustomer()} and ${c.id} <> ${customerId} limit ${ARM_LIMIT})`;
  const arms: SQL[] = [arm(sql`${c.name} % ${me.name}`)];
  if (me.email) arms.push(arm(sql`lower(${c.email}) = ${me.email}`));
  // "Ends with" finds the candidates through the trigram index; the key then says "same number".
  if (me.phone)
    arms.push(arm(sql`${phoneDigitsExpr(c.phone)} like ${`%${me.phone}`} and ${phoneKey(c.phone)} = ${me.phone}`));
  const found = await withNameThreshold((tx) =>
    rows<{
      id: string;
      name: string;
      email: string | null;
      phone: string | null;
      owner: string | null;
      created: Date | string;
      same_email: boolean;
      same_phone: boolean;
      score: number;
    }>(
      tx,
      sql`with candidates as (${sql.join(arms, sql` union `)})
          select ${c.id}, ${c.name}, ${c.email}, ${c.phone}, ${users.name} as owner, ${c.createdAt} as created,
                 coalesce(${emailKey(c.email)} = ${me.email}, false) as same_email,
                 coalesce(${phoneKey(c.phone)} = ${me.phone}, false) as same_phone,
                 ${nameSimilarity(c.name, sql`${me.name}::text`)} as score
          from candidates k join ${c} on ${c.id} = k.id left join ${users} on ${users.id} = ${c.ownerId}
          order by same_email desc, same_phone desc, score desc, ${c.id}
          limit ${limit}`,
    ),
  );
  return found.map((r) => ({
    id: r.id,
    name: r.name,
    email: r.email,
    phone: r.phone,
    ownerName: r.owner,
    createdAt: new Date(r.created),
    sameEmail: r.same_email,
    samePhone: r.same_phone,
    nameScore: Number(r.score),
  }));
}
