import 'server-only';
import { and, desc, eq, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { db } from '@/db/client';
import { fromTable, rows } from '@/db/rows';
import { activities, contacts, customers, dealStageHistory, deals, pipelineStages, quotes, users } from '@/db/schema';
import { can, type Viewer } from '@/lib/auth/permissions';
import { likePattern } from '@/lib/customers/filters';
import { customerNotDeleted, liveCustomer } from '@/lib/customers/visibility';
import type { Locale } from '@/lib/i18n/config';
import { countCapped } from '@/lib/pagination';
import { effectiveStatus } from '@/lib/sales/quotes/quotes';
import { stageLocale, stageNameSql } from '@/lib/sales/stages/names';
import { activityDealVisible, canEditDeal, visibleDeals, visibleQuotes } from '@/lib/sales/visibility';
import type { DealFilter, DealSort } from './deal-filters';
import type { ForecastCategory } from './deal-schemas';

// The deal list and the deal page: every read starts from visibleDeals(viewer).

export type DealStatus = 'open' | 'won' | 'lost';

export type DealListRow = {
  id: string;
  name: string;
  customerId: string;
  customerName: string;
  stageName: string;
  amount: string;
  currency: string;
  expectedCloseDate: string | null;
  ownerName: string | null;
  status: DealStatus;
  /** Whole days in the current stage, for open deals (null once closed). */
  daysInStage: number | null;
  rotting: boolean;
};

/**
 * The list's WHERE: the viewer's deals of live customers, narrowed by the filter. "Live" is the
 * anti-join on the few deleted customers, so a count or a sorted page reads deals alone through
 * their own indexes; `customers` must be joined only when the filter names a customer.
 */
export function dealWhere(viewer: Viewer, filter: Partial<DealFilter>): SQL {
  const conditions: SQL[] = [visibleDeals(viewer), customerNotDeleted(deals.customerId)];
  if (filter.status && filter.status !== 'all') conditions.push(eq(deals.status, filter.status));
  if (filter.stage) conditions.push(eq(deals.stageId, filter.stage));
  // Only managers and admins have an owner filter; a rep's list is their own deals anyway.
  if (can(viewer, 'deals:reassign') && filter.owner) {
    if (filter.owner === 'me') conditions.push(eq(deals.ownerId, viewer.userId));
    else if (filter.owner === 'none') conditions.push(isNull(deals.ownerId));
    else conditions.push(eq(deals.ownerId, filter.owner));
  }
  if (filter.close) {
    const first = `${filter.close}-01`;
    conditions.push(
      sql`${deals.expectedCloseDate} >= ${first}::date and ${deals.expectedCloseDate} < (${first}::date + interval '1 month')`,
    );
  }
  if (filter.min) conditions.push(sql`${deals.amount} >= ${filter.min}::numeric`);
  if (filter.max) conditions.push(sql`${deals.amount} <= ${filter.max}::numeric`);
  if (filter.customer) conditions.push(sql`${customers.name} ilike ${likePattern(filter.customer)}`);
  return and(...conditions) as SQL;
}

/** Each sort's column: the deal list's indexes (deals_list_*_idx) lead with it, then id. */
const SORT_COLUMNS: Record<DealSort, SQL> = {
  name: sql`${deals.name}`,
  amount: sql`${deals.amount}`,
  closeDate: sql`${deals.expectedCloseDate}`,
  // More days in the stage = entered earlier: "days in stage ascending" is stage_entered_at descending.
  daysInStage: sql`${deals.stageEnteredAt}`,
};

function sortDir(filter: Pick<DealFilter, 'sort' | 'dir'>): SQL {
  const flip = filter.sort === 'daysInStage';
  return sql.raw((filter.dir === 'desc') !== flip ? 'desc' : 'asc');
}

export function dealOrder(filter: Pick<DealFilter, 'sort' | 'dir'>): SQL[] {
  const dir = sortDir(filter);
  return [sql`${SORT_COLUMNS[filter.sort]} ${dir}`, sql`${deals.id} ${dir}`];
}

/** `customers` for a filter that names a customer (dealWhere then tests its name); otherwise nothing. */
function customerJoin(filter: Partial<DealFilter>): SQL {
  return filter.customer ? sql`join ${customers} on ${customers.id} = ${deals.customerId}` : sql``;
}

/** The names a list row shows, joined to `deals`. */
const rowJoins = sql`join ${customers} on ${customers.id} = ${deals.customerId}
  join ${pipelineStages} on ${pipelineStages.id} = ${deals.stageId}
  left join ${users} on ${users.id} = ${deals.ownerId}`;

type ListRow = {
  id: string;
  name: string;
  customer_id: string;
  customer_name: string;
  stage_name: string;
  amount: string;
  currency: string;
  expected_close_date: string | null;
  owner_name: string | null;
  status: DealStatus;
  days_in_stage: number | null;
  rotting: boolean;
};

/** One page of the deal list (sorted and paged in SQL) and its total (exact up to the cap). */
export async function listDeals(
  viewer: Viewer,
  filter: DealFilter,
  locale?: Locale,
): Promise<{ rows: DealListRow[]; total: number; totalExact: boolean }> {
  if (!can(viewer, 'deals:read')) return { rows: [], total: 0, totalExact: true };
  const where = dealWhere(viewer, filter);
  const [found, total] = await Promise.all([
    // The page's ids first, through the sort's index (customers joined only for a customer filter),
    // then the names for those 50: a deep page skips rows without joining each one.
    rows<ListRow>(
      db,
      sql`select ${deals.id} as id, ${deals.name} as name, ${deals.customerId} as customer_id, ${customers.name} as customer_name,
                 ${stageNameSql(pipelineStages, stageLocale(viewer, locale))} as stage_name, ${deals.amount}::text as amount, ${deals.currency} as currency,
                 ${deals.expectedCloseDate}::text as expected_close_date, ${users.name} as owner_name, ${deals.status} as status,
                 case when ${deals.status} = 'open' then floor(extract(epoch from now() - ${deals.stageEnteredAt}) / 86400)::int end as days_in_stage,
                 (${deals.status} = 'open' and ${pipelineStages.rottingDays} is not null
                   and ${deals.stageEnteredAt} < now() - make_interval(days => ${pipelineStages.rottingDays})) as rotting
          from (select ${deals.id} as id, ${SORT_COLUMNS[filter.sort]} as k from ${deals} ${customerJoin(filter)}
                where ${where} order by ${sql.join(dealOrder(filter), sql`, `)}
                limit ${filter.size} offset ${(filter.page - 1) * filter.size}) p
          join ${deals} on ${deals.id} = p.id ${rowJoins}
          order by p.k ${sortDir(filter)}, p.id ${sortDir(filter)}`,
    ),
    countCapped(db, sql`select 1 from ${deals} ${customerJoin(filter)} where ${where}`),
  ]);
  return {
    rows: found.map((r) => ({
      id: r.id,
      name: r.name,
      customerId: r.customer_id,
      customerName: r.customer_name,
      stageName: r.stage_name,
      amount: r.amount,
      currency: r.currency,
      expectedCloseDate: r.expected_close_date,
      ownerName: r.owner_name,
      status: r.status,
      daysInStage: r.days_in_stage,
      rotting: r.rotting,
    })),
    total: total.value,
    totalExact: total.exact,
  };
}

export type DealDetail = {
  id: string;
  name: string;
  customerId: string;
  customerName: string;
  contactId: string | null;
  contactName: string | null;
  ownerId: string | null;
  ownerName: string | null;
  stageId: string;
  stageName: string;
  probability: number;
  amount: string;
  currency: string;
  expectedCloseDate: string | null;
  status: DealStatus;
  lostReason: string | null;
  wonReason: string | null;
  closedAt: Date | null;
  stageEnteredAt: Date;
  forecastCategory: ForecastCategory;
  createdAt: Date;
  version: number;
  /** The viewer may edit it, move it and log activities on it. */
  canEdit: boolean;
};

/** A deal the viewer may see (of a live customer), or null for missing and not-yours alike. */
export async function getDeal(viewer: Viewer, id: string, locale?: Locale): Promise<DealDetail | null> {
  if (!can(viewer, 'deals:read')) return null;
  const [row] = await db
    .select({
      id: deals.id,
      name: deals.name,
      customerId: deals.customerId,
      customerName: customers.name,
      contactId: deals.contactId,
      contactFirst: contacts.firstName,
      contactLast: contacts.lastName,
      ownerId: deals.ownerId,
      ownerName: users.name,
      stageId: deals.stageId,
      stageName: stageNameSql(pipelineStages, stageLocale(viewer, locale)),
      probability: pipelineStages.probability,
      amount: deals.amount,
      currency: deals.currency,
      expectedCloseDate: deals.expectedCloseDate,
      status: deals.status,
      lostReason: deals.lostReason,
      wonReason: deals.wonReason,
      closedAt: deals.closedAt,
      stageEnteredAt: deals.stageEnteredAt,
      forecastCategory: deals.forecastCategory,
      createdAt: deals.createdAt,
      version: deals.version,
    })
    .from(deals)
    .innerJoin(customers, eq(customers.id, deals.customerId))
    .innerJoin(pipelineStages, eq(pipelineStages.id, deals.stageId))
    .leftJoin(users, eq(users.id, deals.ownerId))
    .leftJoin(contacts, and(eq(contacts.id, deals.contactId), isNull(contacts.deletedAt)))
    .where(and(eq(deals.id, id), visibleDeals(viewer), liveCustomer()))
    .limit(1);
  if (!row) return null;
  const { contactFirst, contactLast, ...rest } = row;
  return {
    ...rest,
    contactName: contactFirst ? [contactFirst, contactLast].filter(Boolean).join(' ') : null,
    canEdit: canEditDeal(viewer, row),
  };
}

export type StageHistoryItem = {
  id: string;
  fromStageName: string | null;
  toStageName: string;
  changedByName: string | null;
  changedAt: Date;
  /** How long the deal stayed in `toStage`: until the next change, or until now while it is still there. */
  durationMs: number;
  current: boolean;
};

const fromStage = alias(pipelineStages, 'from_stage');

/** A visible deal's stage history, newest first, with the time spent in each stage. */
export async function listDealHistory(viewer: Viewer, dealId: string, locale?: Locale): Promise<StageHistoryItem[]> {
  if (!can(viewer, 'deals:read')) return [];
  const lang = stageLocale(viewer, locale);
  const found = await rows<{
    id: string;
    from_name: string | null;
    to_name: string;
    by_name: string | null;
    changed_at: string | Date;
    duration_ms: string | number;
    current: boolean;
  }>(
    db,
    sql`select h.id, h.from_name, h.to_name, h.by_name, h.changed_at,
               extract(epoch from (coalesce(h.next_at, now()) - h.changed_at)) * 1000 as duration_ms,
               h.next_at is null as current
        from (
          select ${dealStageHistory.id} as id, ${stageNameSql(fromStage, lang)} as from_name,
                 ${stageNameSql(pipelineStages, lang)} as to_name,
                 ${users.name} as by_name, ${dealStageHistory.changedAt} as changed_at,
                 lead(${dealStageHistory.changedAt}) over (order by ${dealStageHistory.changedAt}, ${dealStageHistory.id}) as next_at
          from ${dealStageHistory}
          join ${pipelineStages} on ${pipelineStages.id} = ${dealStageHistory.toStageId}
          left join ${fromTable(fromStage)} on ${fromStage.id} = ${dealStageHistory.fromStageId}
          left join ${users} on ${users.id} = ${dealStageHistory.changedBy}
          where ${dealStageHistory.dealId} = ${dealId}
            and exists (select 1 from ${deals} where ${deals.id} = ${dealId} and ${visibleDeals(viewer)})
        ) h
        order by h.changed_at desc, h.id desc
        limit 200`,
  );
  return found.map((r) => ({
    id: r.id,
    fromStageName: r.from_name,
    toStageName: r.to_name,
    changedByName: r.by_name,
    changedAt: new Date(r.changed_at),
    durationMs: Math.max(0, Math.round(Number(r.duration_ms))),
    current: r.current,
  }));
}

export type DealActivityItem = {
  id: string;
  type: 'call' | 'email' | 'meeting' | 'note' | 'task';
  subject: string;
  body: string | null;
  occurredAt: Date;
  dueAt: Date | null;
  completedAt: Date | null;
  ownerName: string | null;
};

/** The activities linked to a visible deal, newest first, keyset-paged like the customer timeline. */
export async function listDealActivities(
  viewer: Viewer,
  dealId: string,
  options: { before?: { at: Date; id: string }; limit?: number } = {},
): Promise<{ items: DealActivityItem[]; next: { at: Date; id: string } | null }> {
  if (!can(viewer, 'deals:read')) return { items: [], next: null };
  const limit = options.limit ?? 20;
  const conditions: SQL[] = [eq(activities.dealId, dealId), isNull(activities.deletedAt), activityDealVisible(viewer)];
  if (options.before) {
    const { at, id } = options.before;
    conditions.push(
      or(lt(activities.occurredAt, at), and(eq(activities.occurredAt, at), lt(activities.id, id))) as SQL,
    );
  }
  const found = await db
    .select({
      id: activities.id,
      type: activities.type,
      subject: activities.subject,
      body: activities.body,
      occurredAt: activities.occurredAt,
      dueAt: activities.dueAt,
      completedAt: activities.completedAt,
      ownerName: users.name,
    })
    .from(activities)
    .leftJoin(users, eq(users.id, activities.ownerId))
    .where(and(...conditions))
    .orderBy(desc(activities.occurredAt), desc(activities.id))
    .limit(limit + 1);
  const more = found.length > limit;
  const items = more ? found.slice(0, limit) : found;
  const last = items[items.length - 1];
  return { items, next: more && last ? { at: last.occurredAt, id: last.id } : null };
}

export type DealQuoteLine = {
  id: string;
  number: string;
  status: 'draft' | 'sent' | 'accepted' | 'rejected' | 'expired';
  total: string;
  currency: string;
  validUntil: string | null;
};

/** The quotes of a deal, when the viewer may see the deal (a quote is visible when its deal is). */
export async function listDealQuotes(viewer: Viewer, dealId: string): Promise<DealQuoteLine[]> {
  if (!can(viewer, 'deals:read')) return [];
  return db
    .select({
      id: quotes.id,
      number: quotes.number,
      // A sent quote past its valid-until date reads as expired, as on the quote page.
      status: effectiveStatus,
      total: quotes.total,
      currency: quotes.currency,
      validUntil: quotes.validUntil,
    })
    .from(quotes)
    .where(and(eq(quotes.dealId, dealId), visibleQuotes(viewer)))
    .orderBy(desc(quotes.createdAt), desc(quotes.id))
    .limit(50);
}

/** The live contacts of a customer, for the deal form's contact choice. */
export async function listCustomerContactOptions(customerId: string): Promise<{ id: string; name: string }[]> {
  const found = await db
    .select({ id: contacts.id, first: contacts.firstName, last: contacts.lastName })
    .from(contacts)
    .where(and(eq(contacts.customerId, customerId), isNull(contacts.deletedAt)))
    .orderBy(contacts.firstName, contacts.id)
    .limit(200);
  return found.map((c) => ({ id: c.id, name: [c.first, c.last].filter(Boolean).join(' ') }));
}
