import { SUPPORTED_YEARS } from '@/lib/validation';
import { zonedWallClock } from '@/lib/zoned-time';

/**
 * Exact readers for the cells of an order-line export, as they come out of real shops and ERPs:
 * amounts with thousands separators or a decimal comma, customer ids that a spreadsheet turned
 * into floats ("17850.0", "1.785E+04"), dates in an explicit format, read in a time zone. Money is
 * scaled integers (bigint), never binary floats. Pure and client-safe (the mapping preview uses it).
 */

/** Decimal places kept: unit prices to 1/10 000 (Online Retail has 0.001), quantities and totals to cents. */
export const PRICE_SCALE = 4;
export const QUANTITY_SCALE = 2;
export const MONEY_SCALE = 2;
/** numeric(14,2) holds up to 10^12 − 0.01; numeric(12,2) up to 10^10 − 0.01. */
export const MAX_MONEY_CENTS = 10n ** 14n - 1n;
export const MAX_QUANTITY_HUNDREDTHS = 10n ** 12n - 1n;

const CURRENCY_SIGN = /^[$€£¥]/;

/**
 * "1,234.50" / "-2.55" / "(12.00)" / "1.234,50" (decimal comma) → the value × 10^scale, or null
 * for anything else: letters, exponents, more decimals than `scale`, thousands separators in the
 * wrong places ("1,23.4"), an empty cell. Spaces (also no-break) may group thousands.
 */
export function parseScaled(text: string, scale: number, decimal: '.' | ',' = '.'): bigint | null {
  let s = text.trim().replace(/[\s\u00a0\u202f]/g, '');
  let negative = false;
  if (s.startsWith('(') && s.endsWith(')')) {
    negative = true;
    s = s.slice(1, -1);
  }
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = negative !== (s[0] === '-');
    s = s.slice(1);
  }
  s = s.replace(CURRENCY_SIGN, '');
  if (s.startsWith('-') && !negative) {
    negative = true; // "$-2.50"
    s = s.slice(1);
  }
  const group = decimal === '.' ? ',' : '.';
  const dot = s.lastIndexOf(decimal);
  let whole = dot >= 0 ? s.slice(0, dot) : s;
  const frac = dot >= 0 ? s.slice(dot + 1) : '';
  if (whole.includes(group)) {
    if (!/^\d{1,3}(?:[.,]\d{3})+$/.test(whole) || whole.includes(decimal)) return null;
    whole = whole.split(group).join('');
  }
  if (!/^\d*$/.test(whole) || !/^\d*$/.test(frac) || (whole === '' && frac === '')) return null;
  if (dot >= 0 && frac === '' && whole === '') return null;
  if (frac.length > scale) {
    // Trailing zeros beyond the scale are harmless ("2.5500"); other digits would be lost.
    if (!/^0*$/.test(frac.slice(scale))) return null;
  }
  const digits = (whole || '0') + frac.slice(0, scale).padEnd(scale, '0');
  const value = BigInt(digits);
  return negative ? -value : value;
}

/** Scaled integer → "12.50" with `scale` decimals. */
export function formatScaled(value: bigint, scale: number): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const unit = 10n ** BigInt(scale);
  const whole = abs / unit;
  const frac = scale ? `.${(abs % unit).toString().padStart(scale, '0')}` : '';
  return `${negative ? '-' : ''}${whole}${frac}`;
}

/** value / 10^by, rounded half away from zero (how money is rounded on an invoice). */
export function divRound(value: bigint, by: number): bigint {
  if (by === 0) return value;
  const unit = 10n ** BigInt(by);
  const half = unit / 2n;
  return value >= 0n ? (value + half) / unit : -((-value + half) / unit);
}

/** quantity (hundredths) × unit price (1/10 000) → line total in cents, rounded half away from zero. */
export function lineTotalCents(quantity: bigint, unitPrice: bigint): bigint {
  return divRound(quantity * unitPrice, QUANTITY_SCALE + PRICE_SCALE - MONEY_SCALE);
}

