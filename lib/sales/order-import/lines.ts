import { z } from 'zod';
import type { orderStatusEnum } from '@/db/schema/enums';
import { restoreNeutralisedCell } from '@/lib/csv/write';
import { FORMULA } from '@/lib/customers/schemas';
import { hasBadCharacters } from '@/lib/validation';
import { type Mapping, ORDER_LINE_FIELDS, type OrderLineField } from './fields';
import {
  type DateReader,
  dateReader,
  divRound,
  lineTotalCents,
  MAX_MONEY_CENTS,
  MAX_QUANTITY_HUNDREDTHS,
  MONEY_SCALE,
  normaliseExternalId,
  PRICE_SCALE,
  parseScaled,
  QUANTITY_SCALE,
  unitPriceCents,
} from './values';

const abs = (v: bigint) => (v < 0n ? -v : v);

/**
 * One row of an order-line file → a checked line, or the reasons it is rejected. Pure: the
 * server's import job and the browser's preview read rows the same way. Reasons are keys of the
 * "orderImport.reasons" catalog.
 */

export type OrderStatus = (typeof orderStatusEnum.enumValues)[number];

export type ReadSettings = {
  mapping: Mapping;
  dateFormat: string;
  timeZone: string;
  decimal: '.' | ',';
  cancelPrefix: string;
};

/** A line as read; order-level cells left empty are null (they come from the order's earlier line). */
export type ParsedLine = {
  row: number;
  orderNo: string;
  orderedAt: Date | null;
  customerId: string | null;
  customerEmail: string | null;
  customerName: string | null;
  currency: string | null;
  country: string | null;
  status: OrderStatus | null;
  sku: string | null;
  description: string | null;
  /** Hundredths; negative on a return line (a cancel-prefixed order's lines are made negative). */
  quantity: bigint;
  /** 1/10 000, or null when only the line total was given. */
  unitPrice: bigint | null;
  /** Cents, or null when only the unit price was given. */
  lineTotal: bigint | null;
  /** Cents refunded on the order (order level; Shopify's "Refunded Amount"). */
  refund: bigint | null;
  /** A return line: negative quantity, or an order number with the cancel prefix. */
  isReturn: boolean;
};

export type RowError = { field: OrderLineField | 'row'; reason: string };
/** A rejected line still names its order (when it has a number), so its order's later lines can be numbered and judged. */
export type LineResult = { ok: true; line: ParsedLine } | { ok: false; errors: RowError[]; orderNo: string | null };

/** Shopify's financial statuses and the usual words, → the order status. */
const STATUSES: Record<string, OrderStatus> = {
  pending: 'pending',
  authorized: 'pending',
  partiallypaid: 'pending',
  unpaid: 'pending',
  待付款: 'pending',
  paid: 'paid',
  partiallyrefunded: 'paid',
  complete: 'fulfilled',
  completed: 'fulfilled',
  fulfilled: 'fulfilled',
  shipped: 'fulfilled',
  processing: 'paid',
  已付款: 'paid',
  已支付: 'paid',
  待支付: 'pending',
  已发货: 'fulfilled',
  已完成: 'fulfilled',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  voided: 'cancelled',
  已取消: 'cancelled',
  refunded: 'refunded',
  已退款: 'refunded',
};

const LIMITS = { orderNo: 100, customerId: 100, customerName: 200, sku: 40, description: 200 } as const;
const email = z.email();

/** The compiled readers of one import's settings (compile once, read a million rows). */
export type LineReader = (cells: readonly string[], row: number) => LineResult;

// A quick test for the characters hasBadCharacters looks for (it then decides, on the few hits).
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding NUL is the point
const SUSPECT = /[\u0000\uFFFD\uD800-\uDFFF]/;
const FORMULA_START = new Set(['=', '@', '+', '-', ' ', '\t']);
const MEMO_LIMIT = 100_000;

/** A cache of a pure function of a cell: exports repeat dates, ids, prices and countries on every line. */
function memo<T>(fn: (text: string) => T): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    let v = cache.get(text);
    if (v === undefined && !cache.has(text)) {
      if (cache.size >= MEMO_LIMIT) cache.clear();
      v = fn(text);
      cache.set(text, v);
    }
    return v as T;
  };
}

export function lineReader(settings: ReadSettings): LineReader {
  const reader = new RowReader(settings);
  return (cells, row) => reader.read(cells, row);
}

/**
 * The row reader. A class rather than closures made per row: at half a million rows, allocating
 * a handful of functions per row cost more than reading the cells.
 */
