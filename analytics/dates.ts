/**
 * Calendar arithmetic on UTC day numbers (days since 1970-01-01), without reading the clock.
 * Every analytics function works on whole UTC days; callers that care about a local business day
 * should shift timestamps before passing them in.
 */

/** A point in time: a Date, epoch milliseconds, or an ISO string ('YYYY-MM-DD' is read as UTC midnight). */
export type TimeInput = Date | number | string;

export const MS_PER_DAY = 86_400_000;
/** Average Gregorian month, used to turn day or week time units into months. */
export const DAYS_PER_MONTH = 365.25 / 12;

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The calendar date of a day number (Hinnant's civil_from_days). */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** Epoch milliseconds of a time input; throws on an unparseable string. */
export function toEpochMs(input: TimeInput): number {
  if (typeof input === 'number') return input;
  if (typeof input !== 'string') return input.getTime();
  const m = ISO_DAY.exec(input);
  if (m) return daysFromCivil(+m[1], +m[2], +m[3]) * MS_PER_DAY;
  const ms = Date.parse(input);
  if (Number.isNaN(ms)) throw new RangeError(`not a date: ${JSON.stringify(input)}`);
  return ms;
}

/** UTC day number of a time input. */
export function toDay(input: TimeInput): number {
  if (typeof input === 'string') {
    const m = ISO_DAY.exec(input);
    if (m) return daysFromCivil(+m[1], +m[2], +m[3]);
  }
  return Math.floor(toEpochMs(input) / MS_PER_DAY);
}

/** 'YYYY-MM-DD' of a day number. */
export function dayToIso(days: number): string {
  const { year, month, day } = civilFromDays(days);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Months since January 1970 of a day number (for monthly cohorts). */
export function monthIndex(days: number): number {
  const { year, month } = civilFromDays(days);
  return (year - 1970) * 12 + (month - 1);
}

/** 'YYYY-MM' of a month index. */
export function monthIndexToIso(index: number): string {
  const year = 1970 + Math.floor(index / 12);
  const month = index - (year - 1970) * 12 + 1;
  return `${year}-${String(month).padStart(2, '0')}`;
}

/** Time units of the probabilistic models: t_x, T and the horizon are measured in these. */
export type TimeUnit = 'day' | 'week';

/** Days in one time unit. */
export function daysPerUnit(unit: TimeUnit): number {
  return unit === 'week' ? 7 : 1;
}
