import 'server-only';
import { and, eq, gte, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import { type Db, db, type Tx } from '@/db/client';
import { rows } from '@/db/rows';
import { customerScores, customers, users } from '@/db/schema';
import type { Result } from '@/lib/action-state';
import { readCurrentRunId } from '@/lib/analytics/runs';
import { analyticsVisible, seesAllAnalytics } from '@/lib/analytics/scope';
import { hasVisibleScore, SCORE_SORT_COLUMNS, scoreConditions, visibleScoreJoin } from '@/lib/analytics/score-filters';
import { audit, auditMany, changedFields, reassignOwners } from '@/lib/audit/audit';
import { can, type Viewer } from '@/lib/auth/permissions';
import { countCapped, EXACT_COUNT_CAP, estimatedRows } from '@/lib/pagination';
import { phoneDigitsExpr } from '@/lib/search/match';
import { newConsent, requestConsent } from './consent';
import { columnsFor, LIST_FIELDS } from './fields';
import { type CustomerFilter, type CustomerSort, isScoreSort, likePattern } from './filters';
import type { CustomerInput, UpdateCustomerInput } from './schemas';
import {
  CUSTOMER_OWNER_ROLES,
  canEditCustomer,
  editableCustomers,
  isLiveCustomer,
  liveCustomer,
  visibleCustomers,
} from './visibility';

export type CustomerRow = {
  id: string;
  kind: 'person' | 'company';
  name: string;
  email: string | null;
  phone: string | null;
  city: string | null;
  country: string | null;
  industry: string | null;
  tags: string[];
  ownerId: string | null;
  ownerName: string | null;
  createdAt: Date;
  updatedAt: Date;
};

/** The list's fields (lib/customers/fields.ts), and the owner's name. */
export const customerRowColumns = { ...columnsFor(customers, LIST_FIELDS), ownerName: users.name };

/** The current analytics run's scores of a list row, when the viewer may see them (else all null). */
export type CustomerRowScores = {
  segment: string | null;
  valueClass: string | null;
  predictedClv: string | null;
  clvBand: number | null;
  pAlive: number | null;
  churnRisk: number | null;
  cluster: number | null;
};
export type CustomerListRow = CustomerRow & CustomerRowScores;

const scoreColumns = {
  segment: customerScores.rfmSegment,
  valueClass: customerScores.valueClass,
  predictedClv: customerScores.predictedClv,
  clvBand: customerScores.clvBand,
  pAlive: customerScores.pAlive,
  churnRisk: customerScores.churnRisk,
  cluster: customerScores.cluster,
};

export type SortKey = { expr: SQL; nullable: boolean };

/**
 * The list's sorts, the one definition both the list's ORDER BY (customerOrder) and the CSV
 * export's keyset condition read, so the two cannot drift apart. Each `expr` is written exactly as
 * its index is (names case-insensitively: customers_name_sort_idx is on (lower(name), id)).
 * `nullable` decides where nulls go (always last) and whether the export needs a nulls phase.
 */
export const SORTS: Record<CustomerSort, SortKey> = {
  name: { expr: sql`lower(${customers.name})`, nullable: false },
  email: { expr: sql`${customers.email}`, nullable: true },
  country: { expr: sql`${customers.country}`, nullable: true },
  industry: { expr: sql`${customers.industry}`, nullable: true },
  createdAt: { expr: sql`${customers.createdAt}`, nullable: false },
  updatedAt: { expr: sql`${customers.updatedAt}`, nullable: false },
};

/** The WHERE clause for a list filter, always including the viewer's visibility rule. */
export function customerWhere(viewer: Viewer, f: Partial<CustomerFilter>): SQL {
  const conditions: SQL[] = [customerFieldsWhere(viewer, f)];
  // Analytics filters, and a sort on a score, list the customers the current run scored whose
  // analytics the viewer may see (a rep's own; nobody's for a role without customer analytics).
  const scored = scoreConditions(f);
  if (scored.length || (f.sort && isScoreSort(f.sort))) conditions.push(hasVisibleScore(viewer, scored));
  return and(...conditions) as SQL;
}

/** customerWhere without the analytics filters: the viewer's visibility and the customer's own fields. */
function customerFieldsWhere(viewer: Viewer, f: Partial<CustomerFilter>): SQL {
  const conditions: SQL[] = [visibleCustomers(viewer)];
  if (f.q) {
    const like = likePattern(f.q);
    // Phone matching only for phone-like queries: "Acme 2024" must not match phone digits.
    const digits = /^[\d\s()+./-]+$/.test(f.q) ? f.q.replace(/\D/g, '') : '';
    const text = or(sql`${customers.name} ilike ${like}`, sql`${customers.email} ilike ${like}`) as SQL;
    conditions.push(
      digits.length >= 4 ? (or(text, sql`${phoneDigitsExpr(customers.phone)} like ${`%${digits}%`}`) as SQL) : text,
    );
  }
  if (f.owner === 'me') conditions.push(eq(customers.ownerId, viewer.userId));
  else if (f.owner === 'none') conditions.push(isNull(customers.ownerId));
  else if (f.owner) conditions.push(eq(customers.ownerId, f.owner));
  if (f.kind) conditions.push(eq(customers.kind, f.kind));
  if (f.industry) conditions.push(eq(customers.industry, f.industry));
  if (f.country) conditions.push(eq(customers.country, f.country));
  if (f.tags?.length) conditions.push(sql`${customers.tags} && ${sql.param(f.tags)}::text[]`);
  if (f.from) conditions.push(gte(customers.createdAt, new Date(`${f.from}T00:00:00Z`)));
  if (f.to) conditions.push(lt(customers.createdAt, new Date(new Date(`${f.to}T00:00:00Z`).getTime() + 86_400_000)));
  return and(...conditions) as SQL;
}

/**
 * `key <dir> nulls last, id <dir>`. A key without nulls gets a plain direction, which a forward or
 * backward scan of its (key, id) index serves; "nulls last" on a descending sort would not match.
 * The id tie-breaker makes pages stable when many rows share a value.
 */
export function customerOrder(f: Pick<CustomerFilter, 'sort' | 'dir'>): SQL[] {
  const dir = sql.raw(f.dir === 'asc' ? 'asc' : 'desc');
  // A score sort needs customer_scores joined (listCustomers does; the export sorts by creation instead).
  if (isScoreSort(f.sort)) return [sql`${SCORE_SORT_COLUMNS[f.sort]} ${dir} nulls last`, sql`${customers.id} ${dir}`];
  const { expr, nullable } = SORTS[f.sort];
  return [nullable ? sql`${expr} ${dir} nulls last` : sql`${expr} ${dir}`, sql`${customers.id} ${dir}`];
}

/**
 * A page of the customer list with each row's analytics scores (when the viewer may see them).
 * Sorting by a score joins the scores to find the page (only scored customers are listed); the
 * scores shown are left-joined to the page's rows by primary key.
 */
export async function listCustomers(
  viewer: Viewer,
  f: CustomerFilter,
): Promise<{ rows: CustomerListRow[]; total: number; totalExact: boolean; scores: boolean }> {
  if (!can(viewer, 'customers:read')) return { rows: [], total: 0, totalExact: true, scores: false };
  const scores = can(viewer, 'analytics:read');
  const scored = scoreConditions(f);
  const fewRun = scored.length && !isScoreSort(f.sort) ? await fewScored(viewer, scored) : null;
  if (fewRun) return listScoredCustomers(viewer, f, scored, scores, fewRun);
  const where = customerWhere(viewer, f);
  // The page's ids first, from customers alone (and the scores when they are the sort), then the
  // owner names and scores for those rows only: joined before the OFFSET, page 500 looked up the
  // owner and scores of the 24,950 rows it skips.
  const ordered = isScoreSort(f.sort)
    ? db.select({ id: customers.id }).from(customers).innerJoin(customerScores, visibleScoreJoin(viewer))
    : db.select({ id: customers.id }).from(customers);
  const pageIds = ordered
    .where(where)
    .orderBy(...customerOrder(f))
    .limit(f.size)
    .offset((f.page - 1) * f.size);
  const [rows, total] = await Promise.all([
    db
      .select({ ...customerRowColumns, ...scoreColumns })
      .from(customers)
      .leftJoin(users, eq(users.id, customers.ownerId))
      .leftJoin(customerScores, scores ? visibleScoreJoin(viewer) : sql`false`)
      .where(inArray(customers.id, pageIds))
      .orderBy(...customerOrder(f)),
    countCapped(db, db.select({ id: customers.id }).from(customers).where(where)),
  ]);
  return { rows, total: total.value, totalExact: total.exact, scores };
}

/** Below this many matching scores, the list starts from the scores (listScoredCustomers). */
const FEW_SCORED = 8_000;

/**
 * The current run's id when an analytics filter matches few of its scores, by the planner's estimate
 * (the run's statistics are gathered when it is published). Only for viewers who see every
 * customer's analytics: a rep's list starts from their own customers (an index on the owner),
 * which is always the smaller set. Null: start from the customers.
 */
async function fewScored(viewer: Viewer, scored: SQL[]): Promise<string | null> {
  if (!seesAllAnalytics(viewer)) return null;
  const runId = await readCurrentRunId(db);
  if (!runId) return null;
  const estimate = await estimatedRows(
    db,
    sql`select 1 from ${customerScores} where ${customerScores.runId} = ${runId} and ${and(...scored)}`,
  );
  return estimate <= FEW_SCORED ? runId : null;
}

/**
 * The list under an analytics filter (a dashboard's drill-down: a segment, an R×F cell, a CLV
 * band), sorted by a customer field. The run's matching scores are found first (a materialized
 * set, a few thousand ids for a segment) and the customers looked up by primary key: walking the
 * customers in sort order and probing each one's score, the plan PostgreSQL picks for a LIMIT,
 * read 17,679 customers to fill the first page of Champions (who are old customers) at 100k.
 */
async function listScoredCustomers(
  viewer: Viewer,
  f: CustomerFilter,
  scored: SQL[],
  scores: boolean,
  runId: string,
): Promise<{ rows: CustomerListRow[]; total: number; totalExact: boolean; scores: boolean }> {
  // The run as a value (fewScored read it), not the current-run subquery: the planner then reads
  // that run's table of scores alone (customer_scores is partitioned by run) with its statistics;
  // with the subquery it plans for every kept run's table and expects three times the rows.
  const matching = sql`with matching as materialized (
      select ${customerScores.customerId} as customer_id from ${customerScores}
      where ${customerScores.runId} = ${runId} and ${and(...scored)})`;
  // The viewer sees every customer's analytics here (fewScored), so analyticsVisible is the live rule.
  const where = and(customerFieldsWhere(viewer, f), analyticsVisible(viewer)) as SQL;
  const joined = sql`from matching join ${customers} on ${customers.id} = matching.customer_id where ${where}`;
  const [page, [{ n }]] = await Promise.all([
    rows<{ id: string }>(
      db,
      sql`${matching} select ${customers.id} as id ${joined}
        order by ${sql.join(customerOrder(f), sql`, `)} limit ${f.size} offset ${(f.page - 1) * f.size}`,
    ),
    rows<{ n: number }>(
      db,
      sql`${matching} select count(*)::int as n from (select 1 ${joined} limit ${EXACT_COUNT_CAP + 1}) as capped`,
    ),
  ]);
  const list = page.length
    ? await db
        .select({ ...customerRowColumns, ...scoreColumns })
        .from(customers)
        .leftJoin(users, eq(users.id, customers.ownerId))
        .leftJoin(customerScores, scores ? visibleScoreJoin(viewer) : sql`false`)
        .where(
          inArray(
            customers.id,
            page.map((r) => r.id),
          ),
        )
        .orderBy(...customerOrder(f))
    : [];
  return { rows: list, total: n, totalExact: n <= EXACT_COUNT_CAP, scores };
}

export type CustomerDetail = CustomerRow & {
  website: string | null;
  street: string | null;
  region: string | null;
  postalCode: string | null;
  source: string | null;
  emailConsent: boolean;
  /** When the person unsubscribed (null: never, or they opted back in themselves): staff cannot re-subscribe them. */
  unsubscribedAt: Date | null;
  /** The language to write to them in (lib/i18n/config LOCALES), or null when not known. */
  locale: string | null;
  notes: string | null;
  externalId: string | null;
  version: number;
  canEdit: boolean;
};

/** One customer, or null when missing, deleted, or not visible to the viewer. */
export async function getCustomer(viewer: Viewer, id: string): Promise<CustomerDetail | null> {
  if (!can(viewer, 'customers:read')) return null;
  const [row] = await db
    .select({
      ...customerRowColumns,
      website: customers.website,
      street: customers.street,
      region: customers.region,
      postalCode: customers.postalCode,
      source: customers.source,
      emailConsent: customers.emailConsent,
      unsubscribedAt: customers.unsubscribedAt,
      locale: customers.locale,
      notes: customers.notes,
      externalId: customers.externalId,
      version: customers.version,
    })
    .from(customers)
    .leftJoin(users, eq(users.id, customers.ownerId))
    .where(and(eq(customers.id, id), visibleCustomers(viewer)))
    .limit(1);
  return row ? { ...row, canEdit: canEditCustomer(viewer, row) } : null;
}

export type MutationResult = Result<
  { id: string },
  'forbidden' | 'notFound' | 'stale' | 'ownerInactive' | 'consentUnsubscribed'
>;

/** A rep's new customers are theirs; only managers and admins may pick another owner. */
function resolveOwner(viewer: Viewer, requested: string | null, current: string | null): string | null {
  if (can(viewer, 'customers:reassign')) return requested;
  return viewer.role === 'sales_rep' ? (current ?? viewer.userId) : current;
}

/**
 * Whether a user may be made a customer's owner: active, and in a role that owns customers (a
 * marketer or service agent would own customers nobody can work). Asked inside the mutation's
 * transaction, so `executor` is that transaction: there is no default, because the process-wide
 * `db` inside a transaction waits forever on PGlite (one connection, held by the transaction).
 */
async function ownerIsActive(ownerId: string | null, executor: Db | Tx): Promise<boolean> {
  if (!ownerId) return true;
  const [row] = await executor
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, ownerId), eq(users.active, true), inArray(users.role, CUSTOMER_OWNER_ROLES)))
    .limit(1);
  return Boolean(row);
}