class RowReader {
  private readonly col: Record<OrderLineField, number>;
  private readonly mapped: [OrderLineField, number][];
  private readonly prefix: string;
  private readonly date: (text: string) => Date | null;
  private readonly externalId = memo(normaliseExternalId);
  private readonly country = memo(countryCode);
  private readonly quantity: (text: string) => bigint | null;
  private readonly price: (text: string) => bigint | null;
  private readonly money: (text: string) => bigint | null;
  private cells: readonly string[] = [];
  private errors: RowError[] = [];

  constructor(settings: ReadSettings) {
    const read: DateReader = dateReader(settings.dateFormat, settings.timeZone);
    this.date = memo(read);
    this.mapped = Object.entries(settings.mapping) as [OrderLineField, number][];
    this.col = Object.fromEntries(ORDER_LINE_FIELDS.map((f) => [f, settings.mapping[f] ?? -1])) as Record<
      OrderLineField,
      number
    >;
    this.prefix = settings.cancelPrefix;
    const d = settings.decimal;
    this.quantity = memo((t) => parseScaled(t, QUANTITY_SCALE, d));
    this.price = memo((t) => parseScaled(t, PRICE_SCALE, d));
    this.money = memo((t) => parseScaled(t, MONEY_SCALE, d));
  }

  private cell(f: OrderLineField): string {
    const c = this.col[f];
    if (c < 0) return '';
    const v = (this.cells[c] ?? '').trim();
    // A cell this app's report neutralised ('-6) reads as written, so a fixed report imports again.
    return v[0] === "'" ? restoreNeutralisedCell(v) : v;
  }

  private fail(field: OrderLineField, reason: string): void {
    if (!this.errors.some((e) => e.field === field)) this.errors.push({ field, reason });
  }

  private text(f: keyof typeof LIMITS): string | null {
    const v = this.cell(f);
    if (v === '') return null;
    if (v.length > LIMITS[f]) this.fail(f, 'tooLong');
    else if (f !== 'orderNo' && f !== 'customerId' && FORMULA_START.has(v[0]) && FORMULA.test(v))
      this.fail(f, 'formula');
    return v;
  }

  private amount(f: 'unitPrice' | 'lineTotal' | 'refundAmount', scale: number): bigint | null {
    const v = this.cell(f);
    if (v === '') return null;
    const parsed = scale === PRICE_SCALE ? this.price(v) : this.money(v);
    if (parsed === null) this.fail(f, 'amount');
    else if (abs(parsed) > MAX_MONEY_CENTS * 10n ** BigInt(scale - MONEY_SCALE)) this.fail(f, 'tooLarge');
    return parsed;
  }

