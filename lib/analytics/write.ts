import 'server-only';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { columnName } from '@/db/rows';
import { analyticsBasketRules, analyticsClusters, customerScores } from '@/db/schema';
import type { Tx } from '@/db/types';
import {
  type BinaryType,
  type ByteTextColumn,
  binaryCopyChunks,
  byteTexts,
  type Int16ListColumn,
  int16ListLiterals,
} from './binary-copy';
import { type BasketRuleRow, type ClusterRow, type ScoreColumns, unitsText } from './compute';
import { attachScoresTable, createScoresTable } from './partitions';

/** Rows per INSERT: each statement sends one array per column, so chunks keep messages moderate. */
export const CHUNK = 20_000;

/** `type`: the element type the values are sent as; `cast`: what the column needs, when that differs. */
type Column = {
  column: AnyPgColumn;
  values: readonly unknown[] | Float64Array | ByteTextColumn | Int16ListColumn;
  type: string;
  cast?: string;
};

/**
 * INSERT … SELECT FROM unnest($1::type[], $2::type[], …): one statement per chunk of rows, one
 * array parameter per column (a few parameters however many rows, so neither driver's parameter
 * limit nor per-row statements get in the way).
 */
async function insertColumns(tx: Tx, table: SQL, columns: Column[], length: number): Promise<void> {
  for (let from = 0; from < length; from += CHUNK) {
    const to = Math.min(length, from + CHUNK);
    const names = sql.join(
      columns.map((c) => columnName(c.column)),
      sql`, `,
    );
    const arrays = sql.join(
      columns.map((c) => sql`${sql.param(rowValues(c.values).slice(from, to))}::${sql.raw(c.type)}[]`),
      sql`, `,
    );
    const aliases = sql.raw(columns.map((_, i) => `c${i}`).join(', '));
    const selected = sql.raw(columns.map((c, i) => (c.cast ? `c${i}::${c.cast}` : `c${i}`)).join(', '));
    await tx.execute(sql`insert into ${table} (${names}) select ${selected} from unnest(${arrays}) as u(${aliases})`);
  }
}

/** A column's values as one per row (the compact columns are for binary COPY only). */
function rowValues(values: Column['values']): readonly unknown[] | Float64Array {
  if ('rows' in values) throw new Error('INSERT … unnest takes one value per row, not a compact column');
  return values;
}

const runIds = (runId: string, n: number) => new Array<string>(n).fill(runId);

/**
 * Money (whole cents) and the weighted score (thousandths): as such for binary COPY, as decimal
 * text for INSERT … unnest.
 */
function scaled(values: Float64Array, decimals: 2 | 3, binary: boolean): Pick<Column, 'values' | 'type'> {
  if (binary) return { values, type: decimals === 2 ? 'cents' : 'thousandths' };
  return { values: Array.from(values, (v) => unitsText(Number.isNaN(v) ? null : v, decimals)), type: 'numeric' };
}

/** A number column (NaN: NULL) as it is for binary COPY, as numbers and nulls for INSERT … unnest. */
const numbers = (values: Float64Array, binary: boolean): Column['values'] =>
  binary ? values : Array.from(values, (v) => (Number.isNaN(v) ? null : v));