export async function createCustomer(viewer: Viewer, input: CustomerInput): Promise<MutationResult> {
  if (!can(viewer, 'customers:write')) return { ok: false, reason: 'forbidden' };
  const ownerId = can(viewer, 'customers:reassign') ? input.ownerId : viewer.userId;
  return db.transaction(async (tx) => {
    if (!(await ownerIsActive(ownerId, tx))) return { ok: false, reason: 'ownerInactive' } as const;
    const values = { ...input, ownerId, ...newConsent(input.emailConsent, 'manual', new Date()) };
    const [created] = await tx.insert(customers).values(values).returning({ id: customers.id });
    await audit(tx, viewer, {
      action: 'create',
      entity: 'customer',
      entityId: created.id,
      diff: { ...input, ownerId },
    });
    return { ok: true, id: created.id } as const;
  });
}

/** Updates when the viewer may edit it and nobody saved it since `version` was read. */
export async function updateCustomer(viewer: Viewer, input: UpdateCustomerInput): Promise<MutationResult> {
  if (!can(viewer, 'customers:write')) return { ok: false, reason: 'forbidden' };
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(customers)
      .where(and(eq(customers.id, input.id), liveCustomer()))
      .for('update');
    if (!before) return { ok: false, reason: 'notFound' } as const;
    if (!canEditCustomer(viewer, before)) return { ok: false, reason: 'forbidden' } as const;
    if (before.version !== input.version) return { ok: false, reason: 'stale' } as const;
    const { id, version, ...fields } = input;
    const ownerId = resolveOwner(viewer, fields.ownerId, before.ownerId);
    if (ownerId !== before.ownerId && !(await ownerIsActive(ownerId, tx)))
      return { ok: false, reason: 'ownerInactive' } as const;
    // Ticking consent for someone who unsubscribed is refused: only the person opts back in.
    const consent = requestConsent(before, fields.emailConsent, new Date(), 'manual');
    if (consent.refused) return { ok: false, reason: 'consentUnsubscribed' } as const;
    const { emailConsent, consentAt, consentSource } = consent.next;
    const next = { ...fields, ownerId, emailConsent, consentAt, consentSource };
    const diff = changedFields(before as Record<string, unknown>, next);
    // The time and source follow the consent: not changes of their own.
    delete diff.consentAt;
    delete diff.consentSource;
    if (Object.keys(diff).length === 0) return { ok: true, id } as const;
    await tx
      .update(customers)
      .set({ ...next, updatedAt: sql`now()`, version: sql`${customers.version} + 1` })
      .where(and(eq(customers.id, id), eq(customers.version, version)));
    await audit(tx, viewer, { action: 'update', entity: 'customer', entityId: id, diff });
    return { ok: true, id } as const;
  });
}

