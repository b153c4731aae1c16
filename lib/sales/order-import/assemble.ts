import type { OrderImportCarry } from '@/db/schema/order-imports';
import type { FileRecord } from './file-reader';
import type { LineReader, LineResult, OrderStatus, ParsedLine, RowError } from './lines';
import {
  divRound,
  formatScaled,
  lineTotalCents,
  MONEY_SCALE,
  PRICE_SCALE,
  QUANTITY_SCALE,
  unitPriceCents,
} from './values';

/**
 * The pure middle of a chunk: rows read → lines numbered within their orders, order-level cells
 * filled from the order's earlier line, split into sales and returns, with exact totals. What is
 * left for the database (customers, products, existing orders) happens in chunk.ts.
 */

export type Rejection = { row: number; skipped: boolean; reasons: RowError[]; cells: string[] };

export type OrderKind = 'sale' | 'return';

export type PreparedLine = {
  row: number;
  /** The line's place among its order number's lines in the file (1, 2, …); 0 for an order-level refund. */
  lineNo: number;
  kind: OrderKind;
  orderNo: string;
  orderedAt: Date | null;
  customerId: string | null;
  customerEmail: string | null;
  customerName: string | null;
  country: string | null;
  currency: string | null;
  status: OrderStatus | null;
  sku: string | null;
  description: string | null;
  /** Decimal strings as stored: quantity (negative on returns), unit price, line total (negative on returns). */
  quantity: string;
  unitPrice: string;
  lineTotal: string;
  /** The line total in cents, signed. */
  cents: bigint;
  /** The price a product created from this line gets (cents, ≥ 0). */
  priceCents: bigint;
  cells: string[];
};

export type ParsedRow = {
  row: number;
  cells: string[];
  result: LineResult | { ok: false; errors: RowError[]; orderNo: null };
};

/** Reads every non-blank record; a record the CSV parser refused is a rejected row. */
export function parseRecords(
  records: readonly FileRecord[],
  read: LineReader,
): { parsed: ParsedRow[]; rowsRead: number } {
  const parsed: ParsedRow[] = [];
  for (const r of records) {
    if ('error' in r) {
      parsed.push({
        row: r.row,
        cells: [],
        result: { ok: false, errors: [{ field: 'row', reason: 'csv' }], orderNo: null },
      });
      continue;
    }
    if (r.cells.every((c) => c.trim() === '')) continue;
    parsed.push({ row: r.row, cells: r.cells, result: read(r.cells, r.row) });
  }
  return { parsed, rowsRead: parsed.length };
}

/** The order numbers a chunk's rows name: their line counts so far are loaded before `assemble`. */
export function orderNumbers(parsed: readonly ParsedRow[]): string[] {
  const out = new Set<string>();
  for (const p of parsed) {
    const no = p.result.ok ? p.result.line.orderNo : p.result.orderNo;
    if (no) out.add(no);
  }
  return [...out];
}

const ORDER_LEVEL = ['customerId', 'customerEmail', 'customerName', 'currency', 'country', 'status'] as const;

/**
 * Numbers each row's line within its order (`counts`: lines of each order number read before this
 * chunk; updated in place), fills empty order-level cells from the order's earlier line (`carry`),
 * and turns lines into prepared sale or return lines. A row whose order's earlier line was
 * rejected, and that relies on it, is rejected too.
 */
export function assemble(
  parsed: readonly ParsedRow[],
  carryIn: OrderImportCarry,
  counts: Map<string, number>,
): { lines: PreparedLine[]; rejected: Rejection[]; carry: OrderImportCarry } {
  let carry = carryIn;
  const lines: PreparedLine[] = [];
  const rejected: Rejection[] = [];
  const refunds = new Set<string>();
  for (const p of parsed) {
    const orderNo = p.result.ok ? p.result.line.orderNo : p.result.orderNo;
    const lineNo = orderNo ? (counts.get(orderNo) ?? 0) + 1 : 0;
    if (orderNo) counts.set(orderNo, lineNo);
    if (!p.result.ok) {
      rejected.push({ row: p.row, skipped: false, reasons: p.result.errors, cells: p.cells });
      if (orderNo && carry?.orderNo !== orderNo) carry = { ...emptyCarry(orderNo), rejected: true };
      continue;
    }
    const line = p.result.line;
    if (carry?.orderNo !== line.orderNo) carry = carryOf(line);
    else {
      const inherits = line.orderedAt === null || (line.customerId === null && line.customerEmail === null);
      if (carry.rejected && inherits) {
        rejected.push({
          row: p.row,
          skipped: false,
          reasons: [{ field: 'orderNo', reason: 'orderRejected' }],
          cells: p.cells,
        });
        continue;
      }
      fill(line, carry);
    }
    lines.push(prepare(line, lineNo, p.cells));
    // An order-level refund (Shopify's "Refunded Amount") is a return of that amount, once per order;
    // a sale refunded in full is marked refunded instead (it then counts nowhere).
    if (line.refund && line.status !== 'refunded' && line.status !== 'cancelled' && !refunds.has(line.orderNo)) {
      refunds.add(line.orderNo);
      lines.push(refundLine(line, p.cells));
    }
  }
  return { lines, rejected, carry };
}

