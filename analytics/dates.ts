/**
 * Calendar arithmetic on UTC day numbers (days since 1970-01-01), without reading the clock.
 * Every analytics function works on whole UTC days; callers that care about a local business day
 * should shift timestamps before passing them in.
 */

/**
 * A point in time: a Date, epoch milliseconds, or an ISO 8601 string: 'YYYY-MM-DD' (UTC midnight)
 * or 'YYYY-MM-DDTHH:mm[:ss[.fff]]' with an optional zone (Z or ±HH:mm; without one the time is
 * read as UTC). Strings are never read in the machine's time zone.
 */
export type TimeInput = Date | number | string;

export const MS_PER_DAY = 86_400_000;
/** Average Gregorian month, used to turn day or week time units into months. */
export const DAYS_PER_MONTH = 365.25 / 12;

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/;
const MONTHS = 'January February March April May June July August September October November December'.split(' ');

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

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Day number of a calendar date; throws a RangeError naming the problem if there is no such day. */
function checkedDay(text: string, year: number, month: number, day: number): number {
  if (month < 1 || month > 12)
    throw new RangeError(`${JSON.stringify(text)} is not a real date: there is no month ${month}`);
  if (day < 1 || day > daysInMonth(year, month))
    throw new RangeError(
      `${JSON.stringify(text)} is not a real date: ${MONTHS[month - 1]} ${year} has ${daysInMonth(year, month)} days`,
    );
  return daysFromCivil(year, month, day);
}

function checkTime(text: string, hour: number, minute: number, second: number): void {
  if (hour > 23 || minute > 59 || second > 59)
    throw new RangeError(`${JSON.stringify(text)} is not a real time of day`);
}

/** Epoch milliseconds of a time input; throws a RangeError on a string that is not an ISO 8601 date or time. */
export function toEpochMs(input: TimeInput): number {
  if (typeof input === 'number') return input;
  if (typeof input !== 'string') return input.getTime();
  const d = ISO_DAY.exec(input);
  if (d) return checkedDay(input, +d[1], +d[2], +d[3]) * MS_PER_DAY;
  const m = ISO_TIME.exec(input);
  if (!m) throw new RangeError(`not an ISO 8601 date: ${JSON.stringify(input)}`);
  const [, , , , h, mi, s = '0', frac = '', zone] = m;
  checkTime(input, +h, +mi, +s);
  let offsetMinutes = 0;
  if (zone && zone !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const oh = +digits.slice(0, 2);
    const om = +digits.slice(2);
    if (oh > 14 || om > 59) throw new RangeError(`${JSON.stringify(input)} has an impossible time zone offset`);
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const ms = +frac.padEnd(3, '0').slice(0, 3);
  return checkedDay(input, +m[1], +m[2], +m[3]) * MS_PER_DAY + ((+h * 60 + +mi - offsetMinutes) * 60 + +s) * 1000 + ms;
}

/** UTC day number of a time input. */
export function toDay(input: TimeInput): number {
  if (typeof input === 'string') {
    const m = ISO_DAY.exec(input);
    if (m) return checkedDay(input, +m[1], +m[2], +m[3]);
  }
  return Math.floor(toEpochMs(input) / MS_PER_DAY);
}

const FORMAT_TOKENS = ['YYYY', 'MM', 'DD', 'HH', 'mm', 'ss'] as const;
const TOKEN_PATTERN: Record<(typeof FORMAT_TOKENS)[number], string> = {
  YYYY: '(\\d{4})',
  MM: '(\\d{1,2})',
  DD: '(\\d{1,2})',
  HH: '(\\d{1,2})',
  mm: '(\\d{2})',
  ss: '(\\d{2})',
};

/**
 * A parser of calendar days written in `format`, e.g. 'MM/DD/YYYY', 'DD.MM.YYYY' or
 * 'YYYY-MM-DD HH:mm[:ss]': tokens YYYY, MM and DD (month and day may have one digit), HH, mm and
 * ss; [ ] marks an optional part; other characters (and the letter T) are literal. A time of day
 * is checked and then dropped: the day is the calendar day as written, never shifted by a time
 * zone. Without a format, ISO 8601 as in toDay. The parser throws a RangeError saying what is
 * wrong with a text.
 */
export function dayParser(format?: string): (text: string) => number {
  if (format === undefined) return (text) => toDay(text);
  let pattern = '';
  const order: string[] = [];
  let depth = 0;
  for (let i = 0; i < format.length; ) {
    const token = FORMAT_TOKENS.find((t) => format.startsWith(t, i));
    if (token) {
      if (order.includes(token)) throw new RangeError(`date format ${format} has ${token} twice`);
      order.push(token);
      pattern += TOKEN_PATTERN[token];
      i += token.length;
      continue;
    }
    const ch = format[i++];
    if (ch === '[') {
      pattern += '(?:';
      depth++;
    } else if (ch === ']') {
      if (depth-- === 0) throw new RangeError(`date format ${format} has an unmatched ]`);
      pattern += ')?';
    } else if (/[A-Za-z]/.test(ch) && ch !== 'T')
      throw new RangeError(
        `date format ${format}: unknown token at "${format.slice(i - 1)}" (use YYYY, MM, DD, HH, mm, ss)`,
      );
    else pattern += ch.replace(/[.*+?^${}()|\\/-]/g, '\\$&');
  }
  if (depth !== 0) throw new RangeError(`date format ${format} has an unclosed [`);
  for (const required of ['YYYY', 'MM', 'DD'])
    if (!order.includes(required)) throw new RangeError(`date format ${format} needs ${required}`);
  const re = new RegExp(`^${pattern}$`);
  const at = (token: string) => order.indexOf(token) + 1;
  const [y, mo, d, h, mi, s] = FORMAT_TOKENS.map(at);
  return (text) => {
    const m = re.exec(text);
    if (!m) throw new RangeError(`${JSON.stringify(text)} does not match the date format ${format}`);
    const day = checkedDay(text, +m[y], +m[mo], +m[d]);
    if (h && m[h] !== undefined)
      checkTime(text, +m[h], mi && m[mi] !== undefined ? +m[mi] : 0, s && m[s] !== undefined ? +m[s] : 0);
    return day;
  };
}

/**
 * The texts dayToIso has made: a history has a few thousand distinct days and summaries ask for
 * two per customer, so each is built once (bounded, in case of a process that sees many more).
 */
const isoOfDay = new Map<number, string>();
const ISO_CACHE_SIZE = 100_000;

/** 'YYYY-MM-DD' of a day number. */
export function dayToIso(days: number): string {
  const known = isoOfDay.get(days);
  if (known !== undefined) return known;
  const { year, month, day } = civilFromDays(days);
  const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (isoOfDay.size < ISO_CACHE_SIZE) isoOfDay.set(days, text);
  return text;
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