/** Soft delete: the row stays (orders and history keep their customer) and can be restored. */
export async function deleteCustomer(viewer: Viewer, id: string): Promise<MutationResult> {
  return setDeleted(viewer, id, true);
}

export async function restoreCustomer(viewer: Viewer, id: string): Promise<MutationResult> {
  return setDeleted(viewer, id, false);
}

async function setDeleted(viewer: Viewer, id: string, deleted: boolean): Promise<MutationResult> {
  if (!can(viewer, 'customers:write')) return { ok: false, reason: 'forbidden' };
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ ownerId: customers.ownerId, deletedAt: customers.deletedAt, mergedIntoId: customers.mergedIntoId })
      .from(customers)
      .where(eq(customers.id, id))
      .for('update');
    // A merged-away customer is deleted too, but only undoing the merge could bring it back.
    if (!row || (deleted ? !isLiveCustomer(row) : isLiveCustomer(row) || row.mergedIntoId !== null))
      return { ok: false, reason: 'notFound' } as const;
    if (!canEditCustomer(viewer, row)) return { ok: false, reason: 'forbidden' } as const;
    await tx
      .update(customers)
      .set({ deletedAt: deleted ? sql`now()` : null, updatedAt: sql`now()`, version: sql`${customers.version} + 1` })
      .where(eq(customers.id, id));
    await audit(tx, viewer, { action: deleted ? 'delete' : 'restore', entity: 'customer', entityId: id });
    return { ok: true, id } as const;
  });
}