function scoreColumns(runId: string, s: ScoreColumns, binary: boolean): Column[] {
  const n = s.customerId.length;
  const t = customerScores;
  return [
    { column: t.runId, values: runIds(runId, n), type: 'uuid' },
    { column: t.customerId, values: s.customerId, type: 'uuid' },
    { column: t.firstOrderOn, values: s.firstOrderOn, type: 'date' },
    { column: t.lastOrderOn, values: s.lastOrderOn, type: 'date' },
    { column: t.recencyDays, values: numbers(s.recencyDays, binary), type: 'int4' },
    { column: t.frequency, values: numbers(s.frequency, binary), type: 'int4' },
    { column: t.monetary, ...scaled(s.monetary, 2, binary) },
    { column: t.purchaseDays, values: numbers(s.purchaseDays, binary), type: 'int4' },
    { column: t.rScore, values: numbers(s.rScore, binary), type: 'int2' },
    { column: t.fScore, values: numbers(s.fScore, binary), type: 'int2' },
    { column: t.mScore, values: numbers(s.mScore, binary), type: 'int2' },
    { column: t.rfmSegment, values: s.rfmSegment, type: 'text' },
    { column: t.valueClass, values: s.valueClass, type: 'text' },
    { column: t.weightedScore, ...scaled(s.weightedScore, 3, binary) },
    { column: t.historicalClv, ...scaled(s.historicalClv, 2, binary) },
    { column: t.revenue12m, ...scaled(s.revenue12m, 2, binary) },
    { column: t.textbookClv, ...scaled(s.textbookClv, 2, binary) },
    { column: t.predictedClv, ...scaled(s.predictedClv, 2, binary) },
    { column: t.clvBand, values: numbers(s.clvBand, binary), type: 'int2' },
    { column: t.expectedValue, ...scaled(s.expectedValue, 2, binary) },
    { column: t.pAlive, values: numbers(s.pAlive, binary), type: 'float8' },
    { column: t.expectedPurchases, values: numbers(s.expectedPurchases, binary), type: 'float8' },
    { column: t.expectedPurchases30, values: numbers(s.expectedPurchases30, binary), type: 'float8' },
    { column: t.expectedPurchases90, values: numbers(s.expectedPurchases90, binary), type: 'float8' },
    { column: t.expectedPurchases365, values: numbers(s.expectedPurchases365, binary), type: 'float8' },
    { column: t.churnRisk, values: numbers(s.churnRisk, binary), type: 'float8' },
    { column: t.churnReasons, values: binary ? s.churnReasons : byteTexts(s.churnReasons), type: 'json' },
    { column: t.cluster, values: numbers(s.cluster, binary), type: 'int2' },
    {
      column: t.activeMonths,
      values: binary ? s.activeMonths : int16ListLiterals(s.activeMonths),
      type: 'text',
      cast: 'int2[]',
    },
  ];
}

/**
 * One row per scored customer, into the run's own table of customer_scores (partitions.ts): loaded
 * bare, then indexed and attached. With `copy` (PostgreSQL: the connection the transaction runs on)
 * through binary COPY FROM STDIN (binary-copy.ts: no number printed here or parsed there);
 * otherwise (PGlite) INSERT … SELECT FROM unnest in chunks.
 */
export async function insertScores(tx: Tx, runId: string, s: ScoreColumns, copy?: pg.Client): Promise<void> {
  const columns = scoreColumns(runId, s, !!copy);
  const table = await createScoresTable(tx, runId);
  if (copy) await copyColumns(copy, table, columns, s.customerId.length);
  else await insertColumns(tx, sql`${sql.identifier(table)}`, columns, s.customerId.length);
  await attachScoresTable(tx, runId);
}

async function copyColumns(client: pg.Client, table: string, columns: Column[], length: number) {
  const names = columns.map((c) => `"${c.column.name}"`).join(', ');
  const stream = client.query(copyFrom(`COPY "${table}" (${names}) FROM STDIN (FORMAT binary)`));
  const types = columns.map((c) => (c.cast ?? c.type) as BinaryType);
  await pipeline(
    Readable.from(
      binaryCopyChunks(
        types,
        columns.map((c) => c.values),
        length,
      ),
    ),
    stream,
  );
}

export async function insertClusters(tx: Tx, runId: string, clusters: ClusterRow[]): Promise<void> {
  if (clusters.length === 0) return;
  await tx.insert(analyticsClusters).values(clusters.map((c) => ({ runId, ...c })));
}

export async function insertBasketRules(tx: Tx, runId: string, rules: BasketRuleRow[]): Promise<void> {
  const t = analyticsBasketRules;
  await insertColumns(
    tx,
    sql`${t}`,
    [
      { column: t.runId, values: runIds(runId, rules.length), type: 'uuid' },
      { column: t.antecedentId, values: rules.map((r) => r.antecedentId), type: 'uuid' },
      { column: t.consequentId, values: rules.map((r) => r.consequentId), type: 'uuid' },
      { column: t.support, values: rules.map((r) => r.support), type: 'float8' },
      { column: t.confidence, values: rules.map((r) => r.confidence), type: 'float8' },
      { column: t.lift, values: rules.map((r) => r.lift), type: 'float8' },
      { column: t.orders, values: rules.map((r) => r.orders), type: 'int4' },
    ],
    rules.length,
  );
}
