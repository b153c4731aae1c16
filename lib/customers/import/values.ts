import { SUPPORTED_YEARS } from '@/lib/validation';

/**
 * Exact parsers for the number and date cells of an import: money as decimal strings with at most
 * two decimals (never binary floats), dates as ISO 8601. Pure.
 */

const DECIMAL = /^(\d{1,12})(?:\.(\d{1,2}))?$/;

/** "12", "12.5", "012.50" → "12.50"; anything else (signs, separators, 3 decimals) → null. */
export function parseDecimal2(text: string): string | null {
  const m = DECIMAL.exec(text.trim());
  if (!m) return null;
  return `${BigInt(m[1]).toString()}.${(m[2] ?? '').padEnd(2, '0')}`;
}

/** A canonical decimal string ("12.50") as integer hundredths. */
export function toHundredths(decimal: string): bigint {
  const [whole, frac = ''] = decimal.split('.');
  return BigInt(whole) * 100n + BigInt(frac.padEnd(2, '0').slice(0, 2));
}

export function fromHundredths(value: bigint): string {
  const whole = value / 100n;
  const frac = value % 100n;
  return `${whole}.${frac.toString().padStart(2, '0')}`;
}

/** quantity × unit price, rounded half-up to cents, computed in integers. */
export function lineTotal(quantity: string, unitPrice: string): string {
  const product = toHundredths(quantity) * toHundredths(unitPrice); // in 1/10 000
  return fromHundredths((product + 50n) / 100n);
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * "2026-03-01" (midnight UTC), "2026-03-01T09:30", "2026-03-01 09:30:00+08:00", "…Z" → Date.
 * A time without a zone is read as UTC so the same file imports the same instants everywhere.
 * Impossible dates (2026-02-30, 25:00) and years outside SUPPORTED_YEARS (1900–2200) → null.
 */
export function parseIsoDateTime(text: string): Date | null {
  const m = ISO.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (
    year < SUPPORTED_YEARS.min ||
    year > SUPPORTED_YEARS.max ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    return null;
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCDate() !== day) return null;
  let offsetMinutes = 0;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2) || '0');
    if (oh > 14 || om > 59) return null;
    offsetMinutes = sign * (oh * 60 + om);
  }
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000);
}

/** FNV-1a, 32 bits: a short, stable fingerprint (not a security hash). */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash >>> 0;
}

export const ORDER_NUMBER_LENGTH = 24;

/**
 * Order numbers to try, in order, for an imported order: "IMP-" + external id when it fits in 24
 * characters, then "IMP-" + its first 12 characters + "-" + a fingerprint (three salts), so long
 * external ids that share a prefix still get distinct, stable numbers.
 */
export function orderNumberCandidates(externalId: string): string[] {
  const candidates: string[] = [];
  const plain = `IMP-${externalId}`;
  if ([...plain].length <= ORDER_NUMBER_LENGTH) candidates.push(plain);
  const head = [...externalId].slice(0, 12).join('');
  for (let salt = 0; salt < 3; salt++)
    candidates.push(`IMP-${head}-${fnv1a(`${externalId}#${salt}`).toString(36).padStart(7, '0')}`);
  return candidates;
}