/** num / den rounded half away from zero (den ≠ 0). */
export function divide(num: bigint, den: bigint): bigint {
  const negative = num < 0n !== den < 0n;
  const n = num < 0n ? -num : num;
  const d = den < 0n ? -den : den;
  const q = (n + d / 2n) / d;
  return negative ? -q : q;
}

/** line total (cents) ÷ quantity (hundredths) → unit price in cents, rounded half away from zero. */
export function unitPriceCents(lineTotal: bigint, quantity: bigint): bigint {
  return divide(lineTotal * 100n, quantity);
}

/**
 * A customer id as the source system wrote it, whatever a spreadsheet did to it on the way:
 * "17850.0" and "1.785E+04" are 17850. Leading zeros ("00123") are kept: they are part of real ids.
 */
export function normaliseExternalId(text: string): string {
  const s = text.trim();
  const float = /^(\d+)\.0+$/.exec(s);
  if (float) return float[1];
  const sci = /^(\d)(?:\.(\d+))?[eE]\+?(\d{1,2})$/.exec(s);
  if (sci) {
    const digits = sci[1] + (sci[2] ?? '');
    const exponent = Number(sci[3]);
    const fraction = digits.length - 1;
    if (exponent >= fraction) return (digits + '0'.repeat(exponent - fraction)).replace(/^0+(?=\d)/, '');
    if (/^0+$/.test(digits.slice(exponent + 1))) return digits.slice(0, exponent + 1);
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// Dates

/** Formats offered in the mapping step; any format made of these tokens works (the CLI takes it as --date-format). */
export const DATE_FORMATS = [
  'YYYY-MM-DD HH:mm:ss',
  'YYYY-MM-DD HH:mm:ss Z',
  'YYYY-MM-DDTHH:mm:ssZ',
  'YYYY-MM-DD',
  'M/D/YYYY H:mm',
  'M/D/YYYY h:mm A',
  'M/D/YYYY',
  'D/M/YYYY H:mm',
  'D/M/YYYY',
  'D.M.YYYY H:mm',
  'D.M.YYYY',
  'YYYY/M/D H:mm',
  'YYYY/M/D',
] as const;

const TOKENS: Record<string, { re: string; key: string }> = {
  YYYY: { re: '(\\d{4})', key: 'year' },
  MM: { re: '(\\d{2})', key: 'month' },
  M: { re: '(\\d{1,2})', key: 'month' },
  DD: { re: '(\\d{2})', key: 'day' },
  D: { re: '(\\d{1,2})', key: 'day' },
  HH: { re: '(\\d{2})', key: 'hour' },
  H: { re: '(\\d{1,2})', key: 'hour' },
  hh: { re: '(\\d{2})', key: 'hour12' },
  h: { re: '(\\d{1,2})', key: 'hour12' },
  mm: { re: '(\\d{2})', key: 'minute' },
  // Seconds may be missing (spreadsheets drop ":00") and may carry a fraction.
  ss: { re: '(\\d{2})?(?:[.,](\\d{1,6}))?', key: 'second' },
  A: { re: '([AaPp][Mm])', key: 'ampm' },
  Z: { re: '(Z|UTC|GMT|[+-]\\d{2}(?::?\\d{2})?)', key: 'zone' },
};
const TOKEN = /YYYY|MM|M|DD|D|HH|H|hh|h|mm|ss|A|Z/g;

export type DateReader = (text: string) => Date | null;

/** Whether a format string has what a date needs (year, month, day) and nothing it cannot read. */
export function isDateFormat(format: string): boolean {
  if (format.length === 0 || format.length > 40) return false;
  const keys = [...format.matchAll(TOKEN)].map((m) => TOKENS[m[0]].key);
  const hasAll = ['year', 'month', 'day'].every((k) => keys.includes(k));
  const unique = new Set(keys).size === keys.length;
  const twelve =
    keys.includes('hour12') === keys.includes('ampm') && !(keys.includes('hour') && keys.includes('hour12'));
  const rest = format.replace(TOKEN, '');
  return hasAll && unique && twelve && /^[\s\-/.:,T]*$/.test(rest);
}

/**
 * A reader for dates written in `format` (tokens: YYYY MM M DD D HH H hh h mm ss A Z; other
 * characters are literal, spaces match any run of spaces). A date with an offset (Z) is that
 * instant; one without is the wall time in `timeZone`, with the daylight-saving rules of
 * lib/zoned-time.ts. Impossible dates (2026-02-30, 25:00) and years outside 1900–2200 → null.
 */
export function dateReader(format: string, timeZone: string): DateReader {
  if (!isDateFormat(format)) throw new RangeError(`not a date format: ${format}`);
  const keys: string[] = [];
  let pattern = '';
  let last = 0;
  for (const m of format.matchAll(TOKEN)) {
    pattern += literal(format.slice(last, m.index));
    const token = TOKENS[m[0]];
    keys.push(token.key);
    if (token.key === 'second') keys.push('fraction');
    // ":ss" together are optional; the colon before them goes with them.
    if (token.key === 'second' && pattern.endsWith(':')) pattern = `${pattern.slice(0, -1)}(?::${token.re})?`;
    else pattern += token.re;
    last = m.index + m[0].length;
  }
  pattern += literal(format.slice(last));
  const re = new RegExp(`^${pattern}$`);
  const clock = zonedWallClock(timeZone);

  return (text: string) => {
    const m = re.exec(text.trim());
    if (!m) return null;
    const v: Record<string, string | undefined> = {};
    keys.forEach((k, i) => {
      v[k] = m[i + 1];
    });
    const year = Number(v.year);
    const month = Number(v.month);
    const day = Number(v.day);
    let hour = Number(v.hour ?? 0);
    if (v.hour12 !== undefined) {
      const h = Number(v.hour12);
      if (h < 1 || h > 12) return null;
      hour = (h % 12) + (v.ampm?.toLowerCase() === 'pm' ? 12 : 0);
    }
    const minute = Number(v.minute ?? 0);
    const second = Number(v.second ?? 0);
    const ms = Number((v.fraction ?? '').padEnd(3, '0').slice(0, 3));
    if (year < SUPPORTED_YEARS.min || year > SUPPORTED_YEARS.max) return null;
    if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
    const wall = Date.UTC(year, month - 1, day, hour, minute, second, ms);
    if (new Date(wall).getUTCDate() !== day) return null;
    if (v.zone === undefined) return new Date(clock(wall));
    return new Date(wall - zoneOffsetMinutes(v.zone) * 60_000);
  };
}

function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace(/\s+/g, '\\s+');
}

function zoneOffsetMinutes(zone: string): number {
  if (/^(Z|UTC|GMT)$/i.test(zone)) return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
}

/**
 * The formats that read every sample, most specific first: what the mapping step proposes. Both
 * "D/M/YYYY" and "M/D/YYYY" fit when no day is over 12; the step then asks the user to choose.
 */
export function detectDateFormats(samples: readonly string[], formats: readonly string[] = DATE_FORMATS): string[] {
  const values = samples.map((s) => s.trim()).filter(Boolean);
  if (values.length === 0) return [];
  return formats.filter((f) => {
    const read = dateReader(f, 'UTC');
    return values.every((v) => read(v) !== null);
  });
}

// ---------------------------------------------------------------------------------------------
// Order numbers

/** FNV-1a, 32 bits: a short, stable fingerprint (not a security hash). */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash >>> 0;
}

export const ORDER_NUMBER_LENGTH = 24;

/**
 * Order numbers to try, in order, for an imported sale ("IMP-") or return ("RET-"): the prefix and
 * the source's number when it fits in 24 characters, then the prefix, its first 12 characters and
 * a fingerprint (three salts), so long numbers that share a beginning still get distinct, stable ones.
 */
export function orderNumberCandidates(kind: 'sale' | 'return', externalId: string): string[] {
  const prefix = kind === 'sale' ? 'IMP-' : 'RET-';
  const candidates: string[] = [];
  const plain = `${prefix}${externalId}`;
  if ([...plain].length <= ORDER_NUMBER_LENGTH) candidates.push(plain);
  const head = [...externalId].slice(0, 12).join('');
  for (let salt = 0; salt < 3; salt++)
    candidates.push(`${prefix}${head}-${fnv1a(`${externalId}#${salt}`).toString(36).padStart(7, '0')}`);
  return candidates;
}
