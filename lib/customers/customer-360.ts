import 'server-only';
import { and, count, desc, eq, type SQL, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { qualified, rows } from '@/db/rows';
import { cases, customers, deals, orderItems, orders, pipelineStages, users } from '@/db/schema';
import { can, type Viewer } from '@/lib/auth/permissions';
import type { Locale } from '@/lib/i18n/config';
import { stageLocale, stageNameSql } from '@/lib/sales/stages/names';
import { visibleDeals, visibleOrders } from '@/lib/sales/visibility';
import { visibleCases } from '@/lib/service/visibility';
import { visibleCustomers } from './visibility';

export type CustomerSummary = {
  lifetimeRevenue: string;
  orderCount: number;
  firstOrderAt: Date | null;
  lastOrderAt: Date | null;
  averageOrderValue: string | null;
};

/**
 * The 360 lists show nothing of a customer the viewer cannot read (a deleted or merged one), even
 * when its orders, deals and cases are still there. Uncorrelated: evaluated once per query.
 */
function customerIsVisible(viewer: Viewer, customerId: string): SQL {
  return sql`exists (select 1 from ${customers} where ${customers.id} = ${customerId} and ${visibleCustomers(viewer)})`;
}

/**
 * Purchase summary in one SQL aggregate; null when the customer is missing or not visible (deleted).
 * Cancelled and refunded orders do not count. Returns (kind 'return', negative totals) net the
 * revenue but are not orders: the count, dates and average are of sales. These are customer-level numbers every role that
 * reads the customer may see (marketers and analysts use them); the order lines themselves follow
 * visibleOrders.
 */
export async function getCustomerSummary(viewer: Viewer, customerId: string): Promise<CustomerSummary | null> {
  if (!can(viewer, 'customers:read')) return null;
  const sale = sql`${orders.kind} = 'sale'`;
  const [r] = await rows<{ revenue: string; n: number; first: string | null; last: string | null; aov: string | null }>(
    db,
    sql`select coalesce(sum(${orders.total}), 0)::numeric(14,2)::text as revenue,
               count(${orders.id}) filter (where ${sale})::int as n,
               min(${orders.orderedAt}) filter (where ${sale}) as first, max(${orders.orderedAt}) filter (where ${sale}) as last,
               round(avg(${orders.total}) filter (where ${sale}), 2)::text as aov
        from ${customers}
        left join ${orders} on ${orders.customerId} = ${customers.id} and ${orders.status} not in ('cancelled', 'refunded')
        where ${customers.id} = ${customerId} and ${visibleCustomers(viewer)}
        group by ${customers.id}`,
  );
  if (!r) return null;
  return {
    lifetimeRevenue: r.revenue,
    orderCount: r.n,
    firstOrderAt: r.first ? new Date(r.first) : null,
    lastOrderAt: r.last ? new Date(r.last) : null,
    averageOrderValue: r.aov,
  };
}

export type OrderLine = {
  id: string;
  number: string;
  kind: 'sale' | 'return';
  orderedAt: Date;
  status: string;
  total: string;
  currency: string;
  items: number;
};

export async function listCustomerOrders(
  viewer: Viewer,
  customerId: string,
  page = 1,
  size = 10,
): Promise<{ rows: OrderLine[]; total: number }> {
  if (!can(viewer, 'customers:read')) return { rows: [], total: 0 };
  const where = and(eq(orders.customerId, customerId), visibleOrders(viewer), customerIsVisible(viewer, customerId));
  const [list, [{ total }]] = await Promise.all([
    db
      .select({
        id: orders.id,
        number: orders.number,
        kind: orders.kind,
        orderedAt: orders.orderedAt,
        status: orders.status,
        total: orders.total,
        currency: orders.currency,
        items: sql<number>`(select count(*)::int from ${orderItems} where ${orderItems.orderId} = ${qualified(orders.id)})`,
      })
      .from(orders)
      .where(where)
      .orderBy(desc(orders.orderedAt), desc(orders.id))
      .limit(size)
      .offset((page - 1) * size),
    db.select({ total: count() }).from(orders).where(where),
  ]);
  return { rows: list, total };
}

export type DealLine = {
  id: string;
  name: string;
  stage: string;
  status: string;
  amount: string;
  currency: string;
  expectedCloseDate: string | null;
  ownerName: string | null;
};

export async function listCustomerDeals(viewer: Viewer, customerId: string, locale?: Locale): Promise<DealLine[]> {
  if (!can(viewer, 'deals:read')) return [];
  return db
    .select({
      id: deals.id,
      name: deals.name,
      stage: stageNameSql(pipelineStages, stageLocale(viewer, locale)),
      status: deals.status,
      amount: deals.amount,
      currency: deals.currency,
      expectedCloseDate: deals.expectedCloseDate,
      ownerName: users.name,
    })
    .from(deals)
    .innerJoin(pipelineStages, eq(pipelineStages.id, deals.stageId))
    .leftJoin(users, eq(users.id, deals.ownerId))
    .where(and(eq(deals.customerId, customerId), visibleDeals(viewer), customerIsVisible(viewer, customerId)))
    .orderBy(sql`${deals.status} = 'open' desc`, desc(deals.updatedAt))
    .limit(25);
}

export type CaseLine = {
  id: string;
  number: number;
  subject: string;
  priority: string;
  status: string;
  createdAt: Date;
  assigneeName: string | null;
  resolutionDueAt: Date | null;
};

export async function listCustomerCases(viewer: Viewer, customerId: string): Promise<CaseLine[]> {
  if (!can(viewer, 'cases:read')) return [];
  return db
    .select({
      id: cases.id,
      number: cases.number,
      subject: cases.subject,
      priority: cases.priority,
      status: cases.status,
      createdAt: cases.createdAt,
      assigneeName: users.name,
      resolutionDueAt: cases.resolutionDueAt,
    })
    .from(cases)
    .leftJoin(users, eq(users.id, cases.assigneeId))
    .where(and(eq(cases.customerId, customerId), visibleCases(viewer), customerIsVisible(viewer, customerId)))
    .orderBy(sql`${cases.status} in ('new','open','pending') desc`, desc(cases.createdAt))
    .limit(25);
}