  read(cells: readonly string[], row: number): LineResult {
    this.cells = cells;
    const errors: RowError[] = [];
    this.errors = errors;
    const rawOrderNo = this.cell('orderNo');
    const orderNoOf = rawOrderNo && rawOrderNo.length <= LIMITS.orderNo ? rawOrderNo : null;
    for (const [f, c] of this.mapped) {
      const v = cells[c];
      if (v && SUSPECT.test(v) && hasBadCharacters(v)) this.fail(f, 'invalidCharacters');
    }
    if (errors.length)
      return { ok: false, errors, orderNo: errors.some((e) => e.field === 'orderNo') ? null : orderNoOf };

    const orderNo = this.text('orderNo');
    if (orderNo === null) this.fail('orderNo', 'required');
    const isCancelled = this.prefix !== '' && orderNo !== null && orderNo.startsWith(this.prefix);

    const dateText = this.cell('orderedAt');
    const orderedAt = dateText === '' ? null : this.date(dateText);
    if (dateText !== '' && orderedAt === null) this.fail('orderedAt', 'date');

    const idText = this.text('customerId');
    const customerId = idText === null ? null : this.externalId(idText);
    const emailText = this.cell('customerEmail').toLowerCase();
    const customerEmail = emailText === '' ? null : emailText;
    if (customerEmail && (customerEmail.length > 254 || !email.safeParse(customerEmail).success))
      this.fail('customerEmail', 'email');

    const currencyText = this.cell('currency').toUpperCase();
    if (currencyText && !/^[A-Z]{3}$/.test(currencyText)) this.fail('currency', 'currency');
    const statusText = this.cell('status');
    const status = statusText === '' ? null : (STATUSES[statusText.toLowerCase().replace(/[\s_-]+/g, '')] ?? null);
    if (statusText !== '' && status === null) this.fail('status', 'status');

    // No quantity (no column, or an empty cell next to a line total): one unit at the row's total.
    const quantityText =
      this.col.quantity < 0 || (this.cell('quantity') === '' && this.cell('lineTotal') !== '')
        ? '1'
        : this.cell('quantity');
    let quantity = quantityText === '' ? null : this.quantity(quantityText);
    if (quantityText === '') this.fail('quantity', 'required');
    else if (quantity === null) this.fail('quantity', 'quantity');
    else if (quantity === 0n) this.fail('quantity', 'zeroQuantity');
    else if (abs(quantity) > MAX_QUANTITY_HUNDREDTHS) this.fail('quantity', 'tooLarge');
    // Some systems write a cancellation's quantities positive: the prefix says it is one.
    if (quantity !== null && isCancelled && quantity > 0n) quantity = -quantity;

    const unitPrice = this.amount('unitPrice', PRICE_SCALE);
    let lineTotal = this.amount('lineTotal', MONEY_SCALE);
    const refund = this.amount('refundAmount', MONEY_SCALE);
    if (
      unitPrice === null &&
      lineTotal === null &&
      !errors.some((e) => e.field === 'unitPrice' || e.field === 'lineTotal')
    )
      this.fail(this.col.unitPrice >= 0 ? 'unitPrice' : 'lineTotal', 'required');
    // A negative price is an adjustment (bad debt, a manual correction), not a sale or a return.
    if (unitPrice !== null && unitPrice < 0n) this.fail('unitPrice', 'negativePrice');
    // A line total carries the line's sign in some exports and not in others: the quantity decides.
    if (lineTotal !== null && quantity !== null && lineTotal !== 0n && lineTotal < 0n !== quantity < 0n)
      lineTotal = -lineTotal;
    if (refund !== null && refund < 0n) this.fail('refundAmount', 'amount');
    // Each value fits its column, but quantity × price (or total ÷ quantity) may not fit a money column.
    if (errors.length === 0 && quantity !== null && (unitPrice !== null || lineTotal !== null)) {
      const total = lineTotal ?? lineTotalCents(quantity, unitPrice!);
      const unit =
        unitPrice !== null ? divRound(unitPrice, PRICE_SCALE - MONEY_SCALE) : unitPriceCents(total, quantity);
      if (abs(total) > MAX_MONEY_CENTS || abs(unit) > MAX_MONEY_CENTS)
        this.fail(lineTotal !== null ? 'lineTotal' : 'unitPrice', 'tooLarge');
    }

    const sku = this.text('sku');
    const description = this.text('description');
    const customerName = this.text('customerName');
    if (errors.length) return { ok: false, errors, orderNo: orderNoOf };
    return {
      ok: true,
      line: {
        row,
        orderNo: orderNo!,
        orderedAt,
        customerId,
        customerEmail,
        customerName,
        currency: currencyText || null,
        country: this.country(this.cell('country')),
        status,
        sku,
        description,
        quantity: quantity!,
        unitPrice,
        lineTotal,
        refund: refund && refund > 0n ? refund : null,
        isReturn: quantity! < 0n,
      },
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Countries: exports name them ("United Kingdom", "EIRE"); customers store ISO codes.

const COUNTRY_ALIASES: Record<string, string> = {
  eire: 'IE',
  uk: 'GB',
  greatbritain: 'GB',
  england: 'GB',
  usa: 'US',
  rsa: 'ZA',
  channelislands: 'GB',
  korea: 'KR',
};
let countryNames: Map<string, string> | null = null;

const squash = (s: string) => s.toLowerCase().replace(/[^a-z\u4e00-\u9fff]/g, '');

/** "United Kingdom", "GB", "英国", "EIRE" → an ISO 3166 code; unknown → null (the country is only kept on customers it creates). */
export function countryCode(text: string): string | null {
  const v = text.trim();
  if (v === '') return null;
  const alias = COUNTRY_ALIASES[squash(v)];
  if (alias) return alias;
  if (/^[A-Za-z]{2}$/.test(v)) return v.toUpperCase();
  if (!countryNames) {
    countryNames = new Map();
    const en = new Intl.DisplayNames(['en'], { type: 'region' });
    const zh = new Intl.DisplayNames(['zh'], { type: 'region' });
    for (let a = 65; a <= 90; a++)
      for (let b = 65; b <= 90; b++) {
        const code = String.fromCharCode(a, b);
        // Deprecated codes (DD, UK, SU…) are named like today's country: keep only canonical ones.
        if (Intl.getCanonicalLocales(`und-${code}`)[0] !== `und-${code}`) continue;
        for (const names of [en, zh]) {
          const name = names.of(code);
          if (name && name !== code) countryNames.set(squash(name), code);
        }
      }
  }
  return countryNames.get(squash(v)) ?? null;
}