function emptyCarry(orderNo: string): NonNullable<OrderImportCarry> {
  return {
    orderNo,
    rejected: false,
    orderedAt: null,
    customerId: null,
    customerEmail: null,
    customerName: null,
    currency: null,
    country: null,
    status: null,
  };
}

function carryOf(line: ParsedLine): NonNullable<OrderImportCarry> {
  return {
    orderNo: line.orderNo,
    rejected: false,
    orderedAt: line.orderedAt?.toISOString() ?? null,
    customerId: line.customerId,
    customerEmail: line.customerEmail,
    customerName: line.customerName,
    currency: line.currency,
    country: line.country,
    status: line.status,
  };
}

/** Empty order-level cells of `line` from the carry, and the carry's empty ones from `line`. */
function fill(line: ParsedLine, carry: NonNullable<OrderImportCarry>): void {
  if (line.orderedAt === null && carry.orderedAt) line.orderedAt = new Date(carry.orderedAt);
  else if (carry.orderedAt === null && line.orderedAt) carry.orderedAt = line.orderedAt.toISOString();
  // The customer is one thing: an id or an email the line has is its own, never mixed with the carry's.
  const ownCustomer = line.customerId !== null || line.customerEmail !== null;
  for (const k of ORDER_LEVEL) {
    if ((k === 'customerId' || k === 'customerEmail') && ownCustomer) continue;
    if (line[k] === null && carry[k] !== null) (line as Record<string, unknown>)[k] = carry[k];
    else if (carry[k] === null && line[k] !== null) (carry as Record<string, unknown>)[k] = line[k];
  }
}

function prepare(line: ParsedLine, lineNo: number, cells: string[]): PreparedLine {
  const q = line.quantity;
  let cents: bigint;
  let unitCents: bigint;
  if (line.lineTotal !== null) {
    cents = line.lineTotal;
    unitCents =
      line.unitPrice !== null ? divRound(line.unitPrice, PRICE_SCALE - MONEY_SCALE) : unitPriceCents(cents, q);
  } else {
    cents = lineTotalCents(q, line.unitPrice!);
    unitCents = divRound(line.unitPrice!, PRICE_SCALE - MONEY_SCALE);
  }
  if (unitCents < 0n) unitCents = -unitCents;
  return {
    row: line.row,
    lineNo,
    kind: line.isReturn ? 'return' : 'sale',
    orderNo: line.orderNo,
    orderedAt: line.orderedAt,
    customerId: line.customerId,
    customerEmail: line.customerEmail,
    customerName: line.customerName,
    country: line.country,
    currency: line.currency,
    status: line.status,
    sku: line.sku,
    description: line.description,
    quantity: formatScaled(q, QUANTITY_SCALE),
    unitPrice: formatScaled(unitCents, MONEY_SCALE),
    lineTotal: formatScaled(cents, MONEY_SCALE),
    cents,
    priceCents: unitCents,
    cells,
  };
}

function refundLine(line: ParsedLine, cells: string[]): PreparedLine {
  const refund = line.refund!;
  return {
    ...prepare({ ...line, isReturn: true, quantity: -100n, unitPrice: null, lineTotal: -refund, sku: null }, 0, cells),
    description: null,
  };
}

/** Totals per order (kind + number) in cents: what the orders' totals become once their lines are in. */
export function orderTotals(lines: readonly PreparedLine[]): Map<string, bigint> {
  const totals = new Map<string, bigint>();
  for (const l of lines) {
    const key = `${l.kind}:${l.orderNo}`;
    totals.set(key, (totals.get(key) ?? 0n) + l.cents);
  }
  return totals;
}
