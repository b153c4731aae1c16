// Quote arithmetic in exact decimals. Money, quantities and percents arrive as decimal strings (as
// PostgreSQL's numeric columns and the forms give them) and are turned into integers of their
// smallest unit (cents; hundredths of a unit; hundredths of a percent; thousandths of a tax
// percent), multiplied as bigint and divided once, so 0.1 + 0.2 is 0.30 and never 0.30000000000000004.
//
// Rounding: each line total, the overall discount and the tax are rounded to the cent, half up
// (half away from zero: 4.975 → 4.98, 8.875 → 8.88), once each, from the exact product. The
// subtotal is the sum of the rounded lines, the total subtotal − discount + tax, so the stored
// numbers always satisfy quotes_total_ck (total = subtotal − discount + tax) and the print adds up.
// No database, React or Next imports: pure and unit-tested (totals.unit.test.ts).

export type QuoteLineInput = { quantity: string; unitPrice: string; discountPct: string };
/** The overall discount: a percent of the subtotal, or an amount of money. */
export type OverallDiscount = { kind: 'percent'; value: string } | { kind: 'amount'; value: string };
export type QuoteTotals = { lines: string[]; subtotal: string; discount: string; tax: string; total: string };

const DECIMAL = /^(-)?(\d+)(?:\.(\d*))?$/;

/** A decimal string as an integer count of 10^-scale units; more decimals than `scale` are refused. */
export function toUnits(value: string, scale: number): bigint {
  const m = DECIMAL.exec(value.trim());
  if (!m) throw new RangeError(`not a decimal: ${value}`);
  const [, sign, whole, frac = ''] = m;
  const digits = frac.replace(/0+$/, '');
  if (digits.length > scale) throw new RangeError(`more than ${scale} decimals: ${value}`);
  const units = BigInt(whole) * 10n ** BigInt(scale) + BigInt(digits.padEnd(scale, '0') || '0');
  return sign ? -units : units;
}

/** An integer count of cents as a decimal string with two decimals ("-1.05"). */
export function fromCents(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const text = `${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
  return negative ? `-${text}` : text;
}

/** n / d rounded half away from zero (d > 0). */
export function divRoundHalfUp(n: bigint, d: bigint): bigint {
  if (d <= 0n) throw new RangeError('divisor must be > 0');
  const negative = n < 0n;
  const abs = negative ? -n : n;
  const q = (abs * 2n + d) / (2n * d);
  return negative ? -q : q;
}

/** quantity × unit price × (1 − discount % / 100), rounded half up to the cent, in cents. */
export function lineTotalCents(line: QuoteLineInput): bigint {
  const qty = toUnits(line.quantity, 2); // hundredths of a unit
  const price = toUnits(line.unitPrice, 2); // cents
  const pct = toUnits(line.discountPct, 2); // hundredths of a percent: 10000 = 100 %
  if (pct < 0n || pct > 10_000n) throw new RangeError('line discount must be between 0 and 100');
  return divRoundHalfUp(qty * price * (10_000n - pct), 100n * 10_000n);
}

/** The overall discount in cents for a subtotal; an amount above the subtotal is refused. */
export function discountCents(subtotal: bigint, discount: OverallDiscount): bigint {
  if (discount.kind === 'percent') {
    const pct = toUnits(discount.value, 2);
    if (pct < 0n || pct > 10_000n) throw new RangeError('discount must be between 0 and 100 %');
    return divRoundHalfUp(subtotal * pct, 10_000n);
  }
  const amount = toUnits(discount.value, 2);
  if (amount < 0n || amount > subtotal) throw new RangeError('discount must be between 0 and the subtotal');
  return amount;
}

/** Tax on the discounted subtotal at `rate` percent (up to three decimals: 8.875), in cents. */
export function taxCents(taxable: bigint, rate: string): bigint {
  const r = toUnits(rate, 3); // thousandths of a percent: 100000 = 100 %
  if (r < 0n || r > 100_000n) throw new RangeError('tax rate must be between 0 and 100');
  return divRoundHalfUp(taxable * r, 100_000n);
}

/** The largest amount numeric(14,2) holds, in cents: 999,999,999,999.99. */
export const MAX_MONEY_CENTS = 10n ** 14n - 1n;

/** Whether every stored number of a quote (each line, subtotal, discount, tax, total) fits numeric(14,2). */
export function totalsFit(totals: QuoteTotals): boolean {
  const all = [...totals.lines, totals.subtotal, totals.discount, totals.tax, totals.total];
  return all.every((v) => {
    const cents = toUnits(v, 2);
    return cents <= MAX_MONEY_CENTS && cents >= -MAX_MONEY_CENTS;
  });
}

/** Every number of a quote from its lines, overall discount and tax rate, as decimal strings. */
export function quoteTotals(lines: QuoteLineInput[], discount: OverallDiscount, taxRate: string): QuoteTotals {
  const lineCents = lines.map(lineTotalCents);
  const subtotal = lineCents.reduce((a, b) => a + b, 0n);
  const off = discountCents(subtotal, discount);
  const tax = taxCents(subtotal - off, taxRate);
  return {
    lines: lineCents.map(fromCents),
    subtotal: fromCents(subtotal),
    discount: fromCents(off),
    tax: fromCents(tax),
    total: fromCents(subtotal - off + tax),
  };
}
