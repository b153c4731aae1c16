import 'server-only';
import { type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { db, type Tx } from '@/db/client';
import { fromTable, rows } from '@/db/rows';
import { customers, users } from '@/db/schema';
import { can, type Viewer } from '@/lib/auth/permissions';
import { phoneDigitsExpr as phoneDigits } from '@/lib/search/match';
import { liveCustomer } from '../visibility';
import { type DuplicateFilter, MIN_PHONE_DIGITS, NAME_SIMILARITY } from './schemas';

// Finding likely duplicates among live customers, three ways:
//   email  same lower(email)                         → one hash join over all live customers
//   phone  same digits of the phone (≥ 7 digits)     → one hash aggregate over all live customers
//   name   pg_trgm similarity ≥ NAME_SIMILARITY      → nested loop: one GIN probe of
//          customers_name_trgm per "probe" customer
// Email and phone are linear passes (~0.3 s each at 100k customers). A full name self-join is
// quadratic-ish (one index probe per customer, each probe reads long posting lists for common
// trigrams), so the name pass only probes customers created or updated in the last `days` days,
// at most NAME_PROBE_LIMIT of them (most recently changed first), against all customers.

export const NAME_PROBE_LIMIT = 200;
export const DUPLICATES_PAGE_SIZE = 25;

// Copies of customers and users for self-joins: a pair's two sides and their owners.
const a = alias(customers, 'a');
const b = alias(customers, 'b');
const c = alias(customers, 'c');
const ua = alias(users, 'ua');
const ub = alias(users, 'ub');

export type PairSide = {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  ownerName: string | null;
  createdAt: Date;
};
export type DuplicatePair = { a: PairSide; b: PairSide; sameEmail: boolean; samePhone: boolean; nameScore: number };

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
  same_email: boolean;
  same_phone: boolean;
  score: number;
  total: number;
};

/**
 * Runs `fn` in a transaction whose pg_trgm `%` threshold is NAME_SIMILARITY, with room for the
 * pair hash joins in memory, and without JIT: PostgreSQL's JIT compiles this plan for over a
 * second at 100k customers (measured 2.7 s → 1.3 s without it). All `set local`, so nothing leaks
 * to other users of the pooled connection. (PGlite has no JIT; the setting is ignored there.)
 */