/** Reassigns the selected customers (managers and admins). Returns how many changed. */
export async function bulkAssignOwner(
  viewer: Viewer,
  ids: string[],
  ownerId: string,
): Promise<Result<{ changed: number }, 'forbidden' | 'ownerInactive'>> {
  if (!can(viewer, 'customers:reassign')) return { ok: false, reason: 'forbidden' };
  return db.transaction(async (tx) => {
    if (!(await ownerIsActive(ownerId, tx))) return { ok: false, reason: 'ownerInactive' } as const;
    const changed = await reassignOwners(
      tx,
      viewer,
      { table: customers, entity: 'customer' },
      ids,
      editableCustomers(viewer),
      ownerId,
    );
    return { ok: true, changed: changed.length } as const;
  });
}

/** Adds a tag to the selected customers the viewer may edit. Returns how many changed. */
export async function bulkAddTag(
  viewer: Viewer,
  ids: string[],
  tag: string,
): Promise<Result<{ changed: number }, 'forbidden'>> {
  if (!can(viewer, 'customers:write')) return { ok: false, reason: 'forbidden' };
  return db.transaction(async (tx) => {
    const changed = await tx
      .update(customers)
      .set({
        tags: sql`array_append(${customers.tags}, ${tag})`,
        updatedAt: sql`now()`,
        version: sql`${customers.version} + 1`,
      })
      // At most 20 tags per customer, as the form allows (tagsField): a full customer is left as is.
      .where(
        and(
          inArray(customers.id, ids),
          editableCustomers(viewer),
          sql`not (${tag} = any(${customers.tags}))`,
          sql`cardinality(${customers.tags}) < 20`,
        ),
      )
      .returning({ id: customers.id });
    await auditMany(
      tx,
      viewer,
      changed.map(({ id }) => ({ action: 'tag', entity: 'customer', entityId: id, diff: { tag } })),
    );
    return { ok: true, changed: changed.length } as const;
  });
}

/**
 * The distinct values of an indexed customer column that some live customer uses, for a filter menu.
 * A skip scan (one index probe per distinct value, ~60 here) instead of SELECT DISTINCT over every row.
 */
async function distinctLiveValues(column: typeof customers.industry | typeof customers.country): Promise<string[]> {
  const found = await rows<{ v: string }>(
    db,
    sql`with recursive walk(v) as (
          (select ${column} from ${customers} where ${column} is not null order by ${column} limit 1)
          union all
          select (select ${column} from ${customers} where ${column} > walk.v order by ${column} limit 1)
          from walk where walk.v is not null)
        select v from walk
        where v is not null and exists (select 1 from ${customers} where ${column} = walk.v and ${liveCustomer()})`,
  );
  return found.map((r) => r.v);
}

/** Distinct industries and countries in use, for filter menus. */
export async function listCustomerFacets(viewer: Viewer): Promise<{ industries: string[]; countries: string[] }> {
  if (!can(viewer, 'customers:read')) return { industries: [], countries: [] };
  const [industries, countries] = await Promise.all([
    distinctLiveValues(customers.industry),
    distinctLiveValues(customers.country),
  ]);
  return { industries, countries };
}
