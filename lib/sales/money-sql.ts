import 'server-only';
import { type SQL, sql } from 'drizzle-orm';
import { deals, pipelineStages } from '@/db/schema';

// Money totals of the sales dashboard and the forecast are summed in SQL as numeric and handed on
// as decimal strings ("1234.50"), never added up as JavaScript numbers: 0.10 + 0.20 stays 0.30, and
// a table's total is exactly the sum of what it shows. Formatting takes the string as it is
// (components/charts/money.ts); only charts turn it into a number, to draw.

/** Σ deal amount as text with two decimals ('0.00' over no rows). */
export const amountSum: SQL<string> = sql<string>`coalesce(sum(${deals.amount}), 0)::numeric(16,2)::text`;

/** Σ amount over the rows that pass `condition` (a FILTER clause), as text with two decimals. */
export function amountSumWhere(condition: SQL): SQL<string> {
  return sql<string>`coalesce(sum(${deals.amount}) filter (where ${condition}), 0)::numeric(16,2)::text`;
}

/**
 * Σ amount × the deal's stage win probability (weighted pipeline, analytics/sales.ts weightedPipeline),
 * exact in numeric and rounded to the cent once, at the end. Needs `pipeline_stages` joined on the deal's stage.
 */
export const weightedSum: SQL<string> = sql<string>`round(coalesce(sum(${deals.amount} * ${pipelineStages.probability}), 0) / 100, 2)::numeric(16,2)::text`;