async function withFinderSettings<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('pg_trgm.similarity_threshold', ${String(NAME_SIMILARITY)}, true), set_config('work_mem', '32MB', true), set_config('jit', 'off', true)`,
    );
    return fn(tx);
  });
}

/**
 * Candidate pairs (each pair once, a.id < b.id), strongest first: both email and phone, then one of
 * them, then by name similarity, then the pairs with the newest customer first. Paged; `total` is
 * the number of pairs found. Only the page's 25 pairs are joined to names, owners and scores: the
 * full candidate set (tens of thousands of pairs at 100k customers) is only grouped and counted.
 */
export async function listDuplicatePairs(
  viewer: Viewer,
  filter: DuplicateFilter,
  asOf: Date = new Date(),
): Promise<{ rows: DuplicatePair[]; total: number }> {
  if (!can(viewer, 'customers:merge')) return { rows: [], total: 0 };
  const since = new Date(asOf.getTime() - filter.days * 86_400_000).toISOString();
  const want = (r: DuplicateFilter['reason']) => !filter.reason || filter.reason === r;
  // Each arm yields (a_id, b_id, email, phone, score, newest); a pair found twice is grouped below.
  const arms: SQL[] = [];
  if (want('email')) {
    arms.push(sql`select ${a.id}, ${b.id}, 1, 0, null::real, greatest(${a.createdAt}, ${b.createdAt}) from ${fromTable(a)}
      join ${fromTable(b)} on lower(${b.email}) = lower(${a.email}) and ${b.id} > ${a.id} and ${liveCustomer(b)}
      where ${liveCustomer(a)} and ${a.email} is not null`);
  }
  if (want('phone')) {
    // Groups of customers with the same digits, expanded into pairs (i < j: each pair once).
    arms.push(sql`select least(g.ids[i], g.ids[j]), greatest(g.ids[i], g.ids[j]), 0, 1, null::real, greatest(g.ats[i], g.ats[j])
      from phone_groups g, generate_subscripts(g.ids, 1) i, generate_subscripts(g.ids, 1) j where i < j`);
  }
  if (want('name')) {
    arms.push(sql`select least(p.id, ${c.id}), greatest(p.id, ${c.id}), 0, 0, similarity(p.name, ${c.name}), greatest(p.created_at, ${c.createdAt})
      from probe p join ${fromTable(c)} on ${c.name} % p.name and ${c.id} <> p.id and ${liveCustomer(c)}`);
  }
  const found = await withFinderSettings((tx) =>
    rows<PairRow>(
      tx,
      sql`with phone_groups as (
            select array_agg(${c.id}) as ids, array_agg(${c.createdAt}) as ats from ${fromTable(c)}
            where ${liveCustomer(c)} and ${c.phone} is not null
            group by ${phoneDigits(c.phone)}
            having count(*) > 1 and length(${phoneDigits(c.phone)}) >= ${MIN_PHONE_DIGITS}
          ),
          probe (id, name, created_at) as (
            select ${customers.id}, ${customers.name}, ${customers.createdAt} from ${customers}
            where ${liveCustomer()} and (${customers.createdAt} >= ${since} or ${customers.updatedAt} >= ${since})
            order by ${customers.updatedAt} desc, ${customers.id} limit ${NAME_PROBE_LIMIT}
          ),
          arms (a_id, b_id, email, phone, score, newest) as (${sql.join(arms, sql` union all `)}),
          pairs as (
            select a_id, b_id, max(email) + max(phone) as strength, max(score) as score, max(newest) as newest, (count(*) over ())::int as total
            from arms group by a_id, b_id
            order by strength desc, score desc nulls last, newest desc, a_id, b_id
            limit ${DUPLICATES_PAGE_SIZE} offset ${(filter.page - 1) * DUPLICATES_PAGE_SIZE}
          )
          select p.a_id, p.b_id, p.total,
                 coalesce(lower(${a.email}) = lower(${b.email}), false) as same_email,
                 (length(${phoneDigits(a.phone)}) >= ${MIN_PHONE_DIGITS} and ${phoneDigits(a.phone)} = ${phoneDigits(b.phone)}) as same_phone,
                 similarity(${a.name}, ${b.name}) as score,
                 ${a.name} as a_name, ${a.email} as a_email, ${a.phone} as a_phone, ${a.createdAt} as a_created, ${ua.name} as a_owner,
                 ${b.name} as b_name, ${b.email} as b_email, ${b.phone} as b_phone, ${b.createdAt} as b_created, ${ub.name} as b_owner
          from pairs p
          join ${fromTable(a)} on ${a.id} = p.a_id join ${fromTable(b)} on ${b.id} = p.b_id
          left join ${fromTable(ua)} on ${ua.id} = ${a.ownerId} left join ${fromTable(ub)} on ${ub.id} = ${b.ownerId}
          order by p.strength desc, p.score desc nulls last, p.newest desc, p.a_id, p.b_id`,
    ),
  );
  // The total rides on each row (a window count); a page past the end reports 0.
  return { rows: found.map(toPair), total: found[0]?.total ?? 0 };
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

/** The older record first: that is the default survivor, and the merge link passes it as `a`. */
function toPair(r: PairRow): DuplicatePair {
  let a = side(r, 'a');
  let b = side(r, 'b');
  if (b.createdAt.getTime() < a.createdAt.getTime()) [a, b] = [b, a];
  return { a, b, sameEmail: r.same_email, samePhone: r.same_phone, nameScore: Number(r.score) };
}

export type PossibleDuplicate = PairSide & { sameEmail: boolean; samePhone: boolean; nameScore: number };

/**
 * Live customers that may be the same as `customerId`: same email, same phone digits, or a similar
 * name. One query whose three OR-ed arms each use an index (customers_email_lower_idx,
 * customers_phone_digits_trgm for equality, customers_name_trgm), so it is cheap at any size.
 * Empty for viewers who may not merge, and for a missing or deleted customer.
 */
export async function listPossibleDuplicates(
  viewer: Viewer,
  customerId: string,
  limit = 5,
): Promise<PossibleDuplicate[]> {
  if (!can(viewer, 'customers:merge')) return [];
  const [me] = await rows<{ name: string; email: string | null; digits: string }>(
    db,
    sql`select ${customers.name}, ${customers.email}, ${phoneDigits(customers.phone)} as digits from ${customers}
        where ${customers.id} = ${customerId} and ${liveCustomer()}`,
  );
  if (!me) return [];
  const hasPhone = me.digits.length >= MIN_PHONE_DIGITS;
  const arms: SQL[] = [sql`${customers.name} % ${me.name}`];
  if (me.email) arms.push(sql`lower(${customers.email}) = lower(${me.email})`);
  if (hasPhone) arms.push(sql`${phoneDigits(customers.phone)} = ${me.digits}`);
  const found = await withFinderSettings((tx) =>
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
      sql`select ${customers.id}, ${customers.name}, ${customers.email}, ${customers.phone}, ${users.name} as owner,
                 ${customers.createdAt} as created,
                 coalesce(lower(${customers.email}) = lower(${me.email}), false) as same_email,
                 ${hasPhone ? sql`${phoneDigits(customers.phone)} = ${me.digits}` : sql`false`} as same_phone,
                 similarity(${customers.name}, ${me.name}) as score
          from ${customers} left join ${users} on ${users.id} = ${customers.ownerId}
          where ${liveCustomer()} and ${customers.id} <> ${customerId} and (${sql.join(arms, sql` or `)})
          order by same_email desc, same_phone desc, score desc, ${customers.id}
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
