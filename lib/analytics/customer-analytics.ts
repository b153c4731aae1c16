import 'server-only';
import { and, desc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { db } from '@/db/client';
import { analyticsBasketRules, customerScores as cs, customers, orderItems, orders, products } from '@/db/schema';
import type { Viewer } from '@/lib/auth/permissions';
import { getCurrentRun } from './dashboards/base';
import type { RiskReason } from './dashboards/churn-risk';
import { countedOrder } from './load';
import { analyticsVisible, canSeeAnalyticsOf } from './scope';

export type CustomerAnalytics = {
  asOf: string;
  segment: string | null;
  r: number | null;
  f: number | null;
  m: number | null;
  valueClass: string | null;
  predictedClv: string | null;
  clvBand: number | null;
  horizonMonths: number;
  pAlive: number | null;
  previousPAlive: number | null;
  expectedPurchases90: number | null;
  cluster: number | null;
  churnRisk: number | null;
  reasons: RiskReason[];
};

/**
 * The current run's scores of one customer for the 360 badges; null when the viewer may not see
 * this customer's analytics (a rep, another rep's customer; a service agent, any), when the
 * customer was not scored (no purchase yet), or before the first run.
 */
export async function getCustomerAnalytics(
  viewer: Viewer,
  customer: { id: string; ownerId: string | null },
): Promise<CustomerAnalytics | null> {
  if (!canSeeAnalyticsOf(viewer, customer)) return null;
  const run = await getCurrentRun();
  if (!run) return null;
  const previous = alias(cs, 'previous_score');
  const [row] = await db
    .select({
      segment: cs.rfmSegment,
      r: cs.rScore,
      f: cs.fScore,
      m: cs.mScore,
      valueClass: cs.valueClass,
      predictedClv: cs.predictedClv,
      clvBand: cs.clvBand,
      pAlive: cs.pAlive,
      previousPAlive: previous.pAlive,
      expectedPurchases90: cs.expectedPurchases90,
      cluster: cs.cluster,
      churnRisk: cs.churnRisk,
      reasons: cs.churnReasons,
    })
    .from(cs)
    // The rule again in SQL: \`customer.ownerId\` is the caller's word; the row's owner is the database's.
    .innerJoin(customers, and(eq(customers.id, cs.customerId), analyticsVisible(viewer)))
    .leftJoin(
      previous,
      and(run.previousId ? eq(previous.runId, run.previousId) : sql`false`, eq(previous.customerId, cs.customerId)),
    )
    .where(and(eq(cs.runId, run.id), eq(cs.customerId, customer.id)))
    .limit(1);
  if (!row) return null;
  const { features = [], coefficients = [] } = run.parameters.churn;
  return {
    ...row,
    asOf: run.asOf,
    horizonMonths: run.inputs.horizonMonths,
    reasons: (row.reasons ?? []).map((r) => ({
      ...r,
      direction: r.contribution * (coefficients[features.indexOf(r.feature)] ?? 1) >= 0 ? 'high' : 'low',
    })),
  };
}

export type AlsoBought = {
  productId: string;
  name: string;
  /** The product of the customer's that leads to it (the rule's antecedent). */
  becauseId: string;
  becauseName: string;
  confidence: number;
  lift: number;
};

/**
 * "Customers who bought this also bought": the current run's basket rules whose antecedent the
 * customer has bought and whose consequent they have not, strongest lift first (one line per
 * suggested product). Same visibility as the badges: it reads what this customer bought.
 */
export async function listAlsoBought(
  viewer: Viewer,
  customer: { id: string; ownerId: string | null },
  limit = 5,
): Promise<AlsoBought[] | null> {
  if (!canSeeAnalyticsOf(viewer, customer)) return null;
  const run = await getCurrentRun();
  if (!run) return null;
  const bought = db
    .selectDistinct({ id: orderItems.productId })
    .from(orderItems)
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .innerJoin(customers, eq(customers.id, orders.customerId))
    .where(
      and(
        eq(orders.customerId, customer.id),
        analyticsVisible(viewer),
        countedOrder,
        sql`${orderItems.productId} is not null`,
      ),
    );
  const consequent = alias(products, 'consequent');
  const antecedent = alias(products, 'antecedent');
  const rules = analyticsBasketRules;
  const found = await db
    .select({
      productId: rules.consequentId,
      name: consequent.name,
      becauseId: rules.antecedentId,
      becauseName: antecedent.name,
      confidence: rules.confidence,
      lift: rules.lift,
    })
    .from(rules)
    .innerJoin(consequent, and(eq(consequent.id, rules.consequentId), eq(consequent.active, true)))
    .innerJoin(antecedent, eq(antecedent.id, rules.antecedentId))
    .where(and(eq(rules.runId, run.id), inArray(rules.antecedentId, bought), notInArray(rules.consequentId, bought)))
    .orderBy(desc(rules.lift), rules.consequentId)
    .limit(limit * 10);
  // One line per suggested product: its strongest rule.
  const seen = new Set<string>();
  return found.filter((r) => !seen.has(r.productId) && seen.add(r.productId)).slice(0, limit);
}
